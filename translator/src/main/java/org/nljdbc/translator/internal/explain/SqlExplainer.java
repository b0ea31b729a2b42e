package org.nljdbc.translator.internal.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * Explains a query in plain English from its syntax tree (no model involved) and points out common
 * inefficiencies: {@code SELECT *}, unfiltered scans of large tables, joins without a condition, leading-wildcard
 * {@code LIKE}, functions wrapped around filtered columns, {@code OR} chains that could be {@code IN},
 * sorting without a limit.
 */
public final class SqlExplainer {
    /** Tables with at least this many rows are "large" for the scan and sort hints. */
    static final long LARGE_TABLE_ROWS = 100_000;

    private SqlExplainer() {
    }

    /**
     * @param summary     one paragraph saying what the query returns
     * @param issues      inefficiencies found, each a sentence
     * @param suggestions what to do about them, one per issue where there is something to do
     */
    public record Explanation(String summary, List<String> issues, List<String> suggestions) {
        public Explanation {
            issues = List.copyOf(issues);
            suggestions = List.copyOf(suggestions);
        }

        /** Everything as one text for a result cell. */
        public String asText() {
            StringBuilder sb = new StringBuilder(summary);
            if (!issues.isEmpty()) {
                sb.append("\nPossible inefficiencies:");
                issues.forEach(i -> sb.append("\n- ").append(i));
            }
            if (!suggestions.isEmpty()) {
                sb.append("\nSuggestions:");
                suggestions.forEach(s -> sb.append("\n- ").append(s));
            }
            return sb.toString();
        }
    }

    /** True when {@code text} parses as a single SQL query, so {@code NL EXPLAIN:} can explain it without a model. */
    public static boolean isQuery(String text) {
        if (SqlGuard.checkSize(text).isPresent()) {
            return false; // never parsed: too long or too deep for the guard, so too much to explain
        }
        try {
            return org.nljdbc.guard.SqlParsing.parse(text) instanceof Select;
        } catch (JSQLParserException | RuntimeException e) {
            return false;
        }
    }

    /** Explains {@code sql}; a text that does not parse gets a one-line explanation saying so. */
    public static Explanation explain(String sql, Catalog catalog) {
        java.util.Optional<org.nljdbc.guard.Verdict.Refused> tooBig = SqlGuard.checkSize(sql);
        if (tooBig.isPresent()) {
            return new Explanation("The statement is not explained: " + tooBig.get().message() + ".", List.of(),
                    List.of());
        }
        Statement st;
        try {
            st = org.nljdbc.guard.SqlParsing.parse(sql);
        } catch (JSQLParserException | RuntimeException e) {
            return new Explanation("The statement could not be parsed, so it cannot be explained.", List.of(), List.of());
        }
        if (!(st instanceof Select select)) {
            return new Explanation("This is not a query: it is a " + st.getClass().getSimpleName().toUpperCase(Locale.ROOT)
                    + " statement.", List.of(), List.of());
        }
        List<String> issues = new ArrayList<>();
        List<String> suggestions = new ArrayList<>();
        String summary = describe(select, catalog, issues, suggestions, true);
        return new Explanation(summary, issues, suggestions);
    }

    private static String describe(Select select, Catalog catalog, List<String> issues, List<String> suggestions,
                                   boolean outermost) {
        StringBuilder sb = new StringBuilder();
        if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
            sb.append("First it defines ").append(select.getWithItemsList().size())
                    .append(" named subquer").append(select.getWithItemsList().size() == 1 ? "y" : "ies").append(" (")
                    .append(String.join(", ", select.getWithItemsList().stream()
                            .map(w -> w.getAlias() == null ? "?" : w.getAlias().getName()).toList()))
                    .append("). ");
        }
        if (select instanceof SetOperationList set) {
            sb.append("It combines ").append(set.getSelects().size()).append(" queries with ")
                    .append(String.join(", ", set.getOperations().stream().map(o -> o.toString().toUpperCase(Locale.ROOT))
                            .distinct().toList()))
                    .append(". ");
            for (Select part : set.getSelects()) {
                describe(part, catalog, issues, suggestions, false);
            }
        } else if (select instanceof ParenthesedSelect p) {
            sb.append(describe(p.getSelect(), catalog, issues, suggestions, outermost));
        } else if (select instanceof PlainSelect ps) {
            describePlain(ps, catalog, sb, issues, suggestions, outermost);
        }
        return sb.toString().trim();
    }

    private static void describePlain(PlainSelect ps, Catalog catalog, StringBuilder sb, List<String> issues,
                                      List<String> suggestions, boolean outermost) {
        List<String> tables = new ArrayList<>();
        collectTables(ps.getFromItem(), tables);
        if (ps.getJoins() != null) {
            for (Join j : ps.getJoins()) {
                collectTables(j.getFromItem(), tables);
            }
        }
        boolean star = ps.getSelectItems().stream()
                .anyMatch(i -> i.getExpression() instanceof AllColumns || i.getExpression() instanceof AllTableColumns);
        sb.append("It returns ");
        if (ps.getDistinct() != null) {
            sb.append("the distinct ");
        }
        if (star) {
            sb.append("all columns");
        } else {
            List<String> items = new ArrayList<>();
            for (SelectItem<?> item : ps.getSelectItems()) {
                items.add(item.getAlias() != null ? item.getAlias().getName() + " (" + item.getExpression() + ")"
                        : item.getExpression().toString());
            }
            sb.append(String.join(", ", items));
        }
        if (!tables.isEmpty()) {
            sb.append(" from ").append(String.join(", ", tables));
        }
        sb.append('.');
        if (ps.getJoins() != null && !ps.getJoins().isEmpty()) {
            List<FromItem> earlier = new ArrayList<>();
            earlier.add(ps.getFromItem());
            for (Join j : ps.getJoins()) {
                boolean on = j.getOnExpressions() != null && !j.getOnExpressions().isEmpty();
                boolean using = j.getUsingColumns() != null && !j.getUsingColumns().isEmpty();
                boolean hasCondition = on || using || j.isNatural()
                        || j.isSimple() && JoinConditions.linked(ps.getWhere(), j.getFromItem(), earlier);
                if (j.isCross() || !hasCondition) {
                    issues.add("The join with " + j.getFromItem() + " has no join condition, so every row is paired with "
                            + "every row (a cross product).");
                    suggestions.add("Join " + j.getFromItem() + " on its foreign key, e.g. JOIN ... ON a.id = b.a_id.");
                } else if (on) {
                    sb.append(" Rows are matched on ").append(String.join(" and ",
                            j.getOnExpressions().stream().map(Object::toString).toList())).append('.');
                } else if (using) {
                    sb.append(" Rows are matched on equal ").append(String.join(", ",
                            j.getUsingColumns().stream().map(Object::toString).toList())).append('.');
                }
                earlier.add(j.getFromItem());
            }
        }
        if (ps.getWhere() != null) {
            sb.append(" Only rows where ").append(ps.getWhere()).append(" are kept.");
            inspectFilter(ps.getWhere(), issues, suggestions);
        } else if (outermost) {
            for (String t : tables) {
                long rows = rowCount(catalog, t);
                if (rows >= LARGE_TABLE_ROWS) {
                    issues.add("There is no filter, so all of " + t + " (about " + rows + " rows) is read.");
                    suggestions.add("Add a WHERE condition on an indexed column of " + t + " if only part of it is needed.");
                }
            }
        }
        if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
            sb.append(" Rows are grouped by ").append(ps.getGroupBy().getGroupByExpressionList()).append('.');
        }
        if (ps.getHaving() != null) {
            sb.append(" Only groups where ").append(ps.getHaving()).append(" are kept.");
        }
        List<OrderByElement> order = ps.getOrderByElements();
        if (order != null && !order.isEmpty()) {
            sb.append(" The result is sorted by ").append(String.join(", ", order.stream().map(Object::toString).toList()))
                    .append('.');
        }
        if (ps.getLimit() != null && ps.getLimit().getRowCount() != null) {
            sb.append(" At most ").append(ps.getLimit().getRowCount()).append(" rows are returned.");
        } else if (ps.getFetch() != null) {
            sb.append(" At most ").append(ps.getFetch().getExpression()).append(" rows are returned.");
        } else if (ps.getTop() != null) {
            sb.append(" At most ").append(ps.getTop().getExpression()).append(" rows are returned.");
        } else if (order != null && !order.isEmpty() && outermost) {
            issues.add("The whole result is sorted but not limited.");
            suggestions.add("Add LIMIT n if only the first rows are looked at.");
        }
        if (star && outermost) {
            issues.add("SELECT * reads every column, including ones the question may not need.");
            suggestions.add("List only the columns needed.");
        }
        if (ps.getDistinct() != null && ps.getGroupBy() != null) {
            issues.add("DISTINCT together with GROUP BY is redundant: grouped rows are already distinct.");
            suggestions.add("Drop DISTINCT.");
        }
    }

    private static void inspectFilter(Expression where, List<String> issues, List<String> suggestions) {
        int[] ors = {0};
        where.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(LikeExpression like, S context) {
                Expression right = like.getRightExpression();
                String text = right.toString();
                if (text.startsWith("'%") || text.startsWith("'_")) {
                    issues.add("LIKE " + text + " starts with a wildcard, so no index on " + like.getLeftExpression()
                            + " can be used.");
                    suggestions.add("Match a prefix (LIKE 'abc%') or use the database's full-text search.");
                }
                return super.visit(like, context);
            }

            @Override
            public <S> Void visit(OrExpression or, S context) {
                ors[0]++;
                return super.visit(or, context);
            }

            @Override
            protected <S> Void visitBinaryExpression(BinaryExpression expr, S context) {
                if (expr instanceof ComparisonOperator && expr.getLeftExpression() instanceof Function f
                        && f.getParameters() != null && f.getParameters().stream().anyMatch(p -> p instanceof Column)) {
                    issues.add("The filter applies " + f.getName() + "(...) to a column, which keeps an index on it from "
                            + "being used.");
                    suggestions.add("Compare the bare column with a computed constant instead (e.g. a date range).");
                }
                return super.visitBinaryExpression(expr, context);
            }

            @Override
            public <S> Void visit(InExpression in, S context) {
                return super.visit(in, context);
            }
        });
        if (ors[0] >= 3) {
            issues.add("The filter chains " + (ors[0] + 1) + " OR conditions.");
            suggestions.add("If they compare one column with several values, use column IN (...).");
        }
    }

    private static void collectTables(FromItem item, List<String> out) {
        if (item instanceof Table t) {
            out.add(t.getFullyQualifiedName());
        } else if (item instanceof ParenthesedSelect p) {
            out.add(p.getAlias() == null ? "a subquery" : "the subquery " + p.getAlias().getName());
        } else if (item != null) {
            out.add(item.toString());
        }
    }

    private static long rowCount(Catalog catalog, String table) {
        if (catalog == null) {
            return -1;
        }
        Optional<TableInfo> t = catalog.table(table);
        return t.map(TableInfo::rowCount).orElse(-1L);
    }
}
