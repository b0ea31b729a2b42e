package org.nljdbc.translator.internal.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.symbolic.Composer.CannotCompose;
import org.nljdbc.translator.internal.symbolic.QueryModel.Aggregate;
import org.nljdbc.translator.internal.symbolic.QueryModel.Column;
import org.nljdbc.translator.internal.symbolic.QueryModel.ColumnRef;
import org.nljdbc.translator.internal.symbolic.QueryModel.Order;

/**
 * Reads the measures of a question: "how many singers" (COUNT(*)), "the number of distinct countries", "the average
 * and maximum age" (one aggregate each over the column after them), "the most common country" (grouped, ordered by
 * count).
 */
final class AggregateReader {
    private static final Set<String> ADDITIVE = Set.of("amount", "total", "revenue", "sale", "quantity");

    private final Draft d;

    AggregateReader(Draft draft) {
        this.d = draft;
    }

    /** Amounts and quantities add up, so "revenue by region" means their sum; prices and ages do not. */
    static boolean additive(ColumnInfo c) {
        return SchemaLexicon.isNumeric(c) && Words.stems(Words.splitExpanded(c.name())).stream()
                .anyMatch(ADDITIVE::contains);
    }

    /** An aggregate word at {@code k}, with the ones right after it ("average and maximum"), over what follows. */
    void aggregate(int k, Item.Aggregate a) throws CannotCompose {
        int m = k;
        List<Item.Aggregate> functions = new ArrayList<>();
        while (m < d.items.size() && d.items.get(m) instanceof Item.Aggregate f && !d.used(m)) {
            functions.add(f);
            m++;
        }
        boolean distinctTarget = m < d.items.size() && d.items.get(m) instanceof Item.Distinct && !d.used(m);
        int target = distinctTarget ? m + 1 : m;
        if (functions.stream().allMatch(f -> f.function().equals("COUNT")) && functions.size() > 1) {
            // "count the number of employees"
            for (int f = 1; f < functions.size(); f++) {
                d.use(k + f, functions.get(f).text());
            }
            distinctTarget = k + functions.size() < d.items.size()
                    && d.items.get(k + functions.size()) instanceof Item.Distinct;
            target = distinctTarget ? k + functions.size() + 1 : k + functions.size();
            m = k + functions.size();
            functions = List.of(a);
        }
        if (functions.size() == 1 && a.function().equals("COUNT")) {
            count(k, a, m, target, distinctTarget);
            return;
        }
        if (functions.stream().anyMatch(f -> f.function().equals("COUNT"))) {
            throw new CannotCompose("a count combined with other aggregates", List.of(a.text()));
        }
        if (distinctTarget || target >= d.items.size() || !d.columnAt.containsKey(target) || !d.isColumn(target)) {
            throw new CannotCompose("cannot tell which column to aggregate", List.of(a.text()));
        }
        ColumnRef col = d.columnAt.get(target);
        if (!SchemaLexicon.isNumeric(col.column()) && !(SchemaLexicon.isTemporal(col.column())
                && functions.stream().allMatch(f -> f.function().equals("MIN") || f.function().equals("MAX")))) {
            throw new CannotCompose(col.column().name() + " is not numeric", List.of(a.text()));
        }
        for (int f = 0; f < functions.size(); f++) {
            d.select.put(functions.get(f).from(), new Aggregate(functions.get(f).function(), col, false));
            d.use(k + f, functions.get(f).text());
        }
        d.use(target, d.items.get(target).text());
    }

    /** "How many singers", "the number of distinct countries", "how many Books ...". */
    private void count(int k, Item.Aggregate a, int m, int target, boolean distinctTarget) throws CannotCompose {
        if (target < d.items.size() && d.tableAt.containsKey(target) && !distinctTarget) {
            d.counted = d.tableAt.get(target);
            d.countStar = true;
            d.select.put(a.from(), new Aggregate("COUNT", null, false));
            d.use(k, a.text());
            d.use(target, d.items.get(target).text());
            return;
        }
        if (target < d.items.size() && d.columnAt.containsKey(target) && distinctTarget) {
            d.select.put(a.from(), new Aggregate("COUNT", d.columnAt.get(target), true));
            d.use(k, a.text());
            d.use(m, "distinct");
            d.use(target, d.items.get(target).text());
            return;
        }
        if (target < d.items.size() && d.items.get(target) instanceof Item.Schema s
                && s.kind() == SchemaLexicon.Link.Kind.VALUE) {
            // "how many Books ..." counts rows with that value; the composer counts the main table
            d.countStar = true;
            d.select.put(a.from(), new Aggregate("COUNT", null, false));
            d.use(k, a.text());
            d.doubt(Doubt.WHAT_TO_COUNT, "");
            return;
        }
        throw new CannotCompose("cannot tell what to count", List.of(a.text()));
    }

    /** "The most common country": the column after it, grouped and ordered by how many rows each value has. */
    void mostCommon(int k, Item.MostCommon m) throws CannotCompose {
        if (k + 1 >= d.items.size() || !d.columnAt.containsKey(k + 1)) {
            throw new CannotCompose("cannot tell what \"" + m.text() + "\" refers to", List.of(m.text()));
        }
        ColumnRef col = d.columnAt.get(k + 1);
        d.groupKeys.put(d.items.get(k + 1).from(), new Column(col));
        d.select.put(d.items.get(k + 1).from(), new Column(col));
        d.orderBy.add(new Order(new Aggregate("COUNT", null, false), m.descending()));
        d.limitTo(1);
        d.use(k, m.text());
        d.use(k + 1, d.items.get(k + 1).text());
    }
}
