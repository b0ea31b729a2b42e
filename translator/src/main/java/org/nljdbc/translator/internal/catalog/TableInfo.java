package org.nljdbc.translator.internal.catalog;

import java.util.List;
import java.util.Optional;

/**
 * One table or view.
 *
 * @param schema       schema (or catalog, for MySQL-style databases) it lives in; null when the database has none
 * @param type         {@code TABLE} or {@code VIEW}
 * @param importedKeys foreign keys declared on this table
 * @param rowCount     approximate row count, or -1 when unknown
 * @param readsTables  for a view, the tables and views its definition reads, each {@code schema.name} (or a bare
 *                     name where the database has no schemas); empty for a table
 * @param readsKnown   whether {@code readsTables} is known to be complete; always true for a table. A view whose
 *                     dependencies could not be read is hidden by any policy that lists tables.
 */
public record TableInfo(String schema, String name, String type, String remarks, List<ColumnInfo> columns,
                        List<String> primaryKey, List<ForeignKey> importedKeys, long rowCount,
                        List<String> readsTables, boolean readsKnown) {
    public TableInfo {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        importedKeys = List.copyOf(importedKeys);
        readsTables = List.copyOf(readsTables);
    }

    /** A table, or a view whose dependencies are unknown. */
    public TableInfo(String schema, String name, String type, String remarks, List<ColumnInfo> columns,
                     List<String> primaryKey, List<ForeignKey> importedKeys, long rowCount) {
        this(schema, name, type, remarks, columns, primaryKey, importedKeys, rowCount, List.of(),
                !"VIEW".equals(type));
    }

    public Optional<ColumnInfo> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }

    public boolean isView() {
        return "VIEW".equals(type);
    }

    /** The same table with other columns (samples, masks), everything else kept. */
    public TableInfo withColumns(List<ColumnInfo> newColumns) {
        return new TableInfo(schema, name, type, remarks, newColumns, primaryKey, importedKeys, rowCount, readsTables,
                readsKnown);
    }

    /** The same table with other foreign keys, everything else kept. */
    public TableInfo withImportedKeys(List<ForeignKey> keys) {
        return new TableInfo(schema, name, type, remarks, columns, primaryKey, keys, rowCount, readsTables,
                readsKnown);
    }

    /** Mutable collector used while reading metadata. */
    static final class Builder {
        final String schema;
        final String name;
        final String type;
        final String remarks;
        final List<ColumnInfo> columns = new java.util.ArrayList<>();
        final List<String> primaryKey = new java.util.ArrayList<>();
        final List<ForeignKey> importedKeys = new java.util.ArrayList<>();
        long rowCount = -1;
        List<String> readsTables = new java.util.ArrayList<>();
        boolean readsKnown;

        Builder(String schema, String name, String type, String remarks) {
            this.schema = schema;
            this.name = name;
            this.type = type;
            this.remarks = remarks;
            this.readsKnown = !"VIEW".equals(type);
        }

        TableInfo build() {
            return new TableInfo(schema, name, type, remarks, columns, primaryKey, importedKeys, rowCount,
                    readsTables, readsKnown);
        }
    }
}
