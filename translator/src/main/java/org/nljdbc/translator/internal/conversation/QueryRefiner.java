package org.nljdbc.translator.internal.conversation;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;

/**
 * Refines the previous turn's SQL as edits to its parsed AST: measure swap, top/bottom N and limits, sorting, an
 * added (or replaced) grouping dimension joined along foreign keys, a year filter added or moved to another year,
 * a comparison on a column or on the measure, and a value filter. Every word of the follow-up must be explained by
 * an edit; anything left over makes the refinement unclear, and the model is asked instead.
 */
final class QueryRefiner {
    sealed interface Outcome permits Refined, Unclear {
    }

    /** @param edits what was changed, each {@code kind: detail} */
    record Refined(String sql, List<String> edits) implements Outcome {
    }

    record Unclear(String why) implements Outcome {
    }

    static final Set<String> AGGREGATES = Set.of("SUM", "COUNT", "AVG", "MIN", "MAX");

    private QueryRefiner() {
    }

    static Outcome refine(String question, Turn previous, Catalog catalog, Dialect dialect) {
        PlainSelect select;
        try {
            // Read with the guard's lexical settings for the dialect (backslash escapes, # comments, [names]), so
            // that the literals of the previous query end where the database ends them.
            Statement st = org.nljdbc.guard.SqlParsing.parse(previous.baseSql(), p -> lexicalSettings(p, dialect));
            if (!(st instanceof PlainSelect ps) || (ps.getWithItemsList() != null && !ps.getWithItemsList().isEmpty())) {
                return new Unclear("the previous query is not a single SELECT that can be edited");
            }
            select = ps;
        } catch (JSQLParserException | RuntimeException e) {
            return new Unclear("the previous query could not be parsed for editing");
        }
        Refinement edit = new Refinement(question, select, catalog, dialect);
        if (edit.tables.isEmpty()) {
            return new Unclear("the previous query reads no table the catalog knows");
        }
        try {
            for (EditKind kind : EditKind.values()) {
                kind.apply(edit);
            }
        } catch (UnclearEditException e) {
            return new Unclear(e.getMessage());
        }
        String left = edit.leftover();
        if (edit.edits.isEmpty()) {
            return new Unclear("no edit of the previous query matched \"" + question.trim() + "\"");
        }
        if (!left.isEmpty()) {
            return new Unclear("\"" + left + "\" is not an edit of the previous query");
        }
        return new Refined(select.toString(), edit.edits);
    }

    /** The same lexical settings the guard parses this dialect with. */
    static void lexicalSettings(CCJSqlParser parser, Dialect dialect) {
        switch (dialect) {
            case MYSQL, MARIADB -> parser.withBackslashEscapeCharacter(true).withHashLineComments(true);
            case SNOWFLAKE -> parser.withBackslashEscapeCharacter(true);
            case SQLSERVER, SQLITE -> parser.withSquareBracketQuotation(true);
            default -> {
            }
        }
    }

    static boolean isAggregate(Expression e) {
        if (e instanceof Function f) {
            if (AGGREGATES.contains(upper(f.getName()))) {
                return true;
            }
            if (f.getParameters() != null) {
                for (Object p : f.getParameters()) {
                    if (p instanceof Expression x && isAggregate(x)) {
                        return true;
                    }
                }
            }
        }
        if (e instanceof net.sf.jsqlparser.expression.BinaryExpression b) {
            return isAggregate(b.getLeftExpression()) || isAggregate(b.getRightExpression());
        }
        if (e instanceof Parenthesis p) {
            return isAggregate(p.getExpression());
        }
        if (e instanceof ParenthesedExpressionList<?> p) {
            return p.stream().anyMatch(x -> isAggregate((Expression) x));
        }
        if (e instanceof net.sf.jsqlparser.expression.CastExpression c) {
            return isAggregate(c.getLeftExpression());
        }
        return false;
    }

    static boolean isText(ColumnInfo c) {
        return switch (c.jdbcType()) {
            case java.sql.Types.CHAR, java.sql.Types.VARCHAR, java.sql.Types.LONGVARCHAR, java.sql.Types.NCHAR,
                 java.sql.Types.NVARCHAR, java.sql.Types.LONGNVARCHAR, java.sql.Types.CLOB -> true;
            default -> c.typeName() != null && c.typeName().toLowerCase(Locale.ROOT).matches(".*(char|text|string).*");
        };
    }

    static boolean isTemporal(ColumnInfo c) {
        return switch (c.jdbcType()) {
            case java.sql.Types.DATE, java.sql.Types.TIMESTAMP, java.sql.Types.TIMESTAMP_WITH_TIMEZONE -> true;
            default -> c.typeName() != null && c.typeName().toLowerCase(Locale.ROOT).matches("date|datetime|timestamp.*");
        };
    }

    static String upper(String s) {
        return s == null ? "" : s.toUpperCase(Locale.ROOT);
    }
}