package org.nljdbc.bench.loader;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One SQLite table as declared (PRAGMA table_info / foreign_key_list) with all its rows, read into memory. */
record SqliteTable(String name, List<Column> columns, List<String> primaryKey, List<ForeignKey> foreignKeys,
                   List<Object[]> rows) {

    record Column(String name, String declaredType, boolean notNull) {
    }

    /** {@code to} is filled with the referenced table's primary key when SQLite leaves it implicit. */
    record ForeignKey(List<String> from, String table, List<String> to) {
    }

    /** Spider databases are small (the largest dev database has about 1,300 rows), so rows are held in memory. */
    static List<SqliteTable> readAll(Connection sqlite) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = sqlite.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                     + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
        List<SqliteTable> partial = new ArrayList<>();
        for (String name : names) {
            partial.add(read(sqlite, name, primaryKeys));
        }
        List<SqliteTable> tables = new ArrayList<>();
        for (SqliteTable t : partial) {
            List<ForeignKey> fks = new ArrayList<>();
            for (ForeignKey fk : t.foreignKeys()) {
                boolean implicit = fk.to().stream().anyMatch(c -> c == null);
                List<String> pk = primaryKeys.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(fk.table()))
                        .map(Map.Entry::getValue).findFirst().orElse(List.of());
                // SQLite resolves the referenced table case-insensitively; MariaDB will not, so use the declared name.
                String table = names.stream().filter(n -> n.equalsIgnoreCase(fk.table())).findFirst().orElse(fk.table());
                fks.add(new ForeignKey(fk.from(), table, implicit ? pk : fk.to()));
            }
            tables.add(new SqliteTable(t.name(), t.columns(), t.primaryKey(), fks, t.rows()));
        }
        return tables;
    }

    private static SqliteTable read(Connection sqlite, String name, Map<String, List<String>> primaryKeys)
            throws SQLException {
        String q = '"' + name.replace("\"", "\"\"") + '"';
        List<Column> columns = new ArrayList<>();
        Map<Integer, String> pk = new java.util.TreeMap<>();
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + q + ")")) {
            while (rs.next()) {
                columns.add(new Column(rs.getString("name"), rs.getString("type"), rs.getInt("notnull") != 0));
                int pkPos = rs.getInt("pk");
                if (pkPos > 0) {
                    pk.put(pkPos, rs.getString("name"));
                }
            }
        }
        Map<Integer, ForeignKey> fks = new LinkedHashMap<>();
        try (Statement s = sqlite.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA foreign_key_list(" + q + ")")) {
            while (rs.next()) {
                int id = rs.getInt("id");
                ForeignKey prev = fks.get(id);
                List<String> from = new ArrayList<>(prev == null ? List.of() : prev.from());
                List<String> to = new ArrayList<>(prev == null ? List.of() : prev.to());
                from.add(rs.getString("from"));
                to.add(rs.getString("to"));
                fks.put(id, new ForeignKey(from, rs.getString("table"), to));
            }
        }
        List<Object[]> rows = new ArrayList<>();
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + q)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(row);
            }
        }
        List<String> primaryKey = List.copyOf(pk.values());
        primaryKeys.put(name, primaryKey);
        return new SqliteTable(name, List.copyOf(columns), primaryKey, new ArrayList<>(fks.values()), rows);
    }
}
