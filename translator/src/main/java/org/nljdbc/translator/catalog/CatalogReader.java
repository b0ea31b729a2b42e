package org.nljdbc.translator.catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a {@link Catalog} through {@code DatabaseMetaData}: tables and views of the user's schemas,
 * columns, primary keys and foreign keys. System schemas are skipped.
 */
public final class CatalogReader {
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "pg_toast",
            "mysql", "performance_schema", "sys");

    private CatalogReader() {
    }

    public static Catalog read(Connection connection) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String product = md.getDatabaseProductName();
        String catalogName = connection.getCatalog();
        boolean mysqlLike = product.toLowerCase(Locale.ROOT).contains("mysql")
                || product.toLowerCase(Locale.ROOT).contains("mariadb");
        String schemaPattern = mysqlLike ? null : currentSchema(connection);

        Map<String, TableInfo.Builder> tables = new LinkedHashMap<>();
        try (ResultSet rs = md.getTables(mysqlLike ? catalogName : null, schemaPattern, "%",
                new String[] {"TABLE", "VIEW", "BASE TABLE"})) {
            while (rs.next()) {
                String schema = mysqlLike ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
                if (schema != null && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                String name = rs.getString("TABLE_NAME");
                if (name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                    continue;
                }
                String type = rs.getString("TABLE_TYPE");
                tables.putIfAbsent(key(schema, name), new TableInfo.Builder(schema, name,
                        type != null && type.toUpperCase(Locale.ROOT).contains("VIEW") ? "VIEW" : "TABLE",
                        rs.getString("REMARKS")));
            }
        }
        Map<String, String> nameByKey = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        tables.forEach((k, b) -> nameByKey.put(k, b.name));
        for (TableInfo.Builder b : tables.values()) {
            String cat = mysqlLike ? b.schema : null;
            String sch = mysqlLike ? null : b.schema;
            try (ResultSet rs = md.getColumns(cat, sch, b.name, "%")) {
                while (rs.next()) {
                    b.columns.add(new ColumnInfo(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"),
                            rs.getInt("DATA_TYPE"), rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
                            rs.getString("REMARKS"), List.of()));
                }
            }
            try (ResultSet rs = md.getPrimaryKeys(cat, sch, b.name)) {
                Map<Short, String> pk = new TreeMap<>();
                while (rs.next()) {
                    pk.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                }
                b.primaryKey.addAll(pk.values());
            }
            try (ResultSet rs = md.getImportedKeys(cat, sch, b.name)) {
                Map<String, List<String[]>> byFk = new LinkedHashMap<>();
                while (rs.next()) {
                    String pkTable = rs.getString("PKTABLE_NAME");
                    String fkName = rs.getString("FK_NAME");
                    String group = (fkName == null ? "" : fkName) + "->" + pkTable;
                    byFk.computeIfAbsent(group, g -> new ArrayList<>()).add(new String[] {
                            pkTable, rs.getString("FKCOLUMN_NAME"), rs.getString("PKCOLUMN_NAME"), fkName});
                }
                for (List<String[]> cols : byFk.values()) {
                    b.importedKeys.add(new ForeignKey(cols.get(0)[3], b.name,
                            cols.stream().map(c -> c[1]).toList(), cols.get(0)[0],
                            cols.stream().map(c -> c[2]).toList()));
                }
            }
        }
        return new Catalog(product, md.getDatabaseProductVersion(),
                tables.values().stream().map(TableInfo.Builder::build).toList());
    }

    private static String currentSchema(Connection c) {
        try {
            return c.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null;
        }
    }

    private static String key(String schema, String name) {
        return (schema == null ? "" : schema + ".") + name;
    }
}
