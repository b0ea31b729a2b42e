package org.nljdbc.translator.internal.catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cheap check of whether a schema changed since a catalog was read: one query whose answer changes with any DDL
 * that changes what the catalog holds, so that a saved catalog can be reused without reading it again.
 *
 * <ul>
 *   <li>PostgreSQL: row counts and the sum of {@code xmin} over the schemas' rows of {@code pg_class} (tables, views,
 *       renames, privileges), {@code pg_attribute} (columns, types, nullability), {@code pg_constraint} (keys),
 *       {@code pg_description} (comments) and {@code pg_rewrite} (view definitions): every DDL writes a new row
 *       version there, so its {@code xmin} changes. Also changes on VACUUM/ANALYZE of a table (row counts): a
 *       needless re-read, never a stale catalog.</li>
 *   <li>MariaDB/MySQL: counts and a CRC32 sum over {@code information_schema.TABLES} (name, type, comment, creation
 *       time) and {@code COLUMNS} (name, type, nullability, comment, position) and {@code KEY_COLUMN_USAGE}. Not
 *       {@code UPDATE_TIME}, which every write to the data changes.</li>
 *   <li>SQLite: {@code PRAGMA schema_version}, which every schema change increments.</li>
 *   <li>Anything else: the number of tables and of columns ({@code DatabaseMetaData}); it misses a change that keeps
 *       both counts (a renamed column, a changed type), so there a snapshot also ages out.</li>
 * </ul>
 * Row counts and sampled values are data, not schema: no fingerprint follows them.
 */
final class SchemaFingerprint {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaFingerprint.class);

    private SchemaFingerprint() {
    }

    /** The fingerprint of {@code schemas} (empty: the connection's current one), or null when it cannot be read. */
    public static String of(Connection connection, List<String> schemas) {
        try {
            DatabaseMetaData md = connection.getMetaData();
            CatalogReader.Product kind = CatalogReader.Product.of(md.getDatabaseProductName());
            String product = kind.name().toLowerCase(Locale.ROOT) + ":";
            return switch (kind) {
                case POSTGRESQL -> product + postgres(connection, schemas);
                case MYSQL -> product + mysql(connection, schemas);
                // schema_version counts changes from zero, so a file made again with another schema can repeat it:
                // the schema's own text, hashed, cannot.
                case SQLITE -> product + org.nljdbc.translator.internal.Digests.sha256Hex(single(connection, "SELECT coalesce(group_concat(type || ':' || name "
                        + "|| ':' || coalesce(sql, ''), char(10)), '') FROM (SELECT type, name, sql FROM sqlite_master "
                        + "ORDER BY type, name)"));
                default -> product + counts(connection, md, schemas);
            };
        } catch (SQLException | RuntimeException e) {
            LOG.debug("schema fingerprint unavailable: {}", e.getMessage());
            return null;
        }
    }

    /**
     * Whether {@code fingerprint} follows every schema change (PostgreSQL, MariaDB/MySQL, SQLite), rather than only
     * the number of tables and columns: a weak one is trusted only for as long as the catalog TTL.
     */
    public static boolean isStrong(String fingerprint) {
        return fingerprint != null && (fingerprint.startsWith("postgresql:") || fingerprint.startsWith("mysql:")
                || fingerprint.startsWith("sqlite:"));
    }

    private static String postgres(Connection c, List<String> schemas) throws SQLException {
        String in = schemas.isEmpty() ? "ARRAY[current_schema()]::text[]" : "?::text[]";
        String x = "coalesce(sum(%s.xmin::text::bigint), 0)";
        String sql = "WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = ANY(" + in + ")), "
                + "rel AS (SELECT c.oid, c.xmin FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM ns)) "
                + "SELECT (SELECT count(*) || '/' || " + x.formatted("rel") + " FROM rel) || ':' "
                + "|| (SELECT count(*) || '/' || " + x.formatted("a") + " FROM pg_attribute a "
                + "WHERE a.attrelid IN (SELECT oid FROM rel)) || ':' "
                + "|| (SELECT count(*) || '/' || " + x.formatted("k") + " FROM pg_constraint k "
                + "WHERE k.connamespace IN (SELECT oid FROM ns)) || ':' "
                + "|| (SELECT count(*) || '/' || " + x.formatted("d") + " FROM pg_description d "
                + "WHERE d.objoid IN (SELECT oid FROM rel)) || ':' "
                + "|| (SELECT count(*) || '/' || " + x.formatted("r") + " FROM pg_rewrite r "
                + "WHERE r.ev_class IN (SELECT oid FROM rel))";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (!schemas.isEmpty()) {
                ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String mysql(Connection c, List<String> schemas) throws SQLException {
        String where = schemas.isEmpty() ? "= DATABASE()" : "IN (" + "?,".repeat(schemas.size() - 1) + "?)";
        String sql = "SELECT CONCAT((SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(CRC32(CONCAT_WS('|', TABLE_NAME, "
                + "TABLE_TYPE, TABLE_COMMENT, CREATE_TIME))), 0)) FROM information_schema.TABLES WHERE TABLE_SCHEMA "
                + where + "), ':', (SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(CRC32(CONCAT_WS('|', TABLE_NAME, "
                + "COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_COMMENT, ORDINAL_POSITION))), 0)) "
                + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA " + where + "), ':', "
                + "(SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(CRC32(CONCAT_WS('|', TABLE_NAME, CONSTRAINT_NAME, "
                + "COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME))), 0)) "
                + "FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA " + where + "))";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (int round = 0; round < 3; round++) {
                for (String s : schemas) {
                    ps.setString(i++, s);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String counts(Connection c, DatabaseMetaData md, List<String> schemas) throws SQLException {
        List<String> wanted = schemas.isEmpty() ? java.util.Collections.singletonList(c.getSchema()) : schemas;
        long tables = 0;
        long columns = 0;
        for (String schema : wanted) {
            try (ResultSet rs = md.getTables(null, schema, "%", null)) {
                while (rs.next()) {
                    tables++;
                }
            }
            try (ResultSet rs = md.getColumns(null, schema, "%", "%")) {
                while (rs.next()) {
                    columns++;
                }
            }
        }
        return tables + "/" + columns;
    }
}
