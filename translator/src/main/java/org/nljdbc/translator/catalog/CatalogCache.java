package org.nljdbc.translator.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Catalogs shared by every connection to the same delegate URL as the same user: read once, kept for a
 * time-to-live, and dropped by {@link #invalidate} when DDL passes through the driver. Concurrent callers
 * asking for the same missing catalog wait for one read. The key (which may hold a URL with credentials)
 * is never logged or shown.
 */
public final class CatalogCache {
    /** Reads a catalog; usually {@code () -> CatalogReader.read(connection)}. */
    @FunctionalInterface
    public interface Loader {
        Catalog load() throws SQLException;
    }

    private record Key(String url, String user) {
        @Override
        public String toString() {
            return "CatalogCache.Key[redacted]";
        }
    }

    private static final class LoadFailure extends RuntimeException {
        LoadFailure(SQLException cause) {
            super(cause);
        }
    }

    private final Cache<Key, Catalog> cache;

    /** @param ttl how long a catalog is reused before it is read again */
    public CatalogCache(Duration ttl, long maxEntries) {
        this(ttl, maxEntries, Ticker.systemTicker());
    }

    CatalogCache(Duration ttl, long maxEntries, Ticker ticker) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).ticker(ticker).build();
    }

    /** The cached catalog for {@code url} and {@code user}, or the one {@code loader} reads (and caches). */
    public Catalog get(String url, String user, Loader loader) throws SQLException {
        try {
            return cache.get(new Key(url, user == null ? "" : user), k -> {
                try {
                    return loader.load();
                } catch (SQLException e) {
                    throw new LoadFailure(e);
                }
            });
        } catch (LoadFailure e) {
            throw (SQLException) e.getCause();
        }
    }

    /** Forgets the catalog of one URL and user, e.g. after DDL ran on that connection. */
    public void invalidate(String url, String user) {
        cache.invalidate(new Key(url, user == null ? "" : user));
    }

    /** Forgets every catalog of {@code url}, whoever read it: DDL changes the database for all users. */
    public void invalidate(String url) {
        cache.asMap().keySet().removeIf(k -> k.url().equals(url));
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }
}
