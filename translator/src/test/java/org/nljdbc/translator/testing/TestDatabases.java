package org.nljdbc.translator.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Real databases for tests. Each {@link #fresh} call makes an isolated namespace (a PostgreSQL schema, a MariaDB
 * database, an H2 in-memory database, a SQLite file) and drops it on close, so tests can share servers.
 *
 * <p>Where each server comes from, first that works: {@code NLJDBC_PG_URL} / {@code NLJDBC_MARIADB_URL} when set;
 * a Testcontainers container when a Docker engine answers (one per JVM, {@code NLJDBC_TESTCONTAINERS=false} turns
 * this off); the local server (PostgreSQL 127.0.0.1:5432 database {@code test}, MariaDB 127.0.0.1:3306 root);
 * for PostgreSQL only, an embedded PostgreSQL started once per JVM. When none answers the test is skipped with a
 * one-line reason, unless the target is named in {@code NLJDBC_REQUIRE_DATABASES} (e.g. {@code postgresql,mariadb},
 * set by {@code .ci/run} once it has seen the servers up): then the test fails, so CI cannot pass with a database
 * untested. A required PostgreSQL must be a real server, not the embedded fallback.
 */
public final class TestDatabases {
    public enum Target { H2, SQLITE, POSTGRESQL, MARIADB }

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Map<Target, String> SERVER_URL = new ConcurrentHashMap<>();
    private static final Map<Target, String> UNAVAILABLE = new ConcurrentHashMap<>();
    private static volatile EmbeddedPostgres embedded;

    private TestDatabases() {
    }

    /** An isolated, empty namespace on {@code target}; skips the calling test if the server cannot be had. */
    public static TestDb fresh(Target target, String purpose) {
        String name = ("nl_" + purpose + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet())
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try {
            return switch (target) {
                case H2 -> new TestDb(target, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", () -> {
                    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + name);
                         Statement s = c.createStatement()) {
                        s.execute("SHUTDOWN");
                    }
                });
                case SQLITE -> {
                    Path file = Files.createTempFile(name, ".db");
                    yield new TestDb(target, "jdbc:sqlite:" + file, () -> {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException e) {
                            // A leftover temp file is harmless.
                        }
                    });
                }
                case POSTGRESQL -> {
                    String base = server(Target.POSTGRESQL);
                    exec(base, "CREATE SCHEMA " + name);
                    String sep = base.contains("?") ? "&" : "?";
                    yield new TestDb(target, base + sep + "currentSchema=" + name,
                            () -> exec(base, "DROP SCHEMA IF EXISTS " + name + " CASCADE"));
                }
                case MARIADB -> {
                    String base = server(Target.MARIADB);
                    exec(base, "CREATE DATABASE " + name);
                    String url = base.replaceFirst("/test(\\?|$)", "/" + name + "$1");
                    yield new TestDb(target, url, () -> exec(base, "DROP DATABASE IF EXISTS " + name));
                }
            };
        } catch (SQLException | IOException e) {
            unavailable(target, target + " is not usable here: " + e.getMessage());
            throw new AssertionError(e);
        }
    }

    /** The server URL for a target, or aborts the test with the reason it is not available. */
    public static String server(Target target) {
        String known = SERVER_URL.get(target);
        if (known != null) {
            return known;
        }
        String why = UNAVAILABLE.get(target);
        if (why != null) {
            unavailable(target, why);
        }
        synchronized (TestDatabases.class) {
            known = SERVER_URL.get(target);
            if (known != null) {
                return known;
            }
            String envName = target == Target.MARIADB ? "NLJDBC_MARIADB_URL" : "NLJDBC_PG_URL";
            String configured = System.getenv(envName);
            String url;
            if (configured != null && !configured.isBlank()) {
                url = firstWorking(target, configured);
            } else {
                url = ContainerDatabases.url(target);
                if (url == null) {
                    url = firstWorking(target, switch (target) {
                        case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
                        case MARIADB -> "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=&sslMode=disable";
                        default -> throw new IllegalArgumentException(target + " has no server");
                    });
                }
            }
            if (url == null && target == Target.POSTGRESQL && !required(target)) {
                url = embeddedPostgres();
            }
            if (url == null) {
                String reason = target + " is not reachable (no Docker engine for Testcontainers; start the local server, "
                        + "see .ci/run, or set " + envName + "): " + LAST_ERROR.get(target);
                UNAVAILABLE.put(target, reason);
                unavailable(target, reason);
            }
            SERVER_URL.put(target, url);
            return url;
        }
    }

    /** Skips the calling test, or fails it when {@code NLJDBC_REQUIRE_DATABASES} names the target. */
    private static void unavailable(Target target, String reason) {
        if (required(target)) {
            throw new AssertionError("required by NLJDBC_REQUIRE_DATABASES but " + reason);
        }
        if (REPORTED.add(target)) {
            System.err.println("SKIP: " + reason);
        }
        Assumptions.abort(reason);
    }

    /** Whether {@code NLJDBC_REQUIRE_DATABASES} (comma-separated: postgresql, mariadb) names the target. */
    public static boolean required(Target target) {
        String list = System.getenv("NLJDBC_REQUIRE_DATABASES");
        if (list == null) {
            return false;
        }
        for (String name : list.split(",")) {
            if (name.trim().equalsIgnoreCase(target.name())) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.Set<Target> REPORTED = ConcurrentHashMap.newKeySet();

    private static String embeddedPostgres() {
        try {
            if (embedded == null) {
                embedded = EmbeddedPostgres.builder().start();
                System.err.println("PostgreSQL at 127.0.0.1:5432 not reachable; using an embedded PostgreSQL");
            }
            return embedded.getJdbcUrl("postgres", "postgres");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static final Map<Target, String> LAST_ERROR = new ConcurrentHashMap<>();

    static String firstWorking(Target target, String url) {
        try (Connection c = DriverManager.getConnection(url)) {
            return url;
        } catch (SQLException e) {
            LAST_ERROR.put(target, e.getMessage());
            return null;
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static void exec(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Path of the shared benchmark data, or aborts the test with a clear message. */
    public static Path sharedData() {
        String prop = System.getProperty("nljdbc.shared.data");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "shared", "data");
        if (!Files.isDirectory(p.resolve("spider"))) {
            p = Path.of("..", "..", "shared", "data");
        }
        Assumptions.assumeTrue(Files.isDirectory(p.resolve("spider")),
                "Spider data not found at " + p.toAbsolutePath() + " (set -Dnljdbc.shared.data)");
        return p;
    }

    /** An isolated database; {@link #close()} drops it. */
    public record TestDb(Target target, String url, Cleanup cleanup) implements AutoCloseable {
        public Connection open() throws SQLException {
            return DriverManager.getConnection(url);
        }

        /** The same database through nljdbc: {@code jdbc:nl:...}. */
        public String nlUrl() {
            return "jdbc:nl:" + url.substring("jdbc:".length());
        }

        public void exec(String... sql) throws SQLException {
            try (Connection c = open(); Statement s = c.createStatement()) {
                for (String q : sql) {
                    s.execute(q);
                }
            }
        }

        @Override
        public void close() {
            try {
                cleanup.run();
            } catch (SQLException e) {
                System.err.println("cleanup of " + target + " test database failed: " + e.getMessage());
            }
        }
    }

    @FunctionalInterface
    public interface Cleanup {
        void run() throws SQLException;
    }
}
