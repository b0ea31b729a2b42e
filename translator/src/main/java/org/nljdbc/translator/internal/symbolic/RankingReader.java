package org.nljdbc.translator.internal.symbolic;

import java.util.List;
import java.util.Map;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.symbolic.Composer.CannotCompose;
import org.nljdbc.translator.internal.symbolic.QueryModel.Aggregate;
import org.nljdbc.translator.internal.symbolic.QueryModel.Column;
import org.nljdbc.translator.internal.symbolic.QueryModel.ColumnRef;
import org.nljdbc.translator.internal.symbolic.QueryModel.Order;

/**
 * Reads what orders and limits the rows: superlatives ("the highest age", "the oldest", "the customer with the most
 * orders"), "order by", directions, "top N ... by" a column or an aggregate of related rows, and a number before a
 * superlative ("the 3 oldest").
 */
final class RankingReader {
    private final Draft d;
    private final LinkResolver links;

    RankingReader(Draft draft, LinkResolver links) {
        this.d = draft;
        this.links = links;
    }

    /** "Highest", "lowest": the row with it after something to show, the maximum or minimum otherwise. */
    void superlative(int k, Item.Superlative s) throws CannotCompose {
        int next = k + 1;
        if (next < d.items.size() && d.items.get(next) instanceof Item.Aggregate a && a.function().equals("COUNT")
                && next + 1 < d.items.size() && d.tableAt.containsKey(next + 1)) {
            d.use(next, a.text());
            next++;
        }
        if (next < d.items.size() && d.tableAt.containsKey(next) && !d.used(next)) {
            // "the customer with the most orders": rank the entity by how many rows of the other table it has
            d.orderByCount = true;
            d.counted = d.tableAt.get(next);
            d.orderBy.add(new Order(new Aggregate("COUNT", null, false), s.descending()));
            d.limitTo(1);
            d.use(k, s.text());
            d.use(next, d.items.get(next).text());
            d.doubt(Doubt.COUNT_MAY_TIE, s.text());
            return;
        }
        if ((next >= d.items.size() || !(d.items.get(next) instanceof Item.Schema)) && k > 0 && !d.used(k - 1)
                && d.columnAt.containsKey(k - 1) && d.isColumn(k - 1)
                && SchemaLexicon.isNumeric(d.columnAt.get(k - 1).column())
                && somethingToSelectBefore(k - 1)) {
            // "the shop whose number of products is the largest"
            d.orderBy.add(new Order(new Column(d.columnAt.get(k - 1)), s.descending()));
            d.limitTo(1);
            d.use(k - 1, d.items.get(k - 1).text());
            d.use(k, s.text());
            return;
        }
        if (next >= d.items.size() || !d.isColumn(next)) {
            throw new CannotCompose("cannot tell what \"" + s.text() + "\" refers to", List.of(s.text()));
        }
        ColumnRef col = d.columnAt.get(next);
        if (somethingToSelectBefore(k)) {
            d.orderBy.add(new Order(new Column(col), s.descending()));
            d.limitTo(1);
        } else {
            if (!SchemaLexicon.isNumeric(col.column()) && !SchemaLexicon.isTemporal(col.column())) {
                throw new CannotCompose(col.column().name() + " is not numeric", List.of(s.text()));
            }
            d.select.put(s.from(), new Aggregate(s.descending() ? "MAX" : "MIN", col, false));
        }
        d.use(k, s.text());
        d.use(next, d.items.get(next).text());
    }

    private boolean somethingToSelectBefore(int k) {
        for (int j = 0; j < k; j++) {
            if (d.tableAt.containsKey(j) || (d.columnAt.containsKey(j) && d.isColumn(j))) {
                return true;
            }
        }
        return false;
    }

    /** "The oldest", "the 3 most expensive": ordered by the column the word implies. */
    void impliedSuperlative(int k, Item.ImpliedSuperlative s) throws CannotCompose {
        ColumnRef col;
        boolean descending = s.descending();
        try {
            col = links.impliedColumn(s.columnWords(), s.text());
        } catch (CannotCompose e) {
            if (!s.columnWords().equals(List.of("age"))) {
                throw e;
            }
            // "the oldest order" is the one with the earliest date
            col = links.impliedColumn(List.of("date"), s.text());
            descending = !descending;
        }
        d.orderBy.add(new Order(new Column(col), descending));
        if (k > 0 && d.items.get(k - 1) instanceof Item.Number n && !d.used(k - 1)) {
            d.limit = Integer.parseInt(n.text());
            d.use(k - 1, n.text());
        } else {
            d.limitTo(1);
        }
        d.use(k, s.text());
    }

    /** A number is understood only as how many rows a superlative after it keeps. */
    void number(int k, Item.Number n) throws CannotCompose {
        if (k + 1 < d.items.size() && (d.items.get(k + 1) instanceof Item.ImpliedSuperlative
                || d.items.get(k + 1) instanceof Item.Superlative)) {
            d.limit = Integer.parseInt(n.text());
            d.use(k, n.text());
            return;
        }
        throw new CannotCompose("cannot tell what the number " + n.text() + " is about", List.of(n.text()));
    }

    void orderBy(int k, Item.OrderBy o) throws CannotCompose {
        int next = k + 1;
        if (next < d.items.size() && d.items.get(next) instanceof Item.Direction dir) {
            d.pendingDirection = dir.descending();
            d.use(next, dir.text());
            next++;
        }
        if (next < d.items.size() && d.items.get(next) instanceof Item.OrderBy o2) {
            d.use(next, o2.text());
            next++;
        }
        if (next < d.items.size() && d.columnAt.containsKey(next) && d.isColumn(next)) {
            d.orderBy.add(new Order(new Column(d.columnAt.get(next)), false));
            d.use(k, o.text());
            d.use(next, d.items.get(next).text());
            return;
        }
        if (next >= d.items.size() || d.items.get(next) instanceof Item.Direction) {
            d.use(k, o.text()); // "in ascending order": the direction says it, the column comes from the projection
            d.alphabetical = true;
            return;
        }
        throw new CannotCompose("cannot tell what to order by", List.of(o.text()));
    }

    void direction(int k, Item.Direction dir) {
        d.pendingDirection = dir.descending();
        d.alphabetical |= dir.text().contains("alphabetic") || dir.text().contains("lexico");
        d.use(k, dir.text());
        if (k + 1 < d.items.size() && !d.used(k + 1) && d.items.get(k + 1) instanceof Item.Schema s
                && s.kind() == SchemaLexicon.Link.Kind.COLUMN && dir.text().endsWith("order")) {
            // "in descending order of age"
            d.orderBy.add(new Order(new Column(d.columnAt.get(k + 1)), dir.descending()));
            d.use(k + 1, s.text());
        }
    }

    void top(int k, Item.Top t) throws CannotCompose {
        if (k + 1 >= d.items.size() || !(d.items.get(k + 1) instanceof Item.Number n) || !n.text().matches("\\d+")) {
            throw new CannotCompose("\"" + t.text() + "\" without a number", List.of(t.text()));
        }
        d.limit = Integer.parseInt(n.text());
        d.pendingTopDescending = t.descending();
        d.use(k, t.text());
        d.use(k + 1, n.text());
    }

    /**
     * "by" at {@code k} after a top N with no ordering yet: "top 5 products by price", "top 5 customers by total
     * amount", "top 5 countries by number of customers". Returns false when it is not such a ranking.
     */
    boolean rankBy(int k, Item.GroupBy g) throws CannotCompose {
        if (d.limit == null || !g.text().equals("by") || !d.orderBy.isEmpty()) {
            return false;
        }
        if (k + 1 < d.items.size() && d.columnAt.containsKey(k + 1)) {
            rankByColumn(k, g);
            return true;
        }
        return rankByAggregate(k);
    }

    /** "top 5 products by price", or by a column of their related rows that adds up. */
    private void rankByColumn(int k, Item.GroupBy g) throws CannotCompose {
        ColumnRef col = d.columnAt.get(k + 1);
        Map.Entry<Integer, TableInfo> before = d.tableAt.lowerEntry(k);
        TableInfo ranked = before == null ? null : before.getValue();
        if (ranked != null && ranked != col.table()) {
            // "top 5 customers by total amount": an amount of their orders adds up; any other column of
            // related rows (their order date) does not say how to combine the rows of each customer
            if (!AggregateReader.additive(col.column())) {
                throw new CannotCompose("\"" + d.items.get(k + 1).text() + "\" is a column of related rows: "
                        + "ranking by it needs to say how to combine them", List.of(d.items.get(k + 1).text()));
            }
            d.counted = col.table();
            d.orderByCount = true;
            d.rankedAt = k;
            d.orderBy.add(new Order(new Aggregate("SUM", col, false), d.pendingTopDescending));
            d.doubt(Doubt.RANKED_BY_RELATED_ROWS, d.items.get(k + 1).text());
            d.use(k, g.text());
            d.use(k + 1, d.items.get(k + 1).text());
            return;
        }
        d.orderBy.add(new Order(new Column(col), d.pendingTopDescending));
        d.use(k, g.text());
        d.use(k + 1, d.items.get(k + 1).text());
    }

    /**
     * "top 5 countries by number of customers", "top 5 customers by total amount": the entity ranked by an aggregate
     * of its related rows. Returns false when what follows "by" is not one aggregate of a table or a numeric column.
     */
    private boolean rankByAggregate(int k) {
        if (k + 2 >= d.items.size() || !(d.items.get(k + 1) instanceof Item.Aggregate a) || d.used(k + 1)
                || d.used(k + 2) || d.items.get(k + 2) instanceof Item.Aggregate) {
            return false;
        }
        Aggregate by;
        if (a.function().equals("COUNT") && d.tableAt.containsKey(k + 2)) {
            d.counted = d.tableAt.get(k + 2);
            by = new Aggregate("COUNT", null, false);
        } else if (!a.function().equals("COUNT") && d.columnAt.containsKey(k + 2) && d.isColumn(k + 2)
                && SchemaLexicon.isNumeric(d.columnAt.get(k + 2).column())) {
            d.counted = d.columnAt.get(k + 2).table();
            by = new Aggregate(a.function(), d.columnAt.get(k + 2), false);
        } else {
            return false;
        }
        d.orderByCount = true;
        d.rankedAt = k;
        d.orderBy.add(new Order(by, d.pendingTopDescending));
        d.use(k, d.items.get(k).text());
        d.use(k + 1, a.text());
        d.use(k + 2, d.items.get(k + 2).text());
        d.doubt(Doubt.RANKED_BY_RELATED_ROWS, a.text() + " " + d.items.get(k + 2).text());
        return true;
    }
}
