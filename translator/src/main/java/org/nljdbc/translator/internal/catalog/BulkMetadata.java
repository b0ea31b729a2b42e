package org.nljdbc.translator.internal.catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Columns, primary keys and foreign keys of every table of a schema in a few round trips instead of three per table:
 * {@code getColumns(catalog, schema, "%", "%")} once per schema on every database; keys in two queries per schema on
 * PostgreSQL (primary keys from {@code pg_index}, foreign keys from {@code pg_constraint}) and from
 * {@code information_schema.KEY_COLUMN_USAGE} on MariaDB/MySQL (whose driver requires a table name). Elsewhere, and
 * whenever a bulk call fails, the keys (and, on SQLite, the columns) are read per table, as before.
 */
final class BulkMetadata {
    private static final Logger LOG = LoggerFactory.getLogger(BulkMetadata.class);

    private BulkMetadata() {
    }

    static void read(Connection connection, DatabaseMetaData md, CatalogReader.Product kind,
                     Map<String, TableInfo.Builder> tables) throws SQLException {
        CatalogReader.Names names = new CatalogReader.Names();
        if (kind == CatalogReader.Product.SQLITE || kind == CatalogReader.Product.OTHER) {
            // SQLite is a local file (per-table pragmas are cheap); an unknown driver may not take "%" for tables.
            for (TableInfo.Builder b : tables.values()) {
                CatalogReader.readPerTable(md, kind, b, names);
            }
            return;
        }
        Set<String> schemas = new LinkedHashSet<>();
        tables.values().forEach(b -> schemas.add(b.schema));
        boolean mysql = kind == CatalogReader.Product.MYSQL;
        for (String schema : schemas) {
            try (ResultSet rs = md.getColumns(mysql ? schema : null, mysql ? null : schema, "%", "%")) {
                while (rs.next()) {
                    TableInfo.Builder b = tables.get(CatalogReader.key(
                            mysql ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME")));
                    if (b != null) {
                        b.columns.add(CatalogReader.column(rs, names));
                    }
                }
            }
        }
        boolean keysRead;
        try {
            keysRead = switch (kind) {
                case POSTGRESQL -> readKeysThroughMetadata(md, tables, schemas);
                case MYSQL -> readKeysFromInformationSchema(connection, tables, schemas);
                default -> false;
            };
        } catch (SQLException e) {
            LOG.debug("keys not readable in bulk, reading them per table: {}", e.getMessage());
            tables.values().forEach(b -> {
                b.primaryKey.clear();
                b.importedKeys.clear();
            });
            keysRead = false;
        }
        if (!keysRead) {
            for (TableInfo.Builder b : tables.values()) {
                if (!b.type.equals("VIEW")) {
                    CatalogReader.readKeys(md, kind, b);
                }
            }
        }
    }

    /**
     * The rows pgjdbc's {@code getImportedKeys(null, schema, null)} gives (foreign-key schema and table, referenced
     * table, key name, position, column, referenced column), straight from {@code pg_constraint}: pgjdbc's query
     * took a second for 2,000 keys, this one a tenth of that.
     */
    private static final String FK_SQL = "SELECT n.nspname, c.relname, rc.relname, k.conname, u.ord, fa.attname, "
            + "ra.attname FROM pg_constraint k "
            + "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "JOIN pg_class rc ON rc.oid = k.confrelid "
            + "CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS u(fk, pk, ord) "
            + "JOIN pg_attribute fa ON fa.attrelid = k.conrelid AND fa.attnum = u.fk "
            + "JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.pk "
            + "WHERE k.contype = 'f' AND n.nspname = ? ORDER BY rc.relname, k.conname, u.ord";

    private static boolean readKeysThroughMetadata(DatabaseMetaData md, Map<String, TableInfo.Builder> tables,
                                                   Set<String> schemas) throws SQLException {
        Map<String, Map<Short, String>> pks = new LinkedHashMap<>();
        Map<String, CatalogReader.ForeignKeyRows> fks = new LinkedHashMap<>();
        // pgjdbc's getPrimaryKeys goes through information_schema (~0.4 ms a table); pg_index answers at once.
        String pkSql = "SELECT n.nspname, c.relname, a.attname, k.ord FROM pg_index i "
                + "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
                + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
                + "WHERE i.indisprimary AND n.nspname = ?";
        for (String schema : schemas) {
            try (PreparedStatement ps = md.getConnection().prepareStatement(pkSql)) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pks.computeIfAbsent(CatalogReader.key(rs.getString(1), rs.getString(2)),
                                k -> new TreeMap<>()).put(rs.getShort(4), rs.getString(3));
                    }
                }
            }
            try (PreparedStatement ps = md.getConnection().prepareStatement(FK_SQL)) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fks.computeIfAbsent(CatalogReader.key(rs.getString(1), rs.getString(2)),
                                k -> new CatalogReader.ForeignKeyRows()).add(rs.getString(3), rs.getString(4),
                                rs.getShort(5), rs.getString(6), rs.getString(7));
                    }
                }
            }
        }
        fill(tables, pks, fks);
        return true;
    }

    private static boolean readKeysFromInformationSchema(Connection c, Map<String, TableInfo.Builder> tables,
                                                         Set<String> schemas) throws SQLException {
        Map<String, Map<Short, String>> pks = new LinkedHashMap<>();
        Map<String, CatalogReader.ForeignKeyRows> fks = new LinkedHashMap<>();
        String sql = "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, "
                + "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                + "WHERE TABLE_SCHEMA = ? AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL) "
                + "ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String schema : schemas) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = CatalogReader.key(rs.getString(1), rs.getString(2));
                        short seq = rs.getShort(5);
                        String referenced = rs.getString(6);
                        if (referenced == null) {
                            pks.computeIfAbsent(key, k -> new TreeMap<>()).put(seq, rs.getString(4));
                        } else {
                            fks.computeIfAbsent(key, k -> new CatalogReader.ForeignKeyRows())
                                    .add(referenced, rs.getString(3), seq, rs.getString(4), rs.getString(7));
                        }
                    }
                }
            }
        }
        fill(tables, pks, fks);
        return true;
    }

    private static void fill(Map<String, TableInfo.Builder> tables, Map<String, Map<Short, String>> pks,
                             Map<String, CatalogReader.ForeignKeyRows> fks) {
        for (Map.Entry<String, TableInfo.Builder> e : tables.entrySet()) {
            TableInfo.Builder b = e.getValue();
            if (b.type.equals("VIEW")) {
                continue;
            }
            Map<Short, String> pk = pks.get(e.getKey());
            if (pk != null) {
                b.primaryKey.addAll(pk.values());
            }
            CatalogReader.ForeignKeyRows fk = fks.get(e.getKey());
            if (fk != null) {
                b.importedKeys.addAll(fk.build(b.name));
            }
        }
    }
}
