package org.nljdbc.translator.internal.symbolic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.JoinGraph;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.symbolic.Composer.CannotCompose;
import org.nljdbc.translator.internal.symbolic.QueryModel.Aggregate;
import org.nljdbc.translator.internal.symbolic.QueryModel.AllColumns;
import org.nljdbc.translator.internal.symbolic.QueryModel.Column;
import org.nljdbc.translator.internal.symbolic.QueryModel.ColumnRef;
import org.nljdbc.translator.internal.symbolic.QueryModel.Condition;
import org.nljdbc.translator.internal.symbolic.QueryModel.Expr;
import org.nljdbc.translator.internal.symbolic.QueryModel.Order;
import org.nljdbc.translator.internal.symbolic.QueryModel.ValueKind;

/**
 * Turns a read {@link Draft} into one query: the main table, the select list in the question's word order, the
 * grouping, the filters, the ordering, and the foreign-key join tree to every table used; refuses what one SELECT
 * block over that tree would get wrong (sums across one-to-many joins, aggregates of the top row).
 */
final class QueryAssembler {
    private final Draft d;
    private final TimeReader time;

    QueryAssembler(Draft draft, TimeReader time) {
        this.d = draft;
        this.time = time;
    }

    QueryModel.Query build() throws CannotCompose {
        sumMeasuresOfDimensions();
        time.countPerPeriod();
        TableInfo main = mainTable();
        time.timeBuckets(main);
        List<Expr> group = new ArrayList<>();
        List<Expr> selected = selectList(group);
        boolean aggregated = selected.stream().anyMatch(x -> x instanceof Aggregate);
        if (d.orderByCount) {
            rankByRelatedRows(main, selected, group, aggregated);
        }
        if (selected.isEmpty()) {
            if (d.startsWithWhich || singularMention(main) || !d.orderBy.isEmpty() && d.limit != null && d.limit == 1) {
                selected.addAll(display(main));
            } else {
                selected.add(new AllColumns(main));
            }
            d.doubt(Doubt.COLUMNS_TO_SHOW, "");
        }
        groupByListedColumns(selected, group);
        filters(main);
        List<Order> orders = orderings(selected, group);
        Set<TableInfo> needed = new LinkedHashSet<>();
        needed.add(main);
        needed.addAll(d.mentioned);
        d.columnAt.values().forEach(c -> needed.add(c.table()));
        d.groupTables.values().forEach(needed::add);
        d.bucketKeys.values().forEach(xs -> xs.forEach(x -> tables(x, needed)));
        d.where.forEach(c -> tables(c.left(), needed));
        if (d.counted != null) {
            needed.add(d.counted);
        }
        List<JoinGraph.Step> joins = joins(main, needed);
        if (joins.size() > 1 && orders.stream().anyMatch(o -> o.expr() instanceof Aggregate a
                && (a.function().equals("SUM") || a.function().equals("AVG")))) {
            throw new CannotCompose("a ranking by a sum or average across several joins may count rows twice",
                    List.of());
        }
        if (joins.size() > 1) {
            d.doubtTimes(Doubt.JOIN_PATH, joins.size() - 1, "");
        }
        boolean fanOut = joins.stream().anyMatch(e -> !e.forward());
        List<Expr> finalSelect = withoutFanOut(selected, main, fanOut);
        boolean listing = finalSelect.stream().noneMatch(x -> x instanceof Aggregate) && group.isEmpty();
        boolean distinctRows = d.distinct;
        if (listing && fanOut) {
            // "students who have a pet": each student once, but whether the question wants that is a guess
            d.doubt(Doubt.ROWS_ONCE, "");
            Set<TableInfo> selectedTables = new LinkedHashSet<>();
            finalSelect.forEach(x -> tables(x, selectedTables));
            distinctRows |= selectedTables.equals(Set.of(main))
                    && finalSelect.stream().allMatch(x -> x instanceof Column);
        }
        if (listing) {
            for (TableInfo t : d.mentioned) {
                boolean contributes = t == main || d.columnAt.values().stream().anyMatch(c -> c.table() == t);
                if (!contributes) {
                    // "the name of each teacher and what course they teach": course's what?
                    d.doubt(Doubt.TABLE_ADDS_NOTHING, t.name());
                }
            }
        }
        return new QueryModel.Query(finalSelect, distinctRows, main, joins, d.where, group, d.having, orders, d.limit);
    }

    /**
     * "Revenue by region": an additive measure named next to a grouping is summed; so is "revenue in 2024" alone, since
     * revenue is a total by its meaning (a column named "total amount" alone may be a list of amounts).
     */
    private void sumMeasuresOfDimensions() {
        if (d.select.values().stream().anyMatch(x -> x instanceof Aggregate) || !d.orderBy.isEmpty()
                || d.limit != null) {
            return;
        }
        boolean grouped = !d.groupKeys.isEmpty() || !d.groupTables.isEmpty() || !d.buckets.isEmpty();
        boolean onlyMeasureWords = !d.select.isEmpty() && d.select.entrySet().stream().allMatch(e ->
                d.measureWords.contains(e.getKey()) && e.getValue() instanceof Column c
                        && AggregateReader.additive(c.ref().column()));
        if (!grouped && !onlyMeasureWords) {
            return;
        }
        for (Map.Entry<Integer, Expr> e : d.select.entrySet()) {
            if (e.getValue() instanceof Column c && AggregateReader.additive(c.ref().column())) {
                e.setValue(new Aggregate("SUM", c.ref(), false));
                if (!d.measureWords.contains(e.getKey())) {
                    d.doubt(Doubt.SUM_OF_MEASURE, c.ref().column().name()); // "quantity by category"
                }
            }
        }
    }

    /**
     * The select list, dimensions and measures in the question's word order: "how many shops in each location" gives
     * COUNT(*), location (as Spider's gold queries do), "location and number of shops" the reverse; fills
     * {@code group} with the grouping keys.
     */
    private List<Expr> selectList(List<Expr> group) {
        TreeMap<Integer, List<Expr>> positioned = new TreeMap<>();
        TreeMap<Integer, List<Expr>> dimensions = new TreeMap<>();
        d.select.forEach((pos, x) -> positioned.computeIfAbsent(pos, p -> new ArrayList<>()).add(x));
        for (Map.Entry<Integer, Expr> e : d.groupKeys.entrySet()) {
            group.add(e.getValue());
            dimensions.computeIfAbsent(e.getKey(), p -> new ArrayList<>()).add(e.getValue());
        }
        for (Map.Entry<Integer, List<Expr>> e : d.bucketKeys.entrySet()) {
            group.addAll(e.getValue());
            dimensions.computeIfAbsent(e.getKey(), p -> new ArrayList<>()).addAll(e.getValue());
        }
        for (Map.Entry<Integer, TableInfo> e : d.groupTables.entrySet()) {
            List<Expr> display = display(e.getValue());
            dimensions.computeIfAbsent(e.getKey(), p -> new ArrayList<>()).addAll(display);
            for (Expr x : primaryKey(e.getValue())) {
                if (!group.contains(x)) {
                    group.add(x);
                }
            }
            display.stream().filter(x -> !group.contains(x)).forEach(group::add);
        }
        // the question's word order decides, dimensions included: "the number of employees in each city" gives
        // COUNT(*), city, and "the city and its number of employees" city, COUNT(*)
        dimensions.forEach((p, xs) -> positioned.computeIfAbsent(p, q -> new ArrayList<>()).addAll(xs));
        List<Expr> selected = new ArrayList<>();
        positioned.values().forEach(xs -> xs.stream().filter(x -> !selected.contains(x)).forEach(selected::add));
        return selected;
    }

    /** "The customer with the most orders", "customers with more than 5 orders": group the entity to count. */
    private void rankByRelatedRows(TableInfo main, List<Expr> selected, List<Expr> group, boolean aggregated)
            throws CannotCompose {
        if (d.counted != main) {
            for (int i = 0; i < selected.size(); i++) {
                if (selected.get(i) instanceof Column c && c.ref().table() == d.counted) {
                    // "the top 5 customers by total amount; return their name and total amount": the ranked sum
                    Expr ranked = d.orderBy.stream().map(Order::expr).filter(x -> x instanceof Aggregate a
                            && c.ref().equals(a.column())).findFirst().orElse(null);
                    if (ranked == null) {
                        throw new CannotCompose(c.ref().column().name() + " of " + d.counted.name()
                                + " has several values for each of " + main.name(), List.of());
                    }
                    selected.set(i, ranked);
                    aggregated = true;
                }
            }
        }
        if (aggregated && group.isEmpty() && d.counted != main && !d.orderBy.isEmpty() && d.limit != null) {
            // "the top 5 countries by number of customers, with their number": each country once, even if two
            // share a name
            group.addAll(primaryKey(main));
        }
        if (!aggregated && group.isEmpty()) {
            List<Expr> display = selected.isEmpty() ? display(main) : List.of();
            selected.addAll(display);
            if (d.counted != main) {
                group.addAll(primaryKey(main));
            }
            for (Expr x : selected) {
                if (!group.contains(x)) {
                    group.add(x);
                }
            }
        }
        if (d.counted == main && selected.stream().noneMatch(x -> x instanceof Column)) {
            throw new CannotCompose("counts a table against itself", List.of());
        }
        if (aggregated && !d.having.isEmpty()) {
            throw new CannotCompose("an aggregate over groups filtered by a count (a nested query)", List.of());
        }
    }

    /** Columns listed next to an aggregate are grouped by; without a grouping word that is a guess. */
    private void groupByListedColumns(List<Expr> selected, List<Expr> group) throws CannotCompose {
        if (group.isEmpty() && selected.stream().noneMatch(x -> x instanceof Aggregate)) {
            return;
        }
        boolean grouped = !group.isEmpty() || d.orderByCount || d.groupedByListing;
        for (Expr x : selected) {
            if (x instanceof Column && !group.contains(x)) {
                if (!grouped) {
                    if (selected.stream().anyMatch(QueryAssembler::extreme)) {
                        // "the smallest version number and its type code": no single row has a count or a sum,
                        // but one has the smallest value, so the listed column may be that row's as much as a
                        // group's; which one the question means is not said
                        throw new CannotCompose("a smallest or largest value shown with another column: that "
                                + "column of the row with it, or the value for each of the column's values?",
                                List.of());
                    }
                    // "the number of singers and their country": only a group has a count
                    d.doubt(Doubt.GROUP_BY_LISTED, "");
                    grouped = true;
                }
                group.add(x);
            }
        }
        if (selected.stream().anyMatch(x -> x instanceof AllColumns)) {
            throw new CannotCompose("all columns with an aggregate", List.of());
        }
    }

    private static boolean extreme(Expr x) {
        return x instanceof Aggregate a && (a.function().equals("MIN") || a.function().equals("MAX"));
    }

    /** Periods become date ranges, "or" values an IN list; negations and double values are checked. */
    private void filters(TableInfo main) throws CannotCompose {
        time.periods(main);
        for (Expr either : d.orColumns) {
            // "in Brazil or Chile": one IN over the values said
            List<Condition> said = d.where.stream().filter(c -> c.left().equals(either) && c.operator().equals("="))
                    .toList();
            if (said.size() < 2) {
                throw new CannotCompose("a combination of conditions or of result sets", List.of("or"));
            }
            d.where.removeAll(said);
            d.where.add(new Condition(either, "IN", said.get(0).value(), ValueKind.STRING,
                    said.stream().map(Condition::value).distinct().toList()));
        }
        for (Condition c : d.where) {
            if (c.operator().equals("<>") && c.left() instanceof Column col && col.ref().table() != main) {
                // "students who do not have a cat pet" means no such related row, not a related row that differs
                throw new CannotCompose("a negation across a relationship (a nested query)", List.of("not"));
            }
            long sameColumn = d.where.stream().filter(o -> o.left().equals(c.left()) && o.operator().equals("="))
                    .count();
            if (c.operator().equals("=") && sameColumn > 1) {
                throw new CannotCompose("two values for one column: both (a set query) or either (or)?",
                        List.of("and"));
            }
        }
    }

    /** The ORDER BY: what the question ranked by, in the direction it said, or alphabetically by what is shown. */
    private List<Order> orderings(List<Expr> selected, List<Expr> group) throws CannotCompose {
        List<Order> orders = new ArrayList<>(d.orderBy);
        if (d.pendingDirection != null) {
            if (orders.isEmpty()) {
                Expr first = selected.stream().filter(x -> x instanceof Column).findFirst().orElse(null);
                if (first == null || !d.alphabetical) {
                    throw new CannotCompose("a direction with nothing to order", List.of());
                }
                orders.add(new Order(first, d.pendingDirection));
            } else {
                Order last = orders.remove(orders.size() - 1);
                orders.add(new Order(last.expr(), d.pendingDirection));
            }
        } else if (d.alphabetical) {
            Expr first = selected.stream().filter(x -> x instanceof Column).findFirst().orElse(null);
            if (first == null) {
                throw new CannotCompose("nothing to order", List.of());
            }
            orders.add(new Order(first, false));
        }
        if (orders.stream().anyMatch(o -> o.expr() instanceof Column) && d.limit != null && group.isEmpty()
                && selected.stream().anyMatch(x -> x instanceof Aggregate)) {
            throw new CannotCompose("an aggregate over the row with the highest or lowest value (a nested query)",
                    List.of());
        }
        if (d.limit != null && orders.isEmpty()) {
            throw new CannotCompose("a top N with no order", List.of());
        }
        return orders;
    }

    /**
     * Aggregates that stay right when a join repeats the main table's rows: a count becomes a count of distinct
     * keys; a sum or an average cannot be saved.
     */
    private List<Expr> withoutFanOut(List<Expr> selected, TableInfo main, boolean fanOut) throws CannotCompose {
        List<Expr> out = new ArrayList<>();
        for (Expr x : selected) {
            if (x instanceof Aggregate a && fanOut && !d.orderByCount) {
                if (a.function().equals("COUNT") && a.column() == null) {
                    List<Expr> pk = primaryKey(main);
                    if (pk.size() != 1) {
                        throw new CannotCompose("cannot count rows across a one-to-many join", List.of());
                    }
                    out.add(new Aggregate("COUNT", ((Column) pk.get(0)).ref(), true));
                    continue;
                }
                if (a.function().equals("SUM") || a.function().equals("AVG")) {
                    throw new CannotCompose("a sum or average across a one-to-many join would count rows twice",
                            List.of());
                }
            }
            out.add(x);
        }
        return out;
    }

    /** "the airline with ..." asks for one entity by name; "customers in Brazil" asks for their rows. */
    private boolean singularMention(TableInfo t) {
        for (Map.Entry<Integer, TableInfo> e : d.tableAt.entrySet()) {
            if (e.getValue() == t) {
                String text = d.items.get(e.getKey()).text().toLowerCase(java.util.Locale.ROOT);
                String last = text.substring(text.lastIndexOf(' ') + 1);
                return Words.stem(last).equals(last) && !last.endsWith("s");
            }
        }
        return false;
    }

    private static void tables(Expr e, Set<TableInfo> into) {
        if (e instanceof Column c) {
            into.add(c.ref().table());
        } else if (e instanceof Aggregate a && a.column() != null) {
            into.add(a.column().table());
        } else if (e instanceof QueryModel.Bucket b) {
            into.add(b.column().table());
        }
    }

    private TableInfo mainTable() throws CannotCompose {
        if (d.orderByCount) {
            for (TableInfo t : d.tableAt.values()) {
                if (t != d.counted) {
                    return t;
                }
            }
            for (ColumnRef c : d.columnAt.values()) {
                if (c.table() != d.counted) {
                    return c.table();
                }
            }
            if (d.select.values().stream().anyMatch(x -> x instanceof Column)) {
                return d.counted; // "which year has the most concerts": rank the concerts' years
            }
            throw new CannotCompose("cannot tell what to rank", List.of());
        }
        if (d.countStar && d.counted != null) {
            return d.counted;
        }
        for (Expr x : d.select.values()) {
            if (x instanceof Aggregate a && a.column() != null) {
                return a.column().table();
            }
        }
        if (!d.tableAt.isEmpty() && d.select.values().stream().allMatch(x -> x instanceof Column)) {
            // "names of poker players": the named table, when what is shown are its own or its lookups' columns
            TableInfo named = d.tableAt.values().iterator().next();
            Set<TableInfo> shown = new LinkedHashSet<>();
            d.select.values().forEach(x -> shown.add(((Column) x).ref().table()));
            if (!shown.contains(named) && reachesByLookups(named, shown)) {
                return named;
            }
        }
        for (Expr x : d.select.values()) {
            if (x instanceof Column c) {
                return c.ref().table();
            }
        }
        if (!d.tableAt.isEmpty()) {
            return d.tableAt.values().iterator().next();
        }
        for (Expr x : d.groupKeys.values()) {
            if (x instanceof Column c) {
                return c.ref().table();
            }
        }
        if (!d.columnAt.isEmpty()) {
            d.doubt(Doubt.SUBJECT_TABLE, "");
            return d.columnAt.values().iterator().next().table();
        }
        throw new CannotCompose("the question names no table", List.of());
    }

    /** Whether every table in {@code tables} is reached from {@code root} by many-to-one joins only. */
    private boolean reachesByLookups(TableInfo root, Set<TableInfo> tables) {
        for (TableInfo t : tables) {
            boolean lookups = d.index.path(root, t) instanceof JoinGraph.Unique u && !u.steps().isEmpty()
                    && u.steps().stream().allMatch(JoinGraph.Step::forward);
            if (t != root && !lookups) {
                return false;
            }
        }
        return true;
    }

    private List<JoinGraph.Step> joins(TableInfo main, Set<TableInfo> needed) throws CannotCompose {
        List<JoinGraph.Step> joins = new ArrayList<>();
        Set<TableInfo> reached = new LinkedHashSet<>();
        reached.add(main);
        for (TableInfo t : needed) {
            if (reached.contains(t)) {
                continue;
            }
            // The symbolic reading: a tie between shortest paths is the question's to settle, not the translator's.
            JoinGraph.Path found = d.index.path(main, t);
            if (found instanceof JoinGraph.Ambiguous) {
                throw new CannotCompose("more than one way to join " + main.name() + " and " + t.name(),
                        List.of(t.name()));
            }
            List<JoinGraph.Step> path = found instanceof JoinGraph.Unique u ? u.steps() : List.of();
            if (path.isEmpty()) {
                throw new CannotCompose("no foreign-key path from " + main.name() + " to " + t.name(),
                        List.of(t.name()));
            }
            for (JoinGraph.Step e : path) {
                if (reached.contains(e.to())) {
                    if (joins.stream().noneMatch(j -> j.to() == e.to() && j.key() == e.key())
                            && e.to() != main) {
                        throw new CannotCompose("two join paths reach " + e.to().name(), List.of(e.to().name()));
                    }
                    continue;
                }
                joins.add(e);
                reached.add(e.to());
            }
        }
        return joins;
    }

    static List<ColumnInfo> nameColumns(TableInfo t) {
        List<String> tableStems = Words.stems(Words.split(t.name()));
        List<ColumnInfo> sameAsTable = t.columns().stream().filter(c -> SchemaLexicon.isText(c)
                && Words.stems(Words.split(c.name())).equals(tableStems)).toList();
        if (sameAsTable.size() == 1) {
            return sameAsTable; // airlines.Airline
        }
        List<ColumnInfo> exact = t.columns().stream().filter(c -> c.name().equalsIgnoreCase("name")
                || c.name().equalsIgnoreCase("title")).toList();
        if (!exact.isEmpty()) {
            return exact.subList(0, 1);
        }
        List<ColumnInfo> first = t.columns().stream().filter(c -> Words.split(c.name()).equals(List.of("first", "name"))
                || Words.split(c.name()).equals(List.of("last", "name"))).toList();
        if (first.size() == 2) {
            return first;
        }
        List<ColumnInfo> named = t.columns().stream().filter(c -> SchemaLexicon.isText(c)
                && Words.split(c.name()).contains("name")).toList();
        return named.size() == 1 ? named : List.of();
    }

    private List<Expr> display(TableInfo t) {
        List<ColumnInfo> names = nameColumns(t);
        if (!names.isEmpty()) {
            return names.stream().map(c -> (Expr) new Column(new ColumnRef(t, c))).toList();
        }
        d.doubt(Doubt.SHOWN_BY_KEY, t.name());
        return primaryKey(t);
    }

    private static List<Expr> primaryKey(TableInfo t) {
        List<Expr> pk = new ArrayList<>();
        for (String name : t.primaryKey()) {
            t.column(name).ifPresent(c -> pk.add(new Column(new ColumnRef(t, c))));
        }
        if (pk.isEmpty()) {
            t.columns().stream().limit(1).forEach(c -> pk.add(new Column(new ColumnRef(t, c))));
        }
        return pk;
    }
}
