package org.nljdbc.translator.catalog;

import java.util.List;
import java.util.Optional;

/**
 * One table or view.
 *
 * @param schema      schema (or catalog, for MySQL-style databases) it lives in; null when the database has none
 * @param type        {@code TABLE} or {@code VIEW}
 * @param importedKeys foreign keys declared on this table
 * @param rowCount    approximate row count, or -1 when unknown
 */
public record TableInfo(String schema, String name, String type, String remarks, List<ColumnInfo> columns,
                        List<String> primaryKey, List<ForeignKey> importedKeys, long rowCount) {
    public TableInfo {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        importedKeys = List.copyOf(importedKeys);
    }

    public Optional<ColumnInfo> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
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

        Builder(String schema, String name, String type, String remarks) {
            this.schema = schema;
            this.name = name;
            this.type = type;
            this.remarks = remarks;
        }

        TableInfo build() {
            return new TableInfo(schema, name, type, remarks, columns, primaryKey, importedKeys, rowCount);
        }
    }
}
