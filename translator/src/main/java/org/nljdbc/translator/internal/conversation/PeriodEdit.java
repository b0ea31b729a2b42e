package org.nljdbc.translator.internal.conversation;

import static org.nljdbc.translator.internal.conversation.Conditions.compare;
import static org.nljdbc.translator.internal.conversation.Conditions.parenthesize;
import static org.nljdbc.translator.internal.conversation.Conditions.removeConditionsOn;
import static org.nljdbc.translator.internal.conversation.Conditions.walkConditions;
import static org.nljdbc.translator.internal.conversation.QueryRefiner.isAggregate;
import static org.nljdbc.translator.internal.conversation.QueryRefiner.isTemporal;
import static org.nljdbc.translator.internal.conversation.QueryRefiner.upper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.SelectItem;
import org.nljdbc.guard.SqlLiterals;
import org.nljdbc.translator.internal.catalog.ColumnInfo;

/** A year filter added or moved to another year, or years compared side by side. */
final class PeriodEdit extends FollowUpEdit {
    static final Pattern YEAR = Pattern.compile("\\b(19\\d\\d|20\\d\\d)\\b");
    private static final Pattern COMPARE = Pattern.compile("\\b(compare(?:d)?(?:\\s+(?:it\\s+)?(?:with|to))?|vs|versus|against)\\b");

    PeriodEdit(Refinement r) {
        super(r);
    }

    @Override
    void apply() throws UnclearEditException {
        List<Integer> years = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        Matcher m = YEAR.matcher(r.rest);
        while (m.find()) {
            years.add(Integer.parseInt(m.group(1)));
            spans.add(new int[] {m.start(), m.end()});
        }
        Matcher compare = r.find(COMPARE);
        if (years.isEmpty()) {
            if (compare != null) {
                throw new UnclearEditException("comparing needs the periods to compare");
            }
            return;
        }
        List<YearLiteral> existing = new ArrayList<>();
        walkConditions(ps.getWhere(), e -> collectYearLiterals(e, existing));
        int oldYear = existing.stream().mapToInt(YearLiteral::year).min().orElse(-1);
        if (compare != null || years.size() > 1) {
            comparePeriods(years, oldYear, existing);
            if (compare != null) {
                r.consume(compare.start(), compare.end());
            }
            spans.forEach(s -> r.consume(s[0], s[1]));
            return;
        }
        int year = years.get(0);
        if (oldYear > 0) {
            int delta = year - oldYear;
            existing.forEach(y -> y.shift(delta));
            r.edits.add("period: " + oldYear + " -> " + year);
        } else {
            ColumnRef date = dateColumn().orElseThrow(() -> new UnclearEditException("no date column to filter by "
                    + year));
            Expression cond = yearRange(date, year, year);
            ps.setWhere(ps.getWhere() == null ? cond : new AndExpression(parenthesize(ps.getWhere()), cond));
            r.edits.add("filter: " + cond);
        }
        spans.forEach(s -> r.consume(s[0], s[1]));
    }

    /** Widens the year filter to every year asked about and adds the year as a dimension. */
    private void comparePeriods(List<Integer> asked, int oldYear, List<YearLiteral> existing)
            throws UnclearEditException {
        List<Integer> years = new ArrayList<>(asked);
        if (oldYear > 0 && !years.contains(oldYear)) {
            years.add(oldYear);
        }
        if (years.size() < 2) {
            throw new UnclearEditException("comparing needs two periods");
        }
        int from = years.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int to = years.stream().mapToInt(Integer::intValue).max().orElseThrow();
        ColumnRef date = existing.stream().map(YearLiteral::column).filter(c -> c != null).findFirst()
                .or(this::dateColumn).orElseThrow(() -> new UnclearEditException("no date column to compare periods by"));
        boolean aggregated = ps.getGroupBy() != null
                || ps.getSelectItems().stream().anyMatch(i -> isAggregate(i.getExpression()));
        if (!aggregated) {
            throw new UnclearEditException("the previous query has no measure to compare between periods");
        }
        // Drop the old year conditions (whole comparisons on the date column) and add the wider range.
        Expression where = removeConditionsOn(ps.getWhere(), date.sql());
        Expression range = yearRange(date, from, to);
        if (to - from + 1 != years.size()) {
            ExpressionList<Expression> list = new ExpressionList<>();
            years.stream().sorted().forEach(y -> list.add(new LongValue(y)));
            InExpression in = new InExpression(yearOf(date), new ParenthesedExpressionList<>(list));
            range = new AndExpression(range, in);
        }
        ps.setWhere(where == null ? range : new AndExpression(parenthesize(where), range));
        Expression year = yearOf(date);
        ps.getSelectItems().add(0, SelectItem.from(year, new Alias("period_year", true)));
        if (ps.getGroupBy() == null) {
            ps.setGroupByElement(new GroupByElement());
        }
        ps.getGroupBy().addGroupByExpression(yearOf(date));
        OrderByElement o = new OrderByElement();
        o.setExpression(new Column("period_year"));
        List<OrderByElement> order = new ArrayList<>(List.of(o));
        if (ps.getOrderByElements() != null) {
            order.addAll(ps.getOrderByElements());
        }
        ps.setOrderByElements(order);
        r.edits.add("compare: years " + years.stream().sorted().toList() + " side by side by " + year);
    }

    private Expression yearOf(ColumnRef column) {
        return switch (r.dialect) {
            case SQLITE -> new CastExpression(new Function("strftime", new StringValue("'%Y'"), column.node()),
                    "INTEGER");
            case SQLSERVER -> new Function("YEAR", column.node());
            default -> {
                ExtractExpression x = new ExtractExpression();
                x.setName("YEAR");
                x.setExpression(column.node());
                yield x;
            }
        };
    }

    private Expression yearRange(ColumnRef column, int from, int to) {
        return new AndExpression(compare(column.node(), ">=", dateText(from)),
                compare(column.node(), "<", dateText(to + 1)));
    }

    /** January 1st of {@code year} as a text literal, as the previous turns compare their date columns. */
    private StringValue dateText(int year) {
        return new StringValue(SqlLiterals.string(String.format(Locale.ROOT, "%04d-01-01", year), r.dialect));
    }

    private Optional<ColumnRef> dateColumn() {
        List<ColumnRef> found = new ArrayList<>();
        for (TableRef t : r.tables.values()) {
            for (ColumnInfo c : t.info().columns()) {
                if (isTemporal(c)) {
                    found.add(new ColumnRef(t.ref(), Names.sql(c.name(), r.dialect), t.info(), c));
                }
            }
        }
        // The first table's date columns first; within them, the one named after the table ("order_date").
        String main = r.tables.keySet().iterator().next();
        return found.stream().sorted((a, b) -> Integer.compare(dateRank(a, main), dateRank(b, main))).findFirst();
    }

    private static int dateRank(ColumnRef c, String mainTable) {
        int rank = c.table().name().equalsIgnoreCase(mainTable) ? 0 : 10;
        String stem = Names.singular(c.table().name().toLowerCase(Locale.ROOT));
        return rank + (c.column().name().toLowerCase(Locale.ROOT).contains(stem) ? 0 : 1);
    }

    /** A literal year (or date) compared with a date column or a year function, which a new year shifts. */
    private record YearLiteral(Expression literal, int year, ColumnRef column) {
        void shift(int delta) {
            if (literal instanceof LongValue l) {
                l.setValue(l.getValue() + delta);
            } else if (literal instanceof StringValue s) {
                s.setValue(shifted(s.getValue(), delta));
            } else if (literal instanceof DateTimeLiteralExpression d) {
                d.setValue(shifted(d.getValue(), delta));
            }
        }

        private static String shifted(String text, int delta) {
            Matcher m = Pattern.compile("(\\d{4})").matcher(text);
            if (!m.find()) {
                return text;
            }
            int y = Integer.parseInt(m.group(1)) + delta;
            return text.substring(0, m.start()) + y + text.substring(m.end());
        }
    }

    private void collectYearLiterals(Expression e, List<YearLiteral> out) {
        List<Expression> sides = new ArrayList<>();
        if (e instanceof ComparisonOperator c) {
            sides.add(c.getLeftExpression());
            sides.add(c.getRightExpression());
        } else if (e instanceof Between b) {
            sides.add(b.getLeftExpression());
            sides.add(b.getBetweenExpressionStart());
            sides.add(b.getBetweenExpressionEnd());
        } else if (e instanceof InExpression in && in.getRightExpression() instanceof ExpressionList<?> list) {
            sides.add(in.getLeftExpression());
            sides.addAll(list);
        } else {
            return;
        }
        Expression dated = sides.stream().filter(this::isDateSide).findFirst().orElse(null);
        if (dated == null) {
            return;
        }
        ColumnRef column = dated instanceof Column c ? r.resolve(c) : dateColumnInside(dated);
        for (Expression s : sides) {
            Integer y = yearOf(s);
            if (y != null && s != dated) {
                out.add(new YearLiteral(s, y, column));
            }
        }
    }

    private static Integer yearOf(Expression literal) {
        String text = null;
        if (literal instanceof LongValue l && l.getValue() >= 1900 && l.getValue() <= 2099) {
            return (int) l.getValue();
        }
        if (literal instanceof StringValue s) {
            text = s.getValue();
        } else if (literal instanceof DateTimeLiteralExpression d) {
            text = d.getValue().replace("'", "");
        }
        if (text != null && text.matches("(19|20)\\d\\d(-\\d\\d(-\\d\\d.*)?)?")) {
            return Integer.parseInt(text.substring(0, 4));
        }
        return null;
    }

    private boolean isDateSide(Expression e) {
        if (e instanceof ExtractExpression) {
            return true;
        }
        if (e instanceof Function f) {
            String n = upper(f.getName());
            return Set.of("YEAR", "STRFTIME", "DATE_PART", "DATEPART", "TO_CHAR", "DATE_FORMAT", "EXTRACT", "DATE")
                    .contains(n);
        }
        if (e instanceof Column c) {
            ColumnRef resolved = r.resolve(c);
            return resolved != null && isTemporal(resolved.column());
        }
        return false;
    }

    private ColumnRef dateColumnInside(Expression e) {
        Expression inner = null;
        if (e instanceof ExtractExpression x) {
            inner = x.getExpression();
        } else if (e instanceof Function f && f.getParameters() != null) {
            for (Object p : f.getParameters()) {
                if (p instanceof Column c) {
                    inner = c;
                }
            }
        }
        return inner instanceof Column c ? r.resolve(c) : null;
    }
}
