package org.nljdbc.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.nljdbc.guard.Dialect;

/**
 * A pooled {@link DataSource} for applications and reporting jobs: delegate connections are pooled with
 * HikariCP, each handed out wrapped as an {@link NlConnection} with a fresh conversation. The schema catalog is
 * read through a separate pool of at most two connections, so a user's statement never waits behind it. An NL
 * question asked inside a transaction runs on a read-only connection of a third pool, borrowed lazily and
 * returned with the user's connection.
 *
 * <p>Every checkout starts from the schema/catalog (and, on PostgreSQL, the session settings) the URL opens: a
 * borrower that ran plain SQL or changed the namespace has the session reset when it returns the connection
 * (a connection whose reset fails is evicted). Under {@code nl.passthrough=readonly}/{@code deny} pooled
 * sessions are declared read-only when the pool opens them.
 *
 * <pre>{@code
 * NlDataSource ds = new NlDataSource();
 * ds.setUrl("jdbc:nl:postgresql://db:5432/shop");
 * ds.setUser("report");
 * ds.setProperty("nl.llm.provider", "openai");
 * try (Connection c = ds.getConnection()) { ... }
 * }</pre>
 */
public final class NlDataSource implements DataSource, AutoCloseable {
    private String url;
    private final Properties properties = new Properties();
    private int maximumPoolSize = 10;
    private volatile Pools pools;
    private int loginTimeout;

    private record Pools(HikariDataSource users, HikariDataSource introspection, HikariDataSource readOnly,
                         NlRuntime runtime, String url, Dialect dialect) {
    }

    public void setUrl(String url) {
        requireNotStarted();
        this.url = url;
    }

    public String getUrl() {
        return url == null ? null : NlUrl.redact(url);
    }

    public void setUser(String user) {
        setProperty("user", user);
    }

    public void setPassword(String password) {
        setProperty("password", password);
    }

    /** Any {@code nl.*} setting or delegate driver property. */
    public void setProperty(String name, String value) {
        requireNotStarted();
        if (value == null) {
            properties.remove(name);
        } else {
            properties.setProperty(name, value);
        }
    }

    public void setMaximumPoolSize(int size) {
        requireNotStarted();
        this.maximumPoolSize = size;
    }

    private void requireNotStarted() {
        if (pools != null) {
            throw new IllegalStateException("the data source is in use; configure it before the first getConnection()");
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Pools p = start();
        Connection delegate = p.users().getConnection();
        try {
            return new NlConnection(delegate, p.runtime(), p.url(), null, p.introspection()::getConnection,
                    p.readOnly()::getConnection, (c, home) -> reset(p, c, home), true);
        } catch (SQLException | RuntimeException e) {
            delegate.close();
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool has one user; set it with setUser/setPassword");
    }

    private Pools start() throws SQLException {
        Pools p = pools;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (pools == null) {
                if (url == null) {
                    throw new SQLException("no URL: call setUrl(\"jdbc:nl:...\") first", "08001");
                }
                NlUrl parsed = NlUrl.parse(url);
                NlConfig config = NlConfig.from(parsed, properties);
                NlRuntime runtime = NlRuntime.get(config, parsed.delegateUrl(),
                        config.delegateProperties().getProperty("user", ""));
                Dialect dialect = Dialect.detect(parsed.delegateUrl());
                HikariConfig usersConfig = config(parsed.delegateUrl(), config.delegateProperties(), maximumPoolSize,
                        "nljdbc-users");
                if (runtime.passthrough != NlConfig.Passthrough.ALLOW) {
                    usersConfig.setReadOnly(true);
                    usersConfig.setConnectionInitSql(SessionReadOnly.sql(dialect));
                }
                HikariDataSource users = new HikariDataSource(usersConfig);
                HikariDataSource introspection;
                HikariDataSource readOnly;
                try {
                    introspection = pool(parsed.delegateUrl(), config.delegateProperties(), 2, "nljdbc-introspection");
                    HikariConfig roConfig = config(parsed.delegateUrl(), config.delegateProperties(), maximumPoolSize,
                            "nljdbc-readonly");
                    roConfig.setReadOnly(true);
                    roConfig.setAutoCommit(false);
                    readOnly = new HikariDataSource(roConfig);
                } catch (RuntimeException e) {
                    users.close();
                    throw e;
                }
                pools = new Pools(users, introspection, readOnly, runtime, NlUrl.redact(url), dialect);
            }
            return pools;
        }
    }

    /**
     * Puts a returning connection back into the state the URL opens (plain SQL may have moved it: SET search_path,
     * USE, SET SCHEMA, SET ROLE); one that cannot be reset is evicted rather than lent again.
     */
    private static void reset(Pools p, Connection c, String home) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback(); // inside a transaction the reset itself would be rolled back with it
                c.setAutoCommit(true);
            }
            switch (p.dialect()) {
                case POSTGRESQL -> {
                    try (java.sql.Statement s = c.createStatement()) {
                        s.execute("RESET ALL; RESET ROLE");
                    }
                }
                case MYSQL, MARIADB -> {
                    if (home != null) {
                        c.setCatalog(home);
                    }
                }
                case H2 -> {
                    if (home != null) {
                        c.setSchema(home);
                    }
                }
                default -> {
                    // Nothing known to reset.
                }
            }
        } catch (SQLException e) {
            p.users().evictConnection(c);
        }
    }

    private HikariDataSource pool(String delegateUrl, Properties delegateProps, int size, String name)
            throws SQLException {
        return new HikariDataSource(config(delegateUrl, delegateProps, size, name));
    }

    private HikariConfig config(String delegateUrl, Properties delegateProps, int size, String name)
            throws SQLException {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setDriverClassName(null);
        hc.setDataSource(new DriverDataSource(NlDriver.findDelegate(delegateUrl), delegateUrl, delegateProps));
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(0);
        hc.setInitializationFailTimeout(-1);
        if (loginTimeout > 0) {
            hc.setConnectionTimeout(loginTimeout * 1000L);
        }
        return hc;
    }

    /** Closes both pools. */
    @Override
    public synchronized void close() {
        Pools p = pools;
        if (p != null) {
            p.users().close();
            p.introspection().close();
            p.readOnly().close();
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Logging goes through SLF4J.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("nljdbc logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "NlDataSource[" + getUrl() + "]";
    }

    /** A delegate {@link java.sql.Driver} seen as a DataSource, so Hikari never needs its class name. */
    record DriverDataSource(java.sql.Driver driver, String url, Properties props) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            Connection c = driver.connect(url, props);
            if (c == null) {
                throw new SQLException("the driver did not accept " + NlUrl.redact(url), "08001");
            }
            return c;
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            Properties p = new Properties();
            p.putAll(props);
            p.setProperty("user", username);
            p.setProperty("password", password);
            return driver.connect(url, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }

        @Override
        public String toString() {
            return "DriverDataSource[" + NlUrl.redact(url) + "]";
        }
    }
}
