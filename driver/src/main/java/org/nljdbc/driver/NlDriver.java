package org.nljdbc.driver;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * The nljdbc {@link Driver}: accepts {@code jdbc:nl:<rest>}, opens {@code jdbc:<rest>} with whichever driver
 * accepts it, and wraps the connection so that NL statements are answered and everything else passes through.
 * Registered with {@link DriverManager} when the class loads (and through {@code META-INF/services}).
 */
public final class NlDriver implements Driver {
    static final String NAME = "nljdbc";
    static final String VERSION = readVersion();
    static final int MAJOR = part(VERSION, 0);
    static final int MINOR = part(VERSION, 1);

    static {
        try {
            DriverManager.registerDriver(new NlDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return NlUrl.accepts(url);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        // Calcite's and the guard's first use costs seconds of class loading: start it on another core now, beside
        // the delegate's connect and the runtime's setup, rather than at the end of them.
        org.nljdbc.translator.internal.dialect.DialectPipeline.warmUpInBackground();
        NlUrl parsed = NlUrl.parse(url);
        NlConfig config = NlConfig.from(parsed, info);
        Driver delegateDriver = findDelegate(parsed.delegateUrl());
        Connection delegate = delegateDriver.connect(parsed.delegateUrl(), config.delegateProperties());
        if (delegate == null) {
            throw new SQLException("the driver for " + NlUrl.redact(parsed.delegateUrl())
                    + " did not accept the URL", "08001");
        }
        try {
            String user = config.delegateProperties().getProperty("user", "");
            NlRuntime runtime = NlRuntime.get(config, parsed.delegateUrl(), user);
            // The catalog is read on a connection of its own, so sampling never runs inside the caller's
            // transaction; a private in-memory database exists only on the caller's connection.
            // Catalog reads share one small pool per database and user (CatalogPools); the read-only side connection
            // for questions asked inside the caller's transaction stays this connection's own.
            NlConnection.CatalogSource catalogs = isPrivateInMemory(parsed.delegateUrl()) ? null
                    : () -> CatalogPools.open(delegateDriver, parsed.delegateUrl(), config.delegateProperties());
            NlConnection.CatalogSource readOnly = isPrivateInMemory(parsed.delegateUrl()) ? null
                    : () -> openDelegate(delegateDriver, parsed.delegateUrl(), config.delegateProperties());
            return new NlConnection(delegate, runtime, NlUrl.redact(url), null, catalogs, readOnly, null, false);
        } catch (SQLException | RuntimeException e) {
            delegate.close();
            throw e;
        }
    }

    private static Connection openDelegate(Driver driver, String url, Properties props) throws SQLException {
        Connection c = driver.connect(url, props);
        if (c == null) {
            throw new SQLException("the driver for " + NlUrl.redact(url) + " did not accept the URL", "08001");
        }
        return c;
    }

    /** SQLite's {@code :memory:} (and unnamed H2 {@code mem:}) databases are private to one connection. */
    static boolean isPrivateInMemory(String delegateUrl) {
        String u = delegateUrl.toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("jdbc:sqlite::memory:") || u.equals("jdbc:sqlite:") || u.startsWith("jdbc:sqlite:file::memory:")
                || u.matches("jdbc:h2:mem:(;.*)?");
    }

    /** The driver that accepts {@code delegateUrl}, never this one. */
    static Driver findDelegate(String delegateUrl) throws SQLException {
        Enumeration<Driver> drivers = DriverManager.getDrivers();
        while (drivers.hasMoreElements()) {
            Driver d = drivers.nextElement();
            if (!(d instanceof NlDriver) && acceptsQuietly(d, delegateUrl)) {
                return d;
            }
        }
        // Drivers loadable from our own class loader but not visible to DriverManager's caller check
        // (BI tools load driver jars in class loaders of their own).
        for (Driver d : ServiceLoader.load(Driver.class, NlDriver.class.getClassLoader())) {
            if (!(d instanceof NlDriver) && acceptsQuietly(d, delegateUrl)) {
                return d;
            }
        }
        throw new SQLException("no JDBC driver found for " + NlUrl.redact(delegateUrl)
                + "; put the database's JDBC driver on the classpath next to nljdbc", "08001");
    }

    private static boolean acceptsQuietly(Driver d, String url) {
        try {
            return d.acceptsURL(url);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Properties given = new Properties();
        List<DriverPropertyInfo> out = new ArrayList<>();
        String delegateUrl = null;
        if (acceptsURL(url)) {
            NlUrl parsed = NlUrl.parse(url);
            delegateUrl = parsed.delegateUrl();
            given.putAll(parsed.settings());
        }
        Properties delegateProps = new Properties();
        if (info != null) {
            for (String n : info.stringPropertyNames()) {
                (NlProperty.isOurs(n) ? given : delegateProps).setProperty(n, info.getProperty(n));
            }
        }
        for (NlProperty p : NlProperty.values()) {
            out.add(p.toDriverPropertyInfo(given));
        }
        if (delegateUrl != null) {
            try {
                Driver d = findDelegate(delegateUrl);
                DriverPropertyInfo[] theirs = d.getPropertyInfo(delegateUrl, delegateProps);
                if (theirs != null) {
                    out.addAll(List.of(theirs));
                }
            } catch (SQLException e) {
                // No delegate driver yet: ours alone are still worth showing.
            }
        }
        return out.toArray(new DriverPropertyInfo[0]);
    }

    @Override
    public int getMajorVersion() {
        return MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return MINOR;
    }

    /** Not JDBC compliant in the spec's sense: it runs whatever SQL the delegate supports. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("nljdbc logs through SLF4J");
    }

    private static String readVersion() {
        try (InputStream in = NlDriver.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "0.0.0";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "0.0.0");
            return v.startsWith("${") ? "0.0.0" : v;
        } catch (IOException e) {
            return "0.0.0";
        }
    }

    private static int part(String version, int index) {
        String[] parts = version.split("[.-]");
        try {
            return index < parts.length ? Integer.parseInt(parts[index]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
