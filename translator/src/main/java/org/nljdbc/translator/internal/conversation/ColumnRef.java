package org.nljdbc.translator.internal.conversation;

import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * A column an edit refers to: its qualifier and name as written in SQL (each already quoted where needed), and its
 * catalog description.
 */
record ColumnRef(String qualifier, String name, TableInfo table, ColumnInfo column) {
    /** How the column is written, e.g. {@code t1.country}: for comparing with the previous query's text. */
    String sql() {
        return qualifier == null ? name : qualifier + "." + name;
    }

    /** A new syntax-tree node for the column: edits build nodes, never SQL text to parse. */
    Column node() {
        return new Column(qualifier == null ? null : new Table(qualifier), name);
    }
}
