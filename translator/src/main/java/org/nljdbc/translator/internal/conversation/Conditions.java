package org.nljdbc.translator.internal.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import org.nljdbc.guard.SqlLiterals;

/** Helpers over WHERE and HAVING conditions that every edit shares: split, drop, add and build comparisons. */
final class Conditions {
    private Conditions() {
    }

    /** {@code where} without conditions on {@code column}, and {@code cond} added. */
    static Expression replaceOrAdd(Expression where, Expression cond, String column) {
        Expression kept = removeConditionsOn(where, column);
        return kept == null ? cond : new AndExpression(parenthesize(kept), cond);
    }

    /** Drops top-level AND conjuncts that compare {@code column} (or the same measure) with a literal. */
    static Expression removeConditionsOn(Expression where, String column) {
        if (where == null) {
            return null;
        }
        List<Expression> conjuncts = new ArrayList<>();
        splitAnd(where, conjuncts);
        List<Expression> kept = conjuncts.stream().filter(c -> !comparesColumn(c, column)).toList();
        if (kept.size() == conjuncts.size()) {
            return where;
        }
        Expression out = null;
        for (Expression c : kept) {
            out = out == null ? c : new AndExpression(out, c);
        }
        return out;
    }

    static void splitAnd(Expression e, List<Expression> out) {
        if (e instanceof AndExpression a) {
            splitAnd(a.getLeftExpression(), out);
            splitAnd(a.getRightExpression(), out);
        } else if (e instanceof Parenthesis p && p.getExpression() instanceof AndExpression) {
            splitAnd(p.getExpression(), out);
        } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1
                && p.get(0) instanceof AndExpression a) {
            splitAnd(a, out);
        } else {
            out.add(e);
        }
    }

    /** The left side of a comparison, {@code BETWEEN} or {@code IN}; null for any other condition. */
    static Expression comparedSide(Expression e) {
        return e instanceof ComparisonOperator c ? c.getLeftExpression()
                : e instanceof Between b ? b.getLeftExpression()
                : e instanceof InExpression in ? in.getLeftExpression() : null;
    }

    static boolean comparesColumn(Expression e, String column) {
        Expression left = comparedSide(e);
        if (left == null) {
            return false;
        }
        return left.toString().equalsIgnoreCase(column) || unqualified(left).equalsIgnoreCase(unqualified(column));
    }

    static String unqualified(Object e) {
        String s = e.toString();
        return s.contains(".") && !s.contains("(") ? s.substring(s.lastIndexOf('.') + 1) : s;
    }

    static void walkConditions(Expression e, Consumer<Expression> visit) {
        if (e == null) {
            return;
        }
        if (e instanceof AndExpression a) {
            walkConditions(a.getLeftExpression(), visit);
            walkConditions(a.getRightExpression(), visit);
        } else if (e instanceof OrExpression o) {
            walkConditions(o.getLeftExpression(), visit);
            walkConditions(o.getRightExpression(), visit);
        } else if (e instanceof Parenthesis p) {
            walkConditions(p.getExpression(), visit);
        } else if (e instanceof ParenthesedExpressionList<?> p) {
            p.forEach(x -> walkConditions(x, visit));
        } else {
            visit.accept(e);
        }
    }

    static Expression parenthesize(Expression e) {
        return e instanceof OrExpression ? new ParenthesedExpressionList<>(e) : e;
    }

    /** {@code left op right} as a node; {@code op} is one of the refiner's own operators. */
    static ComparisonOperator compare(Expression left, String op, Expression right) {
        ComparisonOperator c = switch (op) {
            case ">" -> new GreaterThan();
            case ">=" -> new GreaterThanEquals();
            case "<" -> new MinorThan();
            case "<=" -> new MinorThanEquals();
            case "=" -> new EqualsTo();
            default -> throw new IllegalArgumentException("not a comparison operator: " + op);
        };
        c.setLeftExpression(left);
        c.setRightExpression(right);
        return c;
    }

    /** A number of the question as a numeric literal node; {@link SqlLiterals} checks it is a plain numeral. */
    static Expression numberNode(String numeral) {
        String checked = SqlLiterals.number(numeral);
        return numeral.contains(".") || numeral.contains("e") || numeral.contains("E")
                ? new DoubleValue(checked) : new LongValue(numeral);
    }
}
