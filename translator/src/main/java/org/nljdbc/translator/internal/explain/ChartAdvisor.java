package org.nljdbc.translator.internal.explain;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * Suggests how to chart a result from the shape of its columns: one number is a single value, a time column
 * with numbers is a line chart, a category with one number is a bar chart (a pie when it has few rows), two
 * numbers are a scatter plot, anything else a table.
 */
public final class ChartAdvisor {
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "total", "stddev",
            "variance", "median");

    private ChartAdvisor() {
    }

    /** What kind of values a result column holds. */
    public enum Kind { NUMBER, TIME, CATEGORY, UNKNOWN }

    /** A result column as the advisor sees it. */
    public record ResultColumn(String name, Kind kind) {
        public static ResultColumn ofJdbcType(String name, int jdbcType) {
            return new ResultColumn(name, kindOf(jdbcType));
        }
    }

    /**
     * @param chart  {@code single value}, {@code line}, {@code bar}, {@code pie}, {@code scatter} or {@code table}
     * @param x      the column for the x axis (or categories), null when not applicable
     * @param y      the column(s) for values
     * @param reason one sentence on why
     */
    public record Advice(String chart, String x, List<String> y, String reason) {
        public Advice {
            y = List.copyOf(y);
        }

        /**
         * This advice as a Vega-Lite v5 specification (JSON text) reading the data set named {@code table}; empty for
         * a single value or a table.
         */
        public Optional<String> vegaLite() {
            return VegaLiteChart.json(this, null);
        }

        @Override
        public String toString() {
            return chart + (x == null ? "" : " of " + String.join(", ", y) + " by " + x) + ": " + reason;
        }
    }

    /** Advice for a result with these columns and, if known (else -1), this many rows. */
    public static Advice advise(List<ResultColumn> columns, long rows) {
        List<ResultColumn> numbers = columns.stream().filter(c -> c.kind() == Kind.NUMBER).toList();
        List<ResultColumn> times = columns.stream().filter(c -> c.kind() == Kind.TIME).toList();
        List<ResultColumn> categories = columns.stream().filter(c -> c.kind() == Kind.CATEGORY).toList();
        List<String> ys = numbers.stream().map(ResultColumn::name).toList();
        if (columns.size() == 1 && numbers.size() == 1 && rows <= 1) {
            return new Advice("single value", null, ys, "one number");
        }
        if (times.size() == 1 && !numbers.isEmpty() && categories.isEmpty()) {
            return new Advice("line", times.get(0).name(), ys, "values over time");
        }
        if (categories.size() == 1 && numbers.size() == 1 && times.isEmpty()) {
            boolean few = rows >= 0 && rows <= 6;
            return new Advice(few ? "pie" : "bar", categories.get(0).name(), ys,
                    few ? "a share of a whole across few categories" : "one value per category");
        }
        if (categories.size() == 1 && numbers.size() > 1 && times.isEmpty()) {
            return new Advice("bar", categories.get(0).name(), ys, "several values per category (grouped bars)");
        }
        if (numbers.size() == 2 && columns.size() == 2) {
            return new Advice("scatter", numbers.get(0).name(), List.of(numbers.get(1).name()),
                    "two measures against each other");
        }
        return new Advice("table", null, List.of(), "no simple chart fits these columns");
    }

    /** Advice for SQL that has not run: column kinds from the select list and the catalog's types. */
    public static Advice advise(String sql, Catalog catalog) {
        return columnsOf(sql, catalog).map(cols -> advise(cols, -1))
                .orElse(new Advice("table", null, List.of(), "the query's columns could not be determined"));
    }

    static Optional<List<ResultColumn>> columnsOf(String sql, Catalog catalog) {
        try {
            if (!(org.nljdbc.guard.SqlParsing.parse(sql) instanceof PlainSelect ps)) {
                return Optional.empty();
            }
            List<ResultColumn> out = new ArrayList<>();
            for (SelectItem<?> item : ps.getSelectItems()) {
                Expression e = item.getExpression();
                String name = item.getAlias() != null ? unquote(item.getAlias().getName())
                        : e instanceof Column c ? unquote(c.getColumnName()) : e.toString();
                out.add(new ResultColumn(name, kindOf(e, ps, catalog)));
            }
            return Optional.of(out);
        } catch (JSQLParserException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Kind kindOf(Expression e, Select select, Catalog catalog) {
        if (e instanceof Function f) {
            String n = f.getName().toLowerCase(Locale.ROOT);
            if (AGGREGATES.contains(n) && !n.equals("min") && !n.equals("max")) {
                return Kind.NUMBER;
            }
            if (n.contains("date") || n.contains("year") || n.contains("month") || n.contains("trunc")) {
                return Kind.TIME;
            }
            if ((n.equals("min") || n.equals("max")) && f.getParameters() != null && f.getParameters().size() == 1) {
                return kindOf(f.getParameters().get(0), select, catalog);
            }
            return Kind.UNKNOWN;
        }
        if (e instanceof Column c && catalog != null) {
            for (TableInfo t : catalog.tables()) {
                // A quoted name ("STATUS", as the LLM-free translator renders some) is the column's own name.
                Optional<ColumnInfo> col = t.column(unquote(c.getColumnName()));
                if (col.isPresent()) {
                    return kindOf(col.get().jdbcType());
                }
            }
        }
        return Kind.UNKNOWN;
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && (name.charAt(0) == '"' && name.endsWith("\"")
                || name.charAt(0) == '`' && name.endsWith("`") || name.charAt(0) == '[' && name.endsWith("]"))) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    static Kind kindOf(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.FLOAT, Types.REAL, Types.DOUBLE,
                 Types.NUMERIC, Types.DECIMAL -> Kind.NUMBER;
            case Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIME_WITH_TIMEZONE, Types.TIMESTAMP_WITH_TIMEZONE ->
                    Kind.TIME;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.BOOLEAN, Types.BIT -> Kind.CATEGORY;
            default -> Kind.UNKNOWN;
        };
    }
}
