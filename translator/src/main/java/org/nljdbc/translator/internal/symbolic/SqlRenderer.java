package org.nljdbc.translator.internal.symbolic;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.SqlLiterals;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.JoinGraph;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.symbolic.QueryModel.Aggregate;
import org.nljdbc.translator.internal.symbolic.QueryModel.AllColumns;
import org.nljdbc.translator.internal.symbolic.QueryModel.Column;
import org.nljdbc.translator.internal.symbolic.QueryModel.Condition;
import org.nljdbc.translator.internal.symbolic.QueryModel.Expr;
import org.nljdbc.translator.internal.symbolic.QueryModel.Order;

/**
 * Prints a {@link QueryModel.Query} in one dialect: identifiers quoted only when the dialect would otherwise change
 * or reject them, values as {@link SqlLiterals} writes them for the dialect, date literals, and the row limit as
 * LIMIT, TOP or FETCH FIRST.
 */
final class SqlRenderer {
    /** The operators the composer writes; anything else is a bug, never text to print. */
    private static final Set<String> OPERATORS = Set.of("=", "<>", "<", "<=", ">", ">=", "IN");

    private final Dialect dialect;

    SqlRenderer(Dialect dialect) {
        this.dialect = dialect;
    }

    String render(QueryModel.Query q) {
        Map<TableInfo, String> alias = new HashMap<>();
        boolean many = !q.joins().isEmpty();
        alias.put(q.from(), many ? "t1" : null);
        int n = 2;
        for (JoinGraph.Step e : q.joins()) {
            alias.put(e.to(), "t" + n++);
        }
        StringBuilder sb = new StringBuilder("SELECT ");
        if (dialect == Dialect.SQLSERVER && q.limit() != null) {
            sb.append("TOP ").append(q.limit()).append(' ');
        }
        if (q.distinct()) {
            sb.append("DISTINCT ");
        }
        sb.append(String.join(", ", q.select().stream().map(x -> expr(x, alias) + label(x, q)).toList()));
        sb.append(" FROM ").append(table(q.from())).append(many ? " t1" : "");
        for (JoinGraph.Step e : q.joins()) {
            sb.append(" JOIN ").append(table(e.to())).append(' ').append(alias.get(e.to())).append(" ON ");
            List<String> fromCols = e.key().fromColumns();
            List<String> toCols = e.key().toColumns();
            for (int i = 0; i < fromCols.size(); i++) {
                String left = e.forward() ? fromCols.get(i) : toCols.get(i);
                String right = e.forward() ? toCols.get(i) : fromCols.get(i);
                sb.append(i > 0 ? " AND " : "").append(alias.get(e.from())).append('.').append(ident(left))
                        .append(" = ").append(alias.get(e.to())).append('.').append(ident(right));
            }
        }
        if (!q.where().isEmpty()) {
            sb.append(" WHERE ")
                    .append(String.join(" AND ", q.where().stream().map(c -> condition(c, alias)).toList()));
        }
        if (!q.groupBy().isEmpty()) {
            sb.append(" GROUP BY ").append(String.join(", ", q.groupBy().stream().map(x -> expr(x, alias)).toList()));
        }
        if (!q.having().isEmpty()) {
            sb.append(" HAVING ")
                    .append(String.join(" AND ", q.having().stream().map(c -> condition(c, alias)).toList()));
        }
        if (!q.orderBy().isEmpty()) {
            sb.append(" ORDER BY ").append(String.join(", ", q.orderBy().stream().map(o -> order(o, alias)).toList()));
        }
        if (q.limit() != null && dialect != Dialect.SQLSERVER) {
            sb.append(dialect == Dialect.ORACLE ? " FETCH FIRST " + q.limit() + " ROWS ONLY" : " LIMIT " + q.limit());
        }
        return sb.toString();
    }

    /** A readable column label for an aggregate ("count_orders", "sum_total_amount"), as BI tools show it. */
    private String label(Expr x, QueryModel.Query q) {
        boolean upperDialect = dialect == Dialect.H2 || dialect == Dialect.ORACLE || dialect == Dialect.SNOWFLAKE;
        if (x instanceof QueryModel.Bucket b) {
            String unit = b.unit().toLowerCase(Locale.ROOT);
            return " AS " + ident(upperDialect ? unit.toUpperCase(Locale.ROOT) : unit);
        }
        if (!(x instanceof Aggregate a)) {
            return "";
        }
        String name = a.column() == null ? "count_" + q.from().name()
                : a.function() + (a.distinct() ? "_distinct_" : "_") + a.column().column().name();
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return " AS " + ident(upperDialect ? lower.toUpperCase(Locale.ROOT) : lower);
    }

    private String order(Order o, Map<TableInfo, String> alias) {
        return expr(o.expr(), alias) + (o.descending() ? " DESC" : " ASC");
    }

    private String condition(Condition c, Map<TableInfo, String> alias) {
        String left = expr(c.left(), alias);
        if (c.kind() == QueryModel.ValueKind.DATE && dialect == Dialect.SQLITE) {
            left = sqliteDate(left);
        }
        if (!OPERATORS.contains(c.operator())) {
            throw new IllegalArgumentException("not a comparison operator: " + c.operator());
        }
        if (c.operator().equals("IN")) {
            return left + " IN (" + String.join(", ", c.alternatives().stream().map(v -> literal(v, c.kind())).toList())
                    + ")";
        }
        return left + " " + c.operator() + " " + literal(c.value(), c.kind());
    }

    /**
     * Every value of the question (a quoted or capitalised word, a sampled value, a number, a date) is written by
     * {@link SqlLiterals}, so it is one literal token in this dialect whatever it holds; what it cannot write safely
     * is an {@link IllegalArgumentException}, which the translator turns into an abstention.
     */
    private String literal(String value, QueryModel.ValueKind kind) {
        return switch (kind) {
            case NUMBER -> SqlLiterals.number(value);
            case STRING -> SqlLiterals.string(value, dialect);
            case DATE -> dateLiteral(value);
        };
    }

    private String dateLiteral(String iso) {
        // Only a real calendar date, printed by LocalDate itself, becomes a date literal.
        String date = LocalDate.parse(iso).toString();
        return switch (dialect) {
            case SQLITE, SQLSERVER -> SqlLiterals.string(date, dialect);
            default -> "DATE " + SqlLiterals.string(date, dialect);
        };
    }

    /**
     * SQLite has no date type: ISO text compares as text, but dates written through JDBC's setDate are milliseconds
     * since 1970 (local midnight), and an integer never compares with text the way a date would.
     */
    private static String sqliteDate(String column) {
        return "(CASE WHEN typeof(" + column + ") = 'integer' THEN date(" + column
                + " / 1000, 'unixepoch', 'localtime') ELSE " + column + " END)";
    }

    /** The year, quarter or month of a date as a number, in the dialect's own words. */
    private String bucket(QueryModel.Bucket b, Map<TableInfo, String> alias) {
        String d = column(b.column().table(), b.column().column(), alias);
        String unit = b.unit();
        if (!Set.of("YEAR", "QUARTER", "MONTH").contains(unit)) {
            throw new IllegalArgumentException("not a calendar unit: " + unit);
        }
        return switch (dialect) {
            case SQLITE -> {
                String month = "CAST(strftime('%m', " + sqliteDate(d) + ") AS INTEGER)";
                yield switch (unit) {
                    case "YEAR" -> "CAST(strftime('%Y', " + sqliteDate(d) + ") AS INTEGER)";
                    case "MONTH" -> month;
                    default -> "((" + month + " + 2) / 3)";
                };
            }
            case SQLSERVER -> unit.equals("QUARTER") ? "DATEPART(QUARTER, " + d + ")" : unit + "(" + d + ")";
            case ORACLE -> unit.equals("QUARTER") ? "TO_NUMBER(TO_CHAR(" + d + ", 'Q'))"
                    : "EXTRACT(" + unit + " FROM " + d + ")";
            default -> "EXTRACT(" + unit + " FROM " + d + ")";
        };
    }

    private String expr(Expr e, Map<TableInfo, String> alias) {
        if (e instanceof Column c) {
            return column(c.ref().table(), c.ref().column(), alias);
        }
        if (e instanceof QueryModel.Bucket b) {
            return bucket(b, alias);
        }
        if (e instanceof AllColumns a) {
            return alias.get(a.table()) == null ? "*" : alias.get(a.table()) + ".*";
        }
        Aggregate a = (Aggregate) e;
        return a.column() == null ? "COUNT(*)" : a.function() + "(" + (a.distinct() ? "DISTINCT " : "")
                + column(a.column().table(), a.column().column(), alias) + ")";
    }

    private String column(TableInfo t, ColumnInfo c, Map<TableInfo, String> alias) {
        String a = alias.get(t);
        return (a == null ? "" : a + ".") + ident(c.name());
    }

    private String table(TableInfo t) {
        return (t.schema() != null && needsSchema() ? ident(t.schema()) + "." : "") + ident(t.name());
    }

    /** The catalog's schema is the connection's own one; naming it would only break when the data moves. */
    private static boolean needsSchema() {
        return false;
    }

    /** An identifier as the catalog stores it, quoted when the dialect would fold, reject or misread it bare. */
    String ident(String name) {
        return dialect.quote(name);
    }
}
