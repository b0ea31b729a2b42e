package org.nljdbc.guard;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The tables the caller can see, as data: the guard uses it to expand {@code *} (for masking)
 * and to know which tables carry the tenant column. Lookups are case-insensitive.
 */
public final class VisibleSchema {
    private final Map<String, List<String>> columnsByTable;

    private VisibleSchema(Map<String, List<String>> columnsByTable) {
        this.columnsByTable = columnsByTable;
    }

    /** @param columnsByTable table name (optionally schema-qualified) to its column names, in order */
    public static VisibleSchema of(Map<String, List<String>> columnsByTable) {
        Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        columnsByTable.forEach((t, cols) -> m.put(t, List.copyOf(cols)));
        return new VisibleSchema(m);
    }

    public static VisibleSchema empty() {
        return new VisibleSchema(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
    }

    /** Columns of a table, looked up by its bare or schema-qualified name. */
    public Optional<List<String>> columns(String table) {
        List<String> cols = columnsByTable.get(table);
        if (cols == null) {
            int dot = table.lastIndexOf('.');
            if (dot >= 0) {
                cols = columnsByTable.get(table.substring(dot + 1));
            }
        }
        if (cols == null) {
            for (Map.Entry<String, List<String>> e : columnsByTable.entrySet()) {
                String k = e.getKey();
                int dot = k.lastIndexOf('.');
                if (dot >= 0 && k.substring(dot + 1).toLowerCase(Locale.ROOT).equals(table.toLowerCase(Locale.ROOT))) {
                    cols = e.getValue();
                    break;
                }
            }
        }
        return Optional.ofNullable(cols);
    }

    public Map<String, List<String>> asMap() {
        return java.util.Collections.unmodifiableMap(columnsByTable);
    }
}
