package org.nljdbc.bench.loader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Copies one Spider SQLite database into PostgreSQL or MariaDB, so that the same questions can be asked of the same
 * data on another engine.
 *
 * <p>Each Spider database becomes one PostgreSQL schema or one MariaDB database named {@link #containerName}
 * ({@code spider_<db_id>}, lower case), holding every table with its columns, its data, its primary key and its
 * foreign keys. Column types follow the declared SQLite types (see the mapping notes on {@link LoadReport#notes()}
 * for columns whose data did not fit and were loaded as text). Foreign keys are declared without checking the
 * existing rows (PostgreSQL {@code NOT VALID}, MariaDB with {@code foreign_key_checks=0}) because Spider's data has
 * dangling references, and the point is to describe the schema as Spider does; a key the server refuses (e.g. one
 * that references a non-unique column) is left out and reported in the notes.
 *
 * <p>Loading is idempotent: when the container already holds exactly the same tables with the same row counts it is
 * reused untouched; otherwise it is dropped and loaded again.
 *
 * <pre>{@code
 * String url = SpiderLoader.load(Path.of(".../concert_singer/concert_singer.sqlite"),
 *         "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
 * // jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=spider_concert_singer
 * }</pre>
 */
public final class SpiderLoader {
    private static final int BATCH = 500;

    /**
     * What a load did.
     *
     * @param jdbcUrl   URL of the loaded copy (same server and credentials as the target URL)
     * @param dbId      the Spider db_id (the SQLite file's name without extension)
     * @param container the schema (PostgreSQL) or database (MariaDB) that holds the copy
     * @param reused    true when an identical copy was already there and nothing was written
     * @param rowCounts rows per table as in SQLite (table names as in SQLite)
     * @param notes     type fallbacks and keys the server refused, one sentence each
     */
    public record LoadReport(String jdbcUrl, String dbId, String container, boolean reused, Map<String, Long> rowCounts,
                             List<String> notes) {
        public LoadReport {
            rowCounts = Map.copyOf(rowCounts);
            notes = List.copyOf(notes);
        }
    }

    private SpiderLoader() {
    }

    /**
     * Loads {@code sqliteFile} into the server of {@code targetJdbcUrl} (any database on it that the user can connect
     * to, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres} or
     * {@code jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable}) and returns the JDBC URL of the loaded copy.
     */
    public static String load(Path sqliteFile, String targetJdbcUrl) throws SQLException {
        return loadWithReport(sqliteFile, targetJdbcUrl).jdbcUrl();
    }

    /** As {@link #load}, with what was done. */
    public static LoadReport loadWithReport(Path sqliteFile, String targetJdbcUrl) throws SQLException {
        if (!Files.isRegularFile(sqliteFile)) {
            throw new SQLException("no SQLite database at " + sqliteFile);
        }
        TargetKind kind = TargetKind.of(targetJdbcUrl);
        String dbId = dbIdOf(sqliteFile);
        String container = containerName(dbId);
        String url = kind.urlOf(targetJdbcUrl, container);
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile.toAbsolutePath());
             Connection target = DriverManager.getConnection(targetJdbcUrl)) {
            List<SqliteTable> tables = SqliteTable.readAll(sqlite);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (SqliteTable t : tables) {
                counts.put(t.name(), (long) t.rows().size());
            }
            if (sameCounts(kind, target, container, counts)) {
                return new LoadReport(url, dbId, container, true, counts, List.of());
            }
            List<String> notes = new ArrayList<>();
            recreate(kind, target, container);
            try (Connection copy = DriverManager.getConnection(url)) {
                copy.setAutoCommit(false);
                for (SqliteTable t : tables) {
                    createAndFill(kind, copy, t, notes);
                }
                copy.commit();
                copy.setAutoCommit(true);
                for (SqliteTable t : tables) {
                    addPrimaryKey(kind, copy, t, notes);
                }
                for (SqliteTable t : tables) {
                    addForeignKeys(kind, copy, t, notes);
                }
            }
            return new LoadReport(url, dbId, container, false, counts, notes);
        }
    }

    /** Drops the copy of {@code dbId} from the server of {@code targetJdbcUrl}, if there is one. */
    public static void drop(String dbId, String targetJdbcUrl) throws SQLException {
        TargetKind kind = TargetKind.of(targetJdbcUrl);
        try (Connection c = DriverManager.getConnection(targetJdbcUrl); Statement s = c.createStatement()) {
            s.execute(dropSql(kind, containerName(dbId)));
        }
    }

    /** {@code spider_<db_id>} in lower case: the PostgreSQL schema or MariaDB database of a loaded copy. */
    public static String containerName(String dbId) {
        return "spider_" + dbId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    static String dbIdOf(Path sqliteFile) {
        String f = sqliteFile.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    private static String dropSql(TargetKind kind, String container) {
        return kind == TargetKind.POSTGRESQL ? "DROP SCHEMA IF EXISTS " + kind.quote(container) + " CASCADE"
                : "DROP DATABASE IF EXISTS " + kind.quote(container);
    }

    private static void recreate(TargetKind kind, Connection target, String container) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute(dropSql(kind, container));
            s.execute(kind == TargetKind.POSTGRESQL ? "CREATE SCHEMA " + kind.quote(container)
                    // utf8mb4_bin: byte-wise comparison and ordering, as SQLite's default BINARY collation.
                    : "CREATE DATABASE " + kind.quote(container) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
    }

    private static boolean sameCounts(TargetKind kind, Connection target, String container, Map<String, Long> counts)
            throws SQLException {
        Map<String, String> present = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String catalog = kind == TargetKind.MARIADB ? container : null;
        String schema = kind == TargetKind.POSTGRESQL ? container : null;
        try (ResultSet rs = target.getMetaData().getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                present.put(rs.getString("TABLE_NAME"), rs.getString("TABLE_NAME"));
            }
        }
        if (present.size() != counts.size()) {
            return false;
        }
        try (Statement s = target.createStatement()) {
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                String actual = present.get(kind.name(e.getKey()));
                if (actual == null) {
                    return false;
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + kind.quote(container) + "."
                        + kind.quote(actual))) {
                    rs.next();
                    if (rs.getLong(1) != e.getValue()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static void createAndFill(TargetKind kind, Connection copy, SqliteTable t, List<String> notes)
            throws SQLException {
        List<ColumnTypeMapper.Mapped> mapped = new ArrayList<>();
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(kind.quote(kind.name(t.name()))).append(" (");
        for (int i = 0; i < t.columns().size(); i++) {
            SqliteTable.Column c = t.columns().get(i);
            final int col = i;
            List<Object> values = t.rows().stream().map(r -> r[col]).toList();
            ColumnTypeMapper.Mapped m = ColumnTypeMapper.map(kind, c.declaredType(), values);
            mapped.add(m);
            if (m.fallbackReason() != null) {
                notes.add(t.name() + "." + c.name() + ": loaded as text because the " + m.fallbackReason());
            }
            ddl.append(i == 0 ? "" : ", ").append(kind.quote(kind.name(c.name()))).append(' ').append(m.ddlType());
            if (c.notNull()) {
                ddl.append(" NOT NULL");
            }
        }
        ddl.append(')');
        if (kind == TargetKind.MARIADB) {
            ddl.append(" ENGINE=InnoDB");
        }
        try (Statement s = copy.createStatement()) {
            s.execute(ddl.toString());
        }
        if (t.rows().isEmpty()) {
            return;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(t.columns().size(), "?"));
        try (PreparedStatement ps = copy.prepareStatement("INSERT INTO " + kind.quote(kind.name(t.name()))
                + " VALUES (" + marks + ")")) {
            int pending = 0;
            for (Object[] row : t.rows()) {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, mapped.get(i).convert().apply(row[i]));
                }
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private static void addPrimaryKey(TargetKind kind, Connection copy, SqliteTable t, List<String> notes) {
        if (t.primaryKey().isEmpty()) {
            return;
        }
        String cols = String.join(", ", t.primaryKey().stream().map(c -> kind.quote(kind.name(c))).toList());
        String sql = "ALTER TABLE " + kind.quote(kind.name(t.name())) + " ADD PRIMARY KEY (" + cols + ")";
        try (Statement s = copy.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            notes.add(t.name() + ": primary key (" + String.join(", ", t.primaryKey()) + ") left out: "
                    + firstLine(e.getMessage()));
        }
    }

    private static void addForeignKeys(TargetKind kind, Connection copy, SqliteTable t, List<String> notes)
            throws SQLException {
        try (Statement s = copy.createStatement()) {
            if (kind == TargetKind.MARIADB) {
                s.execute("SET foreign_key_checks = 0");
            }
            int n = 0;
            for (SqliteTable.ForeignKey fk : t.foreignKeys()) {
                String name = kind.name(("fk_" + t.name() + "_" + (++n)).toLowerCase(Locale.ROOT));
                String sql = "ALTER TABLE " + kind.quote(kind.name(t.name())) + " ADD CONSTRAINT " + kind.quote(name)
                        + " FOREIGN KEY (" + String.join(", ", fk.from().stream().map(c -> kind.quote(kind.name(c))).toList())
                        + ") REFERENCES " + kind.quote(kind.name(fk.table())) + " ("
                        + String.join(", ", fk.to().stream().map(c -> kind.quote(kind.name(c))).toList()) + ")"
                        + (kind == TargetKind.POSTGRESQL ? " NOT VALID" : "");
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    notes.add(t.name() + ": foreign key (" + String.join(", ", fk.from()) + ") -> " + fk.table() + " ("
                            + String.join(", ", fk.to()) + ") left out: " + firstLine(e.getMessage()));
                }
            }
            if (kind == TargetKind.MARIADB) {
                s.execute("SET foreign_key_checks = 1");
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
