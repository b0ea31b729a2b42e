package org.nljdbc.bench.spider;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * The tables and columns a gold query uses, read from its syntax tree (JSqlParser), in lower case.
 *
 * <p>Spider's gold SQL writes string literals in double quotes ({@code name = "Rose"}), which a SQL parser reads as a
 * column; and it orders by select aliases. So a name counts as a column only if the database has a column of that
 * name ({@code knownColumns}); everything else the parser calls a column is a literal or an alias.
 */
public record GoldReferences(Set<String> tables, Set<String> columns) {

    public static GoldReferences of(String goldSql, Set<String> knownColumns) throws JSQLParserException {
        Statement statement = CCJSqlParserUtil.parse(goldSql, p -> p.withTimeOut(10_000));
        Set<String> columns = new TreeSet<>();
        TablesNamesFinder<Void> finder = new TablesNamesFinder<>() {
            @Override
            public <S> Void visit(Column column, S context) {
                String name = unquote(column.getColumnName()).toLowerCase(Locale.ROOT);
                if (knownColumns.contains(name)) {
                    columns.add(name);
                }
                return super.visit(column, context);
            }
        };
        Set<String> tables = new TreeSet<>();
        for (String t : finder.getTables(statement)) {
            String name = unquote(t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t);
            tables.add(name.toLowerCase(Locale.ROOT));
        }
        return new GoldReferences(Set.copyOf(tables), Set.copyOf(columns));
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"") || name.startsWith("`") && name.endsWith("`")
                || name.startsWith("[") && name.endsWith("]"))) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }
}
