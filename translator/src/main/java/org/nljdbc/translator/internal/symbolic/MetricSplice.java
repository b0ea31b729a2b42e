package org.nljdbc.translator.internal.symbolic;

import static org.nljdbc.translator.internal.symbolic.SemanticsReader.key;
import static org.nljdbc.translator.internal.symbolic.SemanticsReader.outerColumns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import org.nljdbc.translator.internal.knowledge.Semantics;
import org.nljdbc.translator.internal.symbolic.SemanticsReader.Refused;

/**
 * The SQL surgery of {@link SemanticsReader}: a composed query's {@code COUNT(*)} replaced by a metric's expression,
 * and named filters' conditions added to its WHERE, every definition's columns qualified by the query's aliases.
 */
final class MetricSplice {
    private MetricSplice() {
    }

    /**
     * The rendered query with the metric's expression where its count stood (labelled with the metric's name) and
     * the filters' conditions added to its WHERE, their table names replaced by the query's aliases.
     */
    static String splice(String sql, Semantics.Metric metric, String label, int counts,
                         List<Semantics.Filter> filters) throws Refused {
        PlainSelect select;
        try {
            select = (PlainSelect) org.nljdbc.guard.SqlParsing.parse(sql);
        } catch (JSQLParserException | RuntimeException e) {
            throw new Refused("the LLM-free translator could not combine its query with the semantics file", null);
        }
        Map<String, String> alias = new HashMap<>();
        addAlias(select.getFromItem(), alias);
        if (select.getJoins() != null) {
            for (Join j : select.getJoins()) {
                addAlias(j.getFromItem(), alias);
            }
        }
        if (metric != null) {
            int replaced = 0;
            for (SelectItem<?> item : select.getSelectItems()) {
                if (isCount(item.getExpression())) {
                    setExpression(item, qualified(metric.sql(), metric.tables(), alias, false));
                    item.setAlias(new Alias(label, true));
                    replaced++;
                }
            }
            if (select.getOrderByElements() != null) {
                for (OrderByElement o : select.getOrderByElements()) {
                    if (isCount(o.getExpression())) {
                        o.setExpression(qualified(metric.sql(), metric.tables(), alias, false));
                        replaced++;
                    }
                }
            }
            if (select.getHaving() != null) {
                int[] n = {0};
                select.setHaving(replaceCount(select.getHaving(), metric, alias, n));
                replaced += n[0];
            }
            if (replaced != counts) {
                throw new Refused("the LLM-free translator could not put the metric \"" + metric.name()
                        + "\" where its measure stood", metric.name());
            }
        }
        for (Semantics.Filter f : filters) {
            Expression condition = new ParenthesedExpressionList<>(qualified(f.sql(), f.tables(), alias, true));
            select.setWhere(select.getWhere() == null ? condition : new AndExpression(select.getWhere(), condition));
        }
        return select.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setExpression(SelectItem item, Expression e) {
        item.setExpression(e);
    }

    private static Expression replaceCount(Expression e, Semantics.Metric metric, Map<String, String> alias, int[] n)
            throws Refused {
        if (isCount(e)) {
            n[0]++;
            return qualified(metric.sql(), metric.tables(), alias, false);
        }
        if (e instanceof BinaryExpression b) {
            b.setLeftExpression(replaceCount(b.getLeftExpression(), metric, alias, n));
            b.setRightExpression(replaceCount(b.getRightExpression(), metric, alias, n));
        }
        return e;
    }

    private static boolean isCount(Expression e) {
        return e instanceof net.sf.jsqlparser.expression.Function f
                && f.toString().replace(" ", "").equalsIgnoreCase("COUNT(*)");
    }

    private static void addAlias(FromItem item, Map<String, String> alias) {
        if (item instanceof Table t) {
            alias.put(key(t.getName()), t.getAlias() != null ? t.getAlias().getName() : t.getName());
        }
    }

    /**
     * A definition parsed afresh, each column outside its subqueries qualified by the query's name for its table (a
     * bare column by the definition's only table).
     */
    private static Expression qualified(String sql, List<String> tables, Map<String, String> alias,
                                        boolean condition) throws Refused {
        Expression e;
        try {
            e = condition ? CCJSqlParserUtil.parseCondExpression(sql) : CCJSqlParserUtil.parseExpression(sql);
        } catch (JSQLParserException ex) {
            throw new Refused("a definition of the semantics file is not SQL", null);
        }
        List<String> missing = new ArrayList<>();
        outerColumns(e, c -> {
            String table = c.getTable() == null || c.getTable().getName() == null
                    ? (tables.size() == 1 ? tables.get(0) : null) : c.getTable().getName();
            String name = table == null ? null : alias.get(key(table));
            if (name == null) {
                missing.add(c.getFullyQualifiedName());
            } else {
                c.setTable(new Table(name));
            }
        });
        if (!missing.isEmpty()) {
            throw new Refused("a definition of the semantics file names a column of a table the query does not read",
                    null);
        }
        return e;
    }
}
