package org.nljdbc.translator.internal.conversation;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.nljdbc.guard.Dialect;

/** The tables a query reads, for the report of an edited follow-up. */
public final class QueryTables {
    private QueryTables() {
    }

    /** Table names as written in {@code sql}, read without any dialect's lexical rules; empty when it does not parse. */
    public static List<String> of(String sql) {
        try {
            return new ArrayList<>(TablesNamesFinder.findTables(sql));
        } catch (JSQLParserException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Table names as written in {@code sql}, read with {@code dialect}'s lexical rules as the guard reads it (a MariaDB
     * literal {@code 'x\'union select ...'} is one literal there, a UNION to the default reading); empty when it does
     * not parse.
     */
    public static List<String> of(String sql, Dialect dialect) {
        try {
            return new ArrayList<>(new TablesNamesFinder<>().getTables(
                    org.nljdbc.guard.SqlParsing.parse(sql, p -> QueryRefiner.lexicalSettings(p, dialect))));
        } catch (JSQLParserException | RuntimeException e) {
            return List.of();
        }
    }
}
