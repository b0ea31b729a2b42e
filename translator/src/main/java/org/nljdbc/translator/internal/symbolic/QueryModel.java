package org.nljdbc.translator.internal.symbolic;

import java.util.List;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.JoinGraph;
import org.nljdbc.translator.internal.catalog.TableInfo;

/** The small typed query the composer builds and the renderer prints: one SELECT block over a join tree. */
final class QueryModel {
    private QueryModel() {
    }

    record ColumnRef(TableInfo table, ColumnInfo column) {
    }

    sealed interface Expr permits Column, Aggregate, AllColumns, Bucket {
    }

    record Column(ColumnRef ref) implements Expr {
    }

    /** {@code function(column)}, {@code COUNT(*)} when column is null, with DISTINCT when asked. */
    record Aggregate(String function, ColumnRef column, boolean distinct) implements Expr {
    }

    record AllColumns(TableInfo table) implements Expr {
    }

    /** The calendar {@code unit} (YEAR, QUARTER, MONTH) of a date column, as a number: a time bucket's key. */
    record Bucket(String unit, ColumnRef column) implements Expr {
    }

    /**
     * {@code left operator value}; value is a String, a number's text (kind NUMBER) or an ISO date (kind DATE). With
     * operator {@code IN} the values are {@code alternatives}.
     */
    record Condition(Expr left, String operator, String value, ValueKind kind, List<String> alternatives) {
        Condition {
            alternatives = List.copyOf(alternatives);
        }

        Condition(Expr left, String operator, String value, ValueKind kind) {
            this(left, operator, value, kind, List.of());
        }
    }

    enum ValueKind { STRING, NUMBER, DATE }

    record Order(Expr expr, boolean descending) {
    }

    record Query(List<Expr> select, boolean distinct, TableInfo from, List<JoinGraph.Step> joins,
                 List<Condition> where, List<Expr> groupBy, List<Condition> having, List<Order> orderBy,
                 Integer limit) {
    }
}
