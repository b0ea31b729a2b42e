package org.nljdbc.driver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One small pool per delegate URL and connection properties (so per user) in the JVM, through which every catalog
 * read, schema check and background sampling of that database goes, however many NL connections are open: 60 user
 * connections need 60 server connections plus at most {@link #SIZE}. Idle connections close after 30 s; a pool not
 * used for 10 minutes is closed with its housekeeping thread.
 */
final class CatalogPools {
    /** At most this many catalog connections per database and user. */
    static final int SIZE = 2;

    private static final Cache<String, HikariDataSource> POOLS = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .removalListener((String k, HikariDataSource ds, RemovalCause cause) -> {
                if (ds != null) {
                    ds.close();
                }
            })
            .build();

    private CatalogPools() {
    }

    /** A pooled connection to {@code url} as {@code props} connect; closing it returns it to the pool. */
    static Connection open(Driver driver, String url, Properties props) throws SQLException {
        HikariDataSource ds = POOLS.get(key(url, props), k -> create(driver, url, props));
        return ds.getConnection();
    }

    private static HikariDataSource create(Driver driver, String url, Properties props) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("nljdbc-catalog");
        hc.setDataSource(new NlDataSource.DriverDataSource(driver, url, props));
        hc.setMaximumPoolSize(SIZE);
        hc.setMinimumIdle(0);
        hc.setIdleTimeout(Duration.ofSeconds(30).toMillis());
        hc.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }

    /** The pool's identity: URL and every property (the password included, so a changed password is a new pool). */
    private static String key(String url, Properties props) {
        return url + "\u0000" + new TreeMap<>(props);
    }

    /** Closes every pool (tests). */
    static void closeAll() {
        POOLS.invalidateAll();
        POOLS.cleanUp();
    }
}
