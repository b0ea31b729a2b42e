package org.nljdbc.translator.internal.catalog;

import java.util.List;

/** A foreign key: {@code fromTable(fromColumns)} references {@code toTable(toColumns)}; table names as in {@link TableInfo#name()}. */
public record ForeignKey(String name, String fromTable, List<String> fromColumns, String toTable, List<String> toColumns) {
    public ForeignKey {
        fromColumns = List.copyOf(fromColumns);
        toColumns = List.copyOf(toColumns);
    }
}
