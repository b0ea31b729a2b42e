package org.nljdbc.guard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tables and views the caller may read, with their names exactly as the database stores them. The guard
 * resolves every table reference of a query to one of these (by the dialect's rules) or refuses the query:
 * a table that is not here cannot be read, whatever schema or spelling names it.
 */
public final class VisibleSchema {
    /**
     * One visible table or view.
     *
     * @param schema  its schema (the database, on MySQL-style servers) as stored; null where the database has none
     * @param name    its name as stored
     * @param columns its column names as stored, in order
     */
    public record Table(String schema, String name, List<String> columns) {
        public Table {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a table needs a name");
            }
            columns = List.copyOf(columns);
        }

        /** {@code schema.name}, or the name alone. */
        public String qualifiedName() {
            return schema == null ? name : schema + "." + name;
        }
    }

    private static final VisibleSchema EMPTY = new VisibleSchema(List.of());

    private final List<Table> tables;
    /** Lower-cased name to the tables of that name (in any schema): the candidates of a reference. */
    private final Map<String, List<Table>> byFoldedName;

    private VisibleSchema(List<Table> tables) {
        this.tables = List.copyOf(tables);
        Map<String, List<Table>> m = new LinkedHashMap<>();
        for (Table t : this.tables) {
            m.computeIfAbsent(t.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(t);
        }
        this.byFoldedName = m;
    }

    public static VisibleSchema of(List<Table> tables) {
        return new VisibleSchema(tables);
    }

    /**
     * @param columnsByTable {@code name} or {@code schema.name} (split at the last dot) to its column names, in order
     */
    public static VisibleSchema of(Map<String, List<String>> columnsByTable) {
        List<Table> out = new ArrayList<>();
        columnsByTable.forEach((key, cols) -> {
            int dot = key.lastIndexOf('.');
            out.add(dot > 0 ? new Table(key.substring(0, dot), key.substring(dot + 1), cols) : new Table(null, key, cols));
        });
        return new VisibleSchema(out);
    }

    /** No visible table: every query that reads a table is refused. */
    public static VisibleSchema empty() {
        return EMPTY;
    }

    public List<Table> tables() {
        return tables;
    }

    /** Tables whose name equals {@code name} ignoring case: the superset from which a dialect's rules pick. */
    List<Table> candidates(String name) {
        List<Table> l = byFoldedName.get(name.toLowerCase(Locale.ROOT));
        return l == null ? List.of() : Collections.unmodifiableList(l);
    }

    /** Columns of a table, looked up by its bare or schema-qualified name, ignoring case. */
    public Optional<List<String>> columns(String table) {
        int dot = table.lastIndexOf('.');
        String name = dot >= 0 ? table.substring(dot + 1) : table;
        String schema = dot >= 0 ? table.substring(0, dot) : null;
        for (Table t : candidates(name)) {
            if (schema == null || schema.equalsIgnoreCase(t.schema())) {
                return Optional.of(t.columns());
            }
        }
        return Optional.empty();
    }
}
