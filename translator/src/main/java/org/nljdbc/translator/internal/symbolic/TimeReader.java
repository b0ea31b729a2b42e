package org.nljdbc.translator.internal.symbolic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.symbolic.Composer.CannotCompose;
import org.nljdbc.translator.internal.symbolic.QueryModel.Aggregate;
import org.nljdbc.translator.internal.symbolic.QueryModel.Column;
import org.nljdbc.translator.internal.symbolic.QueryModel.ColumnRef;
import org.nljdbc.translator.internal.symbolic.QueryModel.Condition;
import org.nljdbc.translator.internal.symbolic.QueryModel.Expr;
import org.nljdbc.translator.internal.symbolic.QueryModel.Order;
import org.nljdbc.translator.internal.symbolic.QueryModel.ValueKind;

/**
 * Reads time: periods ("in 2024", "last month") become conditions on a date (or a year column), time buckets
 * ("monthly", "per quarter") grouping keys. Which date they are about depends on the main table, so the reading is
 * kept until the assembler knows it.
 */
final class TimeReader {
    private final Draft d;

    TimeReader(Draft draft) {
        this.d = draft;
    }

    void bucket(int k, Item.TimeBucket b) {
        d.buckets.add(b);
        d.use(k, b.text());
    }

    void period(int k, Item.Period p) {
        d.periods.add(p);
        d.use(k, p.text());
    }

    /** "Orders per month": a table counted per period when nothing else is aggregated. */
    void countPerPeriod() throws CannotCompose {
        if (d.buckets.isEmpty() || d.select.values().stream().anyMatch(x -> x instanceof Aggregate)) {
            return;
        }
        if (!d.select.isEmpty() || d.tableAt.isEmpty() || !d.orderBy.isEmpty()) {
            throw new CannotCompose("\"" + d.buckets.get(0).text() + "\" with nothing to add up or count per period",
                    List.of(d.buckets.get(0).text()));
        }
        Map.Entry<Integer, TableInfo> first = d.tableAt.entrySet().iterator().next();
        d.counted = first.getValue();
        d.countStar = true;
        d.select.put(d.items.get(first.getKey()).from(), new Aggregate("COUNT", null, false));
    }

    /** "Monthly revenue": the year and month of the main date are grouping keys, in time order. */
    void timeBuckets(TableInfo main) throws CannotCompose {
        if (d.buckets.isEmpty()) {
            return;
        }
        if (d.buckets.size() > 1 || d.limit != null || d.orderByCount) {
            throw new CannotCompose("a ranking or several periods per time bucket (a nested query)",
                    List.of(d.buckets.get(0).text()));
        }
        Item.TimeBucket b = d.buckets.get(0);
        ColumnRef date = dateOf(main, scope(main), b.text());
        List<Expr> keys = new ArrayList<>();
        keys.add(new QueryModel.Bucket("YEAR", date));
        if (!b.unit().equals("YEAR")) {
            keys.add(new QueryModel.Bucket(b.unit(), date));
        }
        d.bucketKeys.put(b.from(), keys);
        if (d.orderBy.isEmpty()) {
            keys.forEach(x -> d.orderBy.add(new Order(x, false)));
        }
    }

    /** The periods said, as conditions on the one year column or date they are about. */
    void periods(TableInfo main) throws CannotCompose {
        for (Item.Period p : d.periods) {
            addPeriod(main, p);
        }
    }

    private Set<TableInfo> scope(TableInfo main) {
        Set<TableInfo> scope = new LinkedHashSet<>();
        scope.add(main);
        scope.addAll(d.scope());
        return scope;
    }

    private void addPeriod(TableInfo main, Item.Period p) throws CannotCompose {
        Set<TableInfo> scope = scope(main);
        if (p.year() != null) {
            List<ColumnRef> years = new ArrayList<>();
            for (TableInfo t : scope) {
                t.columns().stream().filter(c -> Words.stems(Words.split(c.name())).equals(List.of("year")))
                        .forEach(c -> years.add(new ColumnRef(t, c)));
            }
            if (years.size() == 1) {
                ColumnRef y = years.get(0);
                d.where.add(new Condition(new Column(y), "=", p.year().toString(),
                        SchemaLexicon.isNumeric(y.column()) ? ValueKind.NUMBER : ValueKind.STRING));
                return;
            }
        }
        ColumnRef date = dateOf(main, scope, p.text());
        TableInfo counted = d.counted;
        if (d.rankedAt >= 0 && counted != null && counted != main
                && counted.columns().stream().anyMatch(SchemaLexicon::isTemporal)) {
            // "top 10 customers by revenue in 2024": the period after the ranking is of the rows it adds up
            if (p.from() < d.rankedAt) {
                throw new CannotCompose("cannot tell whether \"" + p.text() + "\" is about " + main.name() + " or "
                        + counted.name(), List.of(p.text()));
            }
            date = dateOf(counted, Set.of(counted), p.text());
        }
        if (p.start() != null) {
            d.where.add(new Condition(new Column(date), ">=", p.start().toString(), ValueKind.DATE));
        }
        if (p.end() != null) {
            d.where.add(new Condition(new Column(date), "<", p.end().toString(), ValueKind.DATE));
        }
    }

    /**
     * The one date a period or a time bucket is about: the main table's (the one named after its table when it has
     * several, orders.order_date rather than shipped_date), else the one date of the tables it refers to.
     */
    private static ColumnRef dateOf(TableInfo main, Set<TableInfo> scope, String said) throws CannotCompose {
        List<ColumnRef> dates = new ArrayList<>();
        main.columns().stream().filter(SchemaLexicon::isTemporal).forEach(c -> dates.add(new ColumnRef(main, c)));
        if (dates.size() > 1) {
            List<String> tableStems = Words.stems(Words.split(main.name()));
            dates.removeIf(c -> Words.stems(Words.split(c.column().name())).stream().noneMatch(tableStems::contains));
        }
        if (dates.isEmpty()) {
            // the main table has no date: a date of a table it refers to ("revenue in 2024" counts the orders' dates)
            for (TableInfo t : scope) {
                if (t != main) {
                    t.columns().stream().filter(SchemaLexicon::isTemporal).forEach(c -> dates.add(new ColumnRef(t, c)));
                }
            }
        }
        if (dates.size() != 1) {
            throw new CannotCompose("cannot tell which date \"" + said + "\" is about", List.of(said));
        }
        return dates.get(0);
    }
}
