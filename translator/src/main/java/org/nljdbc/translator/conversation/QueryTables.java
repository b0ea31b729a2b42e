package org.nljdbc.translator.conversation;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.util.TablesNamesFinder;

/** The tables a query reads, for the report of an edited follow-up. */
public final class QueryTables {
    private QueryTables() {
    }

    /** Table names as written in {@code sql}; empty when it does not parse. */
    public static List<String> of(String sql) {
        try {
            return new ArrayList<>(TablesNamesFinder.findTables(sql));
        } catch (JSQLParserException | RuntimeException e) {
            return List.of();
        }
    }
}
