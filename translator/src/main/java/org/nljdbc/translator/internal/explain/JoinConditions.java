package org.nljdbc.translator.internal.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;

/**
 * Whether a comma join ({@code FROM a, b WHERE ...}) is tied to the tables before it by its {@code WHERE}: a top-level
 * conjunct comparing a column of the joined item with a column of an earlier one. A conjunct under {@code OR} does not
 * count (it does not restrict every row pair), and an unqualified column counts as belonging to any item, so the
 * check errs towards "linked" rather than a false alarm.
 */
final class JoinConditions {
    private JoinConditions() {
    }

    static boolean linked(Expression where, FromItem joined, List<FromItem> earlier) {
        for (Expression conjunct : conjuncts(where)) {
            if (conjunct instanceof ComparisonOperator cmp
                    && cmp.getLeftExpression() instanceof Column left && cmp.getRightExpression() instanceof Column right
                    && (refersTo(left, List.of(joined)) && refersTo(right, earlier)
                        || refersTo(right, List.of(joined)) && refersTo(left, earlier))) {
                return true;
            }
        }
        return false;
    }

    private static List<Expression> conjuncts(Expression where) {
        List<Expression> out = new ArrayList<>();
        collect(where, out);
        return out;
    }

    private static void collect(Expression e, List<Expression> out) {
        if (e instanceof AndExpression and) {
            collect(and.getLeftExpression(), out);
            collect(and.getRightExpression(), out);
        } else if (e instanceof Parenthesis p) {
            collect(p.getExpression(), out);
        } else if (e != null) {
            out.add(e);
        }
    }

    private static boolean refersTo(Column column, List<FromItem> items) {
        Table qualifier = column.getTable();
        if (qualifier == null || qualifier.getName() == null) {
            return true;
        }
        String q = bare(qualifier.getName());
        for (FromItem item : items) {
            if (item.getAlias() != null && bare(item.getAlias().getName()).equals(q)
                    || item.getAlias() == null && item instanceof Table t && bare(t.getName()).equals(q)) {
                return true;
            }
        }
        return false;
    }

    private static String bare(String name) {
        String n = name.length() > 1 && (name.charAt(0) == '"' || name.charAt(0) == '`' || name.charAt(0) == '[')
                ? name.substring(1, name.length() - 1) : name;
        return n.toLowerCase(Locale.ROOT);
    }
}
