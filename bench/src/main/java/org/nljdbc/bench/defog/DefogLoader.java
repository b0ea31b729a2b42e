package org.nljdbc.bench.defog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads a defog dump into its own PostgreSQL database, once: the database's comment records the dump's SHA-256, and
 * a database whose comment matches is reused as it is. The dumps are plain SQL (CREATE SCHEMA / TABLE and INSERT, no
 * {@code COPY ... FROM stdin}), which pgjdbc runs as one multi-statement script.
 */
public final class DefogLoader {
    private static final String MARK = "nljdbc defog dump sha256:";

    private DefogLoader() {
    }

    /**
     * The loaded database's JDBC URL (on the server of {@code serverUrl}), with {@code currentSchema} set to the
     * dump's own schema when it puts its tables in one (ewallet's {@code consumer_div}).
     */
    public static String load(Path dump, String serverUrl, String database) throws IOException, SQLException {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        String script = Files.readString(dump, StandardCharsets.UTF_8);
        String mark = MARK + sha256(script);
        try (Connection admin = DriverManager.getConnection(serverUrl)) {
            if (!mark.equals(comment(admin, database))) {
                try (Statement s = admin.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + database);
                    s.execute("CREATE DATABASE " + database);
                }
                try (Connection c = DriverManager.getConnection(databaseUrl(serverUrl, database));
                     Statement s = c.createStatement()) {
                    s.execute(script);
                }
                // Marked only once loaded: a half-loaded database is never taken for a loaded one.
                try (Statement s = admin.createStatement()) {
                    s.execute("COMMENT ON DATABASE " + database + " IS '" + mark + "'");
                }
            }
        }
        String url = databaseUrl(serverUrl, database);
        try (Connection c = DriverManager.getConnection(url)) {
            List<String> schemas = tableSchemas(c);
            if (schemas.size() == 1 && !schemas.get(0).equals("public")) {
                url += (url.contains("?") ? "&" : "?") + "currentSchema=" + schemas.get(0);
            }
        }
        return url;
    }

    /** {@code serverUrl} with its database replaced by {@code database}. */
    static String databaseUrl(String serverUrl, String database) {
        return serverUrl.replaceFirst("^(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + database);
    }

    private static String comment(Connection admin, String database) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<String> tableSchemas(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_schema NOT IN "
                        + "('pg_catalog', 'information_schema') ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
