package org.nljdbc.translator.symbolic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nljdbc.translator.catalog.ColumnInfo;
import org.nljdbc.translator.catalog.TableInfo;
import org.nljdbc.translator.symbolic.QueryModel.Aggregate;
import org.nljdbc.translator.symbolic.QueryModel.AllColumns;
import org.nljdbc.translator.symbolic.QueryModel.Column;
import org.nljdbc.translator.symbolic.QueryModel.ColumnRef;
import org.nljdbc.translator.symbolic.QueryModel.Condition;
import org.nljdbc.translator.symbolic.QueryModel.Expr;
import org.nljdbc.translator.symbolic.QueryModel.Order;
import org.nljdbc.translator.symbolic.QueryModel.ValueKind;

/**
 * Composes the understood items of a question into one query over the linked tables and their foreign-key join
 * tree, or explains why it cannot. Each choice the question did not make explicit lowers the confidence.
 */
final class Composer {
    /** A composed query and how sure the composer is of it. */
    /** @param doubts the guesses that lowered the confidence most, for the user when it is too low */
    record Composed(QueryModel.Query query, double confidence, List<String> understood, List<String> doubts) {
    }

    /** Thrown inside composition when the question cannot be composed; carries the words responsible. */
    static final class CannotCompose extends Exception {
        final List<String> words;

        CannotCompose(String reason, List<String> words) {
            super(reason, null, false, false);
            this.words = List.copyOf(words);
        }
    }

    private static final Set<String> NEGATING = Set.of("not", "isn't", "aren't", "wasn't", "weren't");

    private final SchemaLexicon index;
    private final List<Item> items;
    private final boolean[] used;
    private final boolean startsWithWhich;
    private final TreeMap<Integer, List<String>> understood = new TreeMap<>();
    private double confidence = 1.0;
    private final List<String> doubts = new ArrayList<>();

    // what is being built, keyed by the position in the question where it was said
    private final TreeMap<Integer, Expr> select = new TreeMap<>();
    private final TreeMap<Integer, Expr> groupKeys = new TreeMap<>();
    private final Map<Integer, TableInfo> groupTables = new TreeMap<>();
    private final List<Condition> where = new ArrayList<>();
    private final List<Condition> having = new ArrayList<>();
    private final List<Order> orderBy = new ArrayList<>();
    private final Set<TableInfo> mentioned = new LinkedHashSet<>();
    private final Set<TableInfo> columnContext = new LinkedHashSet<>();
    private final Set<Integer> negated = new java.util.HashSet<>();
    private final Set<Expr> orColumns = new java.util.HashSet<>();
    private final Set<Integer> measureWords = new java.util.HashSet<>();
    private final Map<Integer, ColumnRef> columnAt = new TreeMap<>();
    private final Map<Integer, TableInfo> tableAt = new TreeMap<>();
    private Integer limit;
    private boolean distinct;
    private TableInfo counted;
    private boolean countStar;
    private boolean orderByCount;
    private boolean groupedByListing;
    private Boolean pendingDirection;
    private boolean alphabetical;
    private final List<Item.Period> periods = new ArrayList<>();
    private final List<Item.TimeBucket> buckets = new ArrayList<>();
    private final TreeMap<Integer, List<Expr>> bucketKeys = new TreeMap<>();

    Composer(SchemaLexicon index, List<Item> items, boolean startsWithWhich) {
        this.index = index;
        this.items = items;
        this.used = new boolean[items.size()];
        this.startsWithWhich = startsWithWhich;
    }

    Composed compose() throws CannotCompose {
        List<Integer> alternatives = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            if (items.get(k) instanceof Item.Unsupported u) {
                if (u.text().equals("or") && k > 0 && k + 1 < items.size() && isValue(items.get(k - 1))
                        && isValue(items.get(k + 1))) {
                    alternatives.add(k); // "in Brazil or Chile", if both are values of one column (checked below)
                    use(k, u.text());
                    continue;
                }
                if (u.reason().equals("negation") && NEGATING.contains(u.text()) && k + 1 < items.size()
                        && (items.get(k + 1) instanceof Item.Schema v && v.kind() == SchemaLexicon.Link.Kind.VALUE
                        || items.get(k + 1) instanceof Item.Literal l && l.quoted())) {
                    // "whose citizenship is not 'France'": a value filter turned around, nothing more
                    negated.add(k + 1);
                    use(k, u.text());
                    lower(0.95);
                    continue;
                }
                throw new CannotCompose(u.reason(), List.of(u.text()));
            }
        }
        resolveSchemaItems();
        for (int k : alternatives) {
            ColumnRef before = columnAt.get(k - 1);
            if (before == null || !before.equals(columnAt.get(k + 1)) || negated.contains(k - 1)
                    || negated.contains(k + 1)) {
                throw new CannotCompose("a combination of conditions or of result sets", List.of("or"));
            }
            orColumns.add(new Column(before));
        }
        boolean hasAggregate = items.stream().anyMatch(it -> it instanceof Item.Aggregate
                || it instanceof Item.MostCommon) || columnAt.values().stream().anyMatch(c -> additive(c.column()));
        // Grammar first, so that filters, aggregates and orderings take their columns; what is left is projected.
        for (int k = 0; k < items.size(); k++) {
            if (used[k] || items.get(k) instanceof Item.Schema s && s.kind() != SchemaLexicon.Link.Kind.VALUE) {
                continue;
            }
            Item it = items.get(k);
            if (it instanceof Item.Aggregate a) {
                aggregate(k, a);
            } else if (it instanceof Item.Superlative s) {
                superlative(k, s);
            } else if (it instanceof Item.ImpliedSuperlative s) {
                impliedSuperlative(k, s);
            } else if (it instanceof Item.MostCommon m) {
                mostCommon(k, m);
            } else if (it instanceof Item.Comparison c) {
                comparison(k, c);
            } else if (it instanceof Item.ImpliedComparison c) {
                impliedComparison(k, c);
            } else if (it instanceof Item.Between b) {
                between(k, b);
            } else if (it instanceof Item.TimeBucket b) {
                buckets.add(b);
                use(k, b.text());
            } else if (it instanceof Item.Period p) {
                periods.add(p);
                use(k, p.text());
            } else if (it instanceof Item.Literal l) {
                literal(k, l);
            } else if (it instanceof Item.Named n) {
                named(k, n);
            } else if (it instanceof Item.GroupBy g) {
                groupBy(k, g, hasAggregate);
            } else if (it instanceof Item.OrderBy o) {
                orderBy(k, o);
            } else if (it instanceof Item.Top t) {
                top(k, t);
            } else if (it instanceof Item.Distinct d) {
                distinct(k, d);
            } else if (it instanceof Item.Direction d) {
                pendingDirection = d.descending();
                alphabetical |= d.text().contains("alphabetic") || d.text().contains("lexico");
                use(k, d.text());
                if (k + 1 < items.size() && !used[k + 1] && items.get(k + 1) instanceof Item.Schema s
                        && s.kind() == SchemaLexicon.Link.Kind.COLUMN && d.text().endsWith("order")) {
                    // "in descending order of age"
                    orderBy.add(new Order(new Column(columnAt.get(k + 1)), d.descending()));
                    use(k + 1, s.text());
                }
            } else if (it instanceof Item.Number n) {
                number(k, n);
            } else if (it instanceof Item.Relation r) {
                use(k, r.text());
                if (!r.text().isEmpty()) {
                    lower(0.92); // a verb; the empty text marks filler phrases such as "in total"
                }
            } else if (it instanceof Item.Schema s) {
                schema(k, s);
            } else {
                throw new CannotCompose("not understood", List.of(it.text()));
            }
        }
        for (int k = 0; k < items.size(); k++) {
            if (!used[k] && items.get(k) instanceof Item.Schema s) {
                schema(k, s);
            }
        }
        QueryModel.Query query = build();
        List<String> said = new ArrayList<>();
        understood.values().forEach(said::addAll);
        return new Composed(query, confidence, said, List.copyOf(new java.util.LinkedHashSet<>(doubts)));
    }

    // ---- linking of schema items to one table, column or value each

    private void resolveSchemaItems() throws CannotCompose {
        for (int k = 0; k < items.size(); k++) {
            if (items.get(k) instanceof Item.Schema s && s.kind() == SchemaLexicon.Link.Kind.TABLE) {
                List<SchemaLexicon.Link> best = best(s.links());
                if (best.size() > 1) {
                    throw new CannotCompose("\"" + s.text() + "\" could mean several tables", List.of(s.text()));
                }
                tableAt.put(k, best.get(0).table());
                mentioned.add(best.get(0).table());
                lower(best.get(0).quality());
            }
        }
        // columns that can only be one column put their table in context for the others ("age for each pet type")
        for (Item it : items) {
            if (it instanceof Item.Schema s && s.kind() == SchemaLexicon.Link.Kind.COLUMN
                    && s.links().stream().map(SchemaLexicon.Link::table).distinct().count() == 1) {
                columnContext.add(s.links().get(0).table());
            }
        }
        for (SchemaLexicon.Link.Kind kind : List.of(SchemaLexicon.Link.Kind.COLUMN, SchemaLexicon.Link.Kind.VALUE)) {
            for (int k = 0; k < items.size(); k++) {
                if (items.get(k) instanceof Item.Schema s && s.kind() == kind) {
                    ColumnRef ref = choose(k, s);
                    if (s.kind() == SchemaLexicon.Link.Kind.COLUMN && s.links().stream()
                            .allMatch(l -> l.quality() < SchemaLexicon.DIRECT_QUALITY)) {
                        measureWords.add(s.from()); // "revenue", "sales": words for a total, not for a column
                    }
                    columnAt.put(k, ref);
                    if (s.kind() == SchemaLexicon.Link.Kind.VALUE) {
                        mentioned.add(ref.table());
                    }
                }
            }
        }
    }

    private ColumnRef choose(int k, Item.Schema s) throws CannotCompose {
        if (s.kind() == SchemaLexicon.Link.Kind.COLUMN && s.links().size() > 1) {
            List<SchemaLexicon.Link> near = best(adjacentTable(k, s.links()));
            if (near.size() == 1) {
                lower(near.get(0).quality());
                return new ColumnRef(near.get(0).table(), near.get(0).column());
            }
        }
        if (s.kind() == SchemaLexicon.Link.Kind.COLUMN && mentioned.isEmpty() && !columnContext.isEmpty()) {
            List<SchemaLexicon.Link> sameTable = s.links().stream().filter(l -> columnContext.contains(l.table()))
                    .toList();
            if (sameTable.stream().map(SchemaLexicon.Link::table).distinct().count() == 1
                    && s.links().stream().map(SchemaLexicon.Link::table).distinct().count() > 1) {
                SchemaLexicon.Link l = best(sameTable).get(0);
                lower(l.quality() * 0.95);
                return new ColumnRef(l.table(), l.column());
            }
        }
        List<SchemaLexicon.Link> candidates = best(s.links());
        TableInfo nextTo = adjacentTableOf(k);
        if (s.kind() == SchemaLexicon.Link.Kind.COLUMN && nextTo != null && adjacentTable(k, s.links()).isEmpty()) {
            // "descriptions for templates", and templates has no description: some other table's is a guess;
            // a synonym ("revenue from customers") names a measure that lives elsewhere, a milder guess; and the
            // one table the named one refers to is where its attributes live ("names of poker players", people)
            boolean attribute = candidates.size() == 1 && attributeOf(nextTo, candidates.get(0).table());
            lower(Doubt.NOT_OF_ADJACENT_TABLE, attribute ? 0.95 : best(s.links()).get(0).quality() < 0.9 ? 0.85
                    : Doubt.NOT_OF_ADJACENT_TABLE.factor, s.text());
        }
        if (candidates.size() > 1 && s.kind() == SchemaLexicon.Link.Kind.VALUE) {
            // a column named just before the value decides ("with status delivered")
            ColumnRef previous = null;
            for (int j = k - 1; j >= Math.max(0, k - 2) && previous == null; j--) {
                ColumnRef named = columnAt.get(j); // columns are resolved before values
                if (named != null && items.get(j) instanceof Item.Schema p && p.kind() == SchemaLexicon.Link.Kind.COLUMN
                        && candidates.stream().anyMatch(c -> c.column() == named.column())) {
                    previous = named;
                }
            }
            if (previous != null) {
                return previous;
            }
        }
        long mentionedTablesWithIt = s.links().stream().filter(l -> mentioned.contains(l.table()))
                .map(SchemaLexicon.Link::table).distinct().count();
        if (s.kind() == SchemaLexicon.Link.Kind.COLUMN && mentionedTablesWithIt > 1) {
            // "names ... singers ... concert": several named tables have such a column
            lower(Doubt.COLUMN_OF_SEVERAL_TABLES, s.text());
        }
        if (candidates.size() > 1) {
            List<SchemaLexicon.Link> inContext = candidates.stream().filter(l -> mentioned.contains(l.table()))
                    .toList();
            if (inContext.size() == 1) {
                candidates = inContext;
            } else if (inContext.size() > 1) {
                List<SchemaLexicon.Link> near = adjacentTable(k, inContext);
                if (near.size() == 1) {
                    candidates = near;
                } else {
                    candidates = nearestTable(k, inContext);
                    lower(Doubt.COLUMNS_OF_SEVERAL_TABLES, s.text());
                }
            } else {
                List<SchemaLexicon.Link> adjacent = candidates.stream().filter(l -> mentioned.stream()
                        .anyMatch(t -> index.path(t, l.table()) != null && index.path(t, l.table()).size() == 1))
                        .toList();
                if (adjacent.size() == 1) {
                    candidates = adjacent;
                    lower(Doubt.TABLE_NOT_NAMED, s.text());
                }
            }
        }
        if (candidates.size() != 1) {
            throw new CannotCompose("\"" + s.text() + "\" matches " + candidates.size()
                    + " columns and the question does not say which", List.of(s.text()));
        }
        SchemaLexicon.Link l = candidates.get(0);
        lower(l.quality());
        Set<TableInfo> subjects = new LinkedHashSet<>();
        tableAt.forEach((j, t) -> {
            if (j == 0 || !(items.get(j - 1) instanceof Item.GroupBy)) {
                subjects.add(t); // "by region" names a dimension, not what the column belongs to
            }
        });
        if (!subjects.isEmpty() && !subjects.contains(l.table()) && s.kind() == SchemaLexicon.Link.Kind.COLUMN) {
            // tables are named, and this column belongs to none of them: plausible when it is one join away
            // ("revenue from customers"), a guess otherwise
            boolean near = subjects.stream().anyMatch(t -> {
                List<SchemaLexicon.Edge> p = index.path(t, l.table());
                return p != null && p.size() == 1;
            });
            boolean attribute = subjects.stream().anyMatch(t -> attributeOf(t, l.table()));
            if (near && rankedBy(k)) {
                return new ColumnRef(l.table(), l.column()); // "top 5 customers by revenue": RANKED_BY_RELATED_ROWS
            }
            lower(Doubt.OUTSIDE_NAMED_TABLES, attribute ? 0.95 : near ? 0.85 : Doubt.OUTSIDE_NAMED_TABLES.factor,
                    s.text());
        }
        return new ColumnRef(l.table(), l.column());
    }

    /**
     * Of several candidate columns, those of the table named right after the column (over other columns: "the name
     * and theme of concerts") or right before it ("singer name").
     */
    private List<SchemaLexicon.Link> adjacentTable(int k, List<SchemaLexicon.Link> candidates) {
        TableInfo t = adjacentTableOf(k);
        return t == null ? List.of() : candidates.stream().filter(l -> l.table() == t).toList();
    }

    private TableInfo adjacentTableOf(int k) {
        for (int j = k + 1; j < items.size(); j++) {
            TableInfo t = tableAt.get(j);
            if (t != null) {
                return t;
            }
            if (!(items.get(j) instanceof Item.Schema s) || s.kind() != SchemaLexicon.Link.Kind.COLUMN) {
                break;
            }
        }
        return tableAt.get(k - 1);
    }

    /** Of several candidate columns, the one whose table is mentioned nearest to the column. */
    private List<SchemaLexicon.Link> nearestTable(int k, List<SchemaLexicon.Link> candidates) {
        for (int d = 1; d < items.size(); d++) {
            for (int j : new int[] {k + d, k - d}) {
                TableInfo t = tableAt.get(j);
                if (t != null) {
                    List<SchemaLexicon.Link> near = candidates.stream().filter(l -> l.table() == t).toList();
                    if (!near.isEmpty()) {
                        return near;
                    }
                }
            }
        }
        return candidates;
    }

    private static boolean isValue(Item it) {
        return it instanceof Item.Schema s && s.kind() == SchemaLexicon.Link.Kind.VALUE;
    }

    /** Whether {@code owner} refers to {@code table} by one foreign key: its rows' attributes live there. */
    private boolean attributeOf(TableInfo owner, TableInfo table) {
        List<SchemaLexicon.Edge> p = index.path(owner, table);
        return p != null && p.size() == 1 && p.get(0).manyToOne();
    }

    /** Whether every table in {@code tables} is reached from {@code root} by many-to-one joins only. */
    private boolean reachesByLookups(TableInfo root, Set<TableInfo> tables) {
        for (TableInfo t : tables) {
            List<SchemaLexicon.Edge> p = index.path(root, t);
            if (t != root && (p == null || p.isEmpty() || !p.stream().allMatch(SchemaLexicon.Edge::manyToOne))) {
                return false;
            }
        }
        return true;
    }

    private static List<SchemaLexicon.Link> best(List<SchemaLexicon.Link> links) {
        double q = links.stream().mapToDouble(SchemaLexicon.Link::quality).max().orElse(0);
        return links.stream().filter(l -> l.quality() >= q - 1e-9).toList();
    }

    // ---- the grammar

    private void aggregate(int k, Item.Aggregate a) throws CannotCompose {
        int m = k;
        List<Item.Aggregate> functions = new ArrayList<>();
        while (m < items.size() && items.get(m) instanceof Item.Aggregate f && !used[m]) {
            functions.add(f);
            m++;
        }
        boolean distinctTarget = m < items.size() && items.get(m) instanceof Item.Distinct && !used[m];
        int target = distinctTarget ? m + 1 : m;
        if (functions.stream().allMatch(f -> f.function().equals("COUNT")) && functions.size() > 1) {
            // "count the number of employees"
            for (int f = 1; f < functions.size(); f++) {
                use(k + f, functions.get(f).text());
            }
            distinctTarget = k + functions.size() < items.size()
                    && items.get(k + functions.size()) instanceof Item.Distinct;
            target = distinctTarget ? k + functions.size() + 1 : k + functions.size();
            m = k + functions.size();
            functions = List.of(a);
        }
        if (functions.size() == 1 && a.function().equals("COUNT")) {
            if (target < items.size() && tableAt.containsKey(target) && !distinctTarget) {
                counted = tableAt.get(target);
                countStar = true;
                select.put(a.from(), new Aggregate("COUNT", null, false));
                use(k, a.text());
                use(target, items.get(target).text());
                return;
            }
            if (target < items.size() && columnAt.containsKey(target) && distinctTarget) {
                select.put(a.from(), new Aggregate("COUNT", columnAt.get(target), true));
                use(k, a.text());
                use(m, "distinct");
                use(target, items.get(target).text());
                return;
            }
            if (target < items.size() && items.get(target) instanceof Item.Schema s
                    && s.kind() == SchemaLexicon.Link.Kind.VALUE) {
                // "how many Books ..." counts rows with that value; the composer counts the main table
                countStar = true;
                select.put(a.from(), new Aggregate("COUNT", null, false));
                use(k, a.text());
                lower(Doubt.WHAT_TO_COUNT, "");
                return;
            }
            throw new CannotCompose("cannot tell what to count", List.of(a.text()));
        }
        if (functions.stream().anyMatch(f -> f.function().equals("COUNT"))) {
            throw new CannotCompose("a count combined with other aggregates", List.of(a.text()));
        }
        if (distinctTarget || target >= items.size() || !columnAt.containsKey(target)
                || !(items.get(target) instanceof Item.Schema s && s.kind() == SchemaLexicon.Link.Kind.COLUMN)) {
            throw new CannotCompose("cannot tell which column to aggregate", List.of(a.text()));
        }
        ColumnRef col = columnAt.get(target);
        if (!SchemaLexicon.isNumeric(col.column()) && !(SchemaLexicon.isTemporal(col.column())
                && functions.stream().allMatch(f -> f.function().equals("MIN") || f.function().equals("MAX")))) {
            throw new CannotCompose(col.column().name() + " is not numeric", List.of(a.text()));
        }
        for (int f = 0; f < functions.size(); f++) {
            select.put(functions.get(f).from(), new Aggregate(functions.get(f).function(), col, false));
            use(k + f, functions.get(f).text());
        }
        use(target, items.get(target).text());
    }

    private boolean somethingToSelectBefore(int k) {
        for (int j = 0; j < k; j++) {
            if (tableAt.containsKey(j) || (columnAt.containsKey(j) && items.get(j) instanceof Item.Schema s
                    && s.kind() == SchemaLexicon.Link.Kind.COLUMN)) {
                return true;
            }
        }
        return false;
    }

    private void superlative(int k, Item.Superlative s) throws CannotCompose {
        int next = k + 1;
        if (next < items.size() && items.get(next) instanceof Item.Aggregate a && a.function().equals("COUNT")
                && next + 1 < items.size() && tableAt.containsKey(next + 1)) {
            use(next, a.text());
            next++;
        }
        if (next < items.size() && tableAt.containsKey(next) && !used[next]) {
            // "the customer with the most orders": rank the entity by how many rows of the other table it has
            orderByCount = true;
            counted = tableAt.get(next);
            orderBy.add(new Order(new Aggregate("COUNT", null, false), s.descending()));
            limitTo(1);
            use(k, s.text());
            use(next, items.get(next).text());
            lower(Doubt.COUNT_MAY_TIE, s.text());
            return;
        }
        if ((next >= items.size() || !(items.get(next) instanceof Item.Schema)) && k > 0 && !used[k - 1]
                && columnAt.containsKey(k - 1) && items.get(k - 1) instanceof Item.Schema before
                && before.kind() == SchemaLexicon.Link.Kind.COLUMN
                && SchemaLexicon.isNumeric(columnAt.get(k - 1).column())
                && somethingToSelectBefore(k - 1)) {
            // "the shop whose number of products is the largest"
            orderBy.add(new Order(new Column(columnAt.get(k - 1)), s.descending()));
            limitTo(1);
            use(k - 1, before.text());
            use(k, s.text());
            return;
        }
        if (next >= items.size() || !(items.get(next) instanceof Item.Schema sc)
                || sc.kind() != SchemaLexicon.Link.Kind.COLUMN) {
            throw new CannotCompose("cannot tell what \"" + s.text() + "\" refers to", List.of(s.text()));
        }
        ColumnRef col = columnAt.get(next);
        if (somethingToSelectBefore(k)) {
            orderBy.add(new Order(new Column(col), s.descending()));
            limitTo(1);
        } else {
            if (!SchemaLexicon.isNumeric(col.column()) && !SchemaLexicon.isTemporal(col.column())) {
                throw new CannotCompose(col.column().name() + " is not numeric", List.of(s.text()));
            }
            select.put(s.from(), new Aggregate(s.descending() ? "MAX" : "MIN", col, false));
        }
        use(k, s.text());
        use(next, items.get(next).text());
    }

    private void limitTo(int n) {
        if (limit == null) {
            limit = n;
        }
    }

    private ColumnRef impliedColumn(List<String> words, String said) throws CannotCompose {
        List<ColumnRef> found = new ArrayList<>();
        Set<TableInfo> scope = scope();
        for (String w : words) {
            if (w.equals("date")) {
                for (TableInfo t : scope) {
                    t.columns().stream().filter(SchemaLexicon::isTemporal).forEach(c -> found.add(new ColumnRef(t, c)));
                }
                continue;
            }
            for (SchemaLexicon.Link l : index.schemaLinks(List.of(Words.stem(w)))) {
                if (l.kind() == SchemaLexicon.Link.Kind.COLUMN && scope.contains(l.table())) {
                    found.add(new ColumnRef(l.table(), l.column()));
                }
            }
        }
        if (found.size() != 1) {
            throw new CannotCompose("cannot tell which column \"" + said + "\" is about", List.of(said));
        }
        lower(0.9);
        return found.get(0);
    }

    /** Tables the question is about so far: mentioned ones, or all tables of columns when none is mentioned. */
    private Set<TableInfo> scope() {
        Set<TableInfo> s = new LinkedHashSet<>(mentioned);
        columnAt.values().forEach(c -> s.add(c.table()));
        return s;
    }

    private void impliedSuperlative(int k, Item.ImpliedSuperlative s) throws CannotCompose {
        ColumnRef col;
        boolean descending = s.descending();
        try {
            col = impliedColumn(s.columnWords(), s.text());
        } catch (CannotCompose e) {
            if (!s.columnWords().equals(List.of("age"))) {
                throw e;
            }
            // "the oldest order" is the one with the earliest date
            col = impliedColumn(List.of("date"), s.text());
            descending = !descending;
        }
        orderBy.add(new Order(new Column(col), descending));
        if (k > 0 && items.get(k - 1) instanceof Item.Number n && !used[k - 1]) {
            limit = Integer.parseInt(n.text());
            use(k - 1, n.text());
        } else {
            limitTo(1);
        }
        use(k, s.text());
    }

    private void mostCommon(int k, Item.MostCommon m) throws CannotCompose {
        if (k + 1 >= items.size() || !columnAt.containsKey(k + 1)) {
            throw new CannotCompose("cannot tell what \"" + m.text() + "\" refers to", List.of(m.text()));
        }
        ColumnRef col = columnAt.get(k + 1);
        groupKeys.put(items.get(k + 1).from(), new Column(col));
        select.put(items.get(k + 1).from(), new Column(col));
        orderBy.add(new Order(new Aggregate("COUNT", null, false), m.descending()));
        limitTo(1);
        use(k, m.text());
        use(k + 1, items.get(k + 1).text());
    }

    private ColumnRef previousNumericColumn(int k) {
        if (k > 0 && columnAt.containsKey(k - 1) && !used[k - 1]
                && items.get(k - 1) instanceof Item.Schema s && s.kind() == SchemaLexicon.Link.Kind.COLUMN) {
            ColumnRef c = columnAt.get(k - 1);
            if (SchemaLexicon.isNumeric(c.column())) {
                use(k - 1, s.text());
                return c;
            }
        }
        return null;
    }

    private void comparison(int k, Item.Comparison c) throws CannotCompose {
        if (k + 1 < items.size() && items.get(k + 1) instanceof Item.Aggregate) {
            throw new CannotCompose("a comparison with an aggregate of other rows (a nested query)",
                    List.of(c.text(), items.get(k + 1).text()));
        }
        if (k + 2 < items.size() && items.get(k + 1) instanceof Item.Schema sc
                && sc.kind() == SchemaLexicon.Link.Kind.COLUMN && SchemaLexicon.isNumeric(columnAt.get(k + 1).column())
                && items.get(k + 2) instanceof Item.Number number) {
            // "singers above age 20"
            where.add(new Condition(new Column(columnAt.get(k + 1)), c.operator(), number.text(), ValueKind.NUMBER));
            use(k, c.text());
            use(k + 1, sc.text());
            use(k + 2, number.text());
            return;
        }
        if (k + 1 >= items.size() || !(items.get(k + 1) instanceof Item.Number n)) {
            throw new CannotCompose("\"" + c.text() + "\" is not followed by a number", List.of(c.text()));
        }
        boolean tableAfter = k + 2 < items.size() && tableAt.containsKey(k + 2) && !used[k + 2];
        ColumnRef col = tableAfter ? null : previousNumericColumn(k);
        if (col == null && k + 2 < items.size() && columnAt.containsKey(k + 2) && !used[k + 2]
                && items.get(k + 2) instanceof Item.Schema s && s.kind() == SchemaLexicon.Link.Kind.COLUMN
                && SchemaLexicon.isNumeric(columnAt.get(k + 2).column())) {
            col = columnAt.get(k + 2);
            use(k + 2, s.text());
        }
        if (col == null && k + 2 < items.size() && tableAt.containsKey(k + 2) && !used[k + 2]) {
            // "customers with more than 5 orders": a condition on how many related rows each has
            counted = tableAt.get(k + 2);
            orderByCount = true;
            having.add(new Condition(new Aggregate("COUNT", null, false), c.operator(), n.text(), ValueKind.NUMBER));
            use(k, c.text());
            use(k + 1, n.text());
            use(k + 2, items.get(k + 2).text());
            lower(0.9);
            return;
        }
        if (col == null) {
            throw new CannotCompose("cannot tell which column \"" + c.text() + " " + n.text() + "\" is about",
                    List.of(c.text()));
        }
        where.add(new Condition(new Column(col), c.operator(), n.text(), ValueKind.NUMBER));
        use(k, c.text());
        use(k + 1, n.text());
    }

    private void impliedComparison(int k, Item.ImpliedComparison c) throws CannotCompose {
        if (k + 1 >= items.size() || !(items.get(k + 1) instanceof Item.Number n)) {
            throw new CannotCompose("\"" + c.text() + "\" is not followed by a number", List.of(c.text()));
        }
        ColumnRef col = impliedColumn(c.columnWords(), c.text());
        if (k > 0 && !used[k - 1] && col.equals(columnAt.get(k - 1))) {
            use(k - 1, items.get(k - 1).text()); // "whose weight is heavier than 10"
        }
        where.add(new Condition(new Column(col), c.operator(), n.text(), ValueKind.NUMBER));
        use(k, c.text());
        use(k + 1, n.text());
    }

    private void between(int k, Item.Between b) throws CannotCompose {
        if (k + 2 >= items.size() || !(items.get(k + 1) instanceof Item.Number lo)
                || !(items.get(k + 2) instanceof Item.Number hi)) {
            throw new CannotCompose("\"between\" without two numbers", List.of(b.text()));
        }
        ColumnRef col = previousNumericColumn(k);
        if (col == null) {
            throw new CannotCompose("cannot tell which column \"between\" is about", List.of(b.text()));
        }
        where.add(new Condition(new Column(col), ">=", lo.text(), ValueKind.NUMBER));
        where.add(new Condition(new Column(col), "<=", hi.text(), ValueKind.NUMBER));
        use(k, b.text());
        use(k + 1, lo.text());
        use(k + 2, hi.text());
    }

    private void literal(int k, Item.Literal l) throws CannotCompose {
        ColumnRef col = null;
        if (k > 0 && items.get(k - 1) instanceof Item.Named && used[k - 1]) {
            col = nameColumnNear(k);
        } else if (negated.contains(k) && k > 1 && columnAt.containsKey(k - 2) && !used[k - 2]
                && SchemaLexicon.isText(columnAt.get(k - 2).column())) {
            col = columnAt.get(k - 2); // "citizenship is not 'France'"
            use(k - 2, items.get(k - 2).text());
        } else if (k > 0 && columnAt.containsKey(k - 1) && !used[k - 1]
                && SchemaLexicon.isText(columnAt.get(k - 1).column())
                && (l.quoted() || items.get(k - 1).to() == l.from())) {
            // "abbreviation 'UAL'", "status Delivered"; but not "names of French singers"
            col = columnAt.get(k - 1);
            use(k - 1, items.get(k - 1).text());
        }
        if (col == null) {
            throw new CannotCompose("cannot tell which column holds \"" + l.text() + "\"", List.of(l.text()));
        }
        where.add(new Condition(new Column(col), negated.contains(k) ? "<>" : "=", l.text(), ValueKind.STRING));
        mentioned.add(col.table());
        lower(Doubt.VALUE_COLUMN, l.quoted() ? 0.95 : Doubt.VALUE_COLUMN.factor, l.text());
        use(k, "'" + l.text() + "'");
    }

    private ColumnRef nameColumnNear(int k) throws CannotCompose {
        for (int j = k - 1; j >= 0; j--) {
            TableInfo t = tableAt.get(j);
            if (t != null) {
                List<ColumnInfo> names = nameColumns(t);
                if (names.size() == 1) {
                    return new ColumnRef(t, names.get(0));
                }
                break;
            }
        }
        throw new CannotCompose("cannot tell which name is meant", List.of(items.get(k).text()));
    }

    private void named(int k, Item.Named n) throws CannotCompose {
        use(k, n.text());
        if (k + 1 < items.size() && items.get(k + 1) instanceof Item.Schema s
                && s.kind() == SchemaLexicon.Link.Kind.VALUE) {
            return;
        }
        if (!(k + 1 < items.size() && items.get(k + 1) instanceof Item.Literal)) {
            throw new CannotCompose("\"" + n.text() + "\" is not followed by a name", List.of(n.text()));
        }
    }

    private void groupBy(int k, Item.GroupBy g, boolean hasAggregate) throws CannotCompose {
        if (g.text().equals("by") && k > 0 && items.get(k - 1) instanceof Item.Relation) {
            use(k, g.text()); // "owned by students": a relationship, not a grouping
            return;
        }
        if (limit != null && g.text().equals("by") && k + 1 < items.size() && columnAt.containsKey(k + 1)
                && orderBy.isEmpty()) {
            // "top 5 products by price"
            ColumnRef col = columnAt.get(k + 1);
            TableInfo ranked = tableBefore(k);
            if (ranked != null && ranked != col.table()) {
                // "top 5 customers by total amount": an amount of their orders adds up; any other column of
                // related rows (their order date) does not say how to combine the rows of each customer
                if (!additive(col.column())) {
                    throw new CannotCompose("\"" + items.get(k + 1).text() + "\" is a column of related rows: "
                            + "ranking by it needs to say how to combine them", List.of(items.get(k + 1).text()));
                }
                counted = col.table();
                orderByCount = true;
                rankedAt = k;
                orderBy.add(new Order(new Aggregate("SUM", col, false), pendingTopDescending));
                lower(Doubt.RANKED_BY_RELATED_ROWS, items.get(k + 1).text());
                use(k, g.text());
                use(k + 1, items.get(k + 1).text());
                return;
            }
            orderBy.add(new Order(new Column(col), pendingTopDescending));
            use(k, g.text());
            use(k + 1, items.get(k + 1).text());
            return;
        }
        if (limit != null && g.text().equals("by") && orderBy.isEmpty() && rankByAggregate(k)) {
            return;
        }
        if (!hasAggregate) {
            if (g.text().contains("each") || g.text().contains("every") || g.text().equals("for all")) {
                use(k, g.text()); // "the name of each singer": nothing to group
                return;
            }
            throw new CannotCompose("\"" + g.text() + "\" with nothing to aggregate", List.of(g.text()));
        }
        if (k + 1 < items.size() && columnAt.containsKey(k + 1) && items.get(k + 1) instanceof Item.Schema s
                && s.kind() == SchemaLexicon.Link.Kind.COLUMN) {
            groupKeys.put(s.from(), new Column(columnAt.get(k + 1)));
            use(k, g.text());
            use(k + 1, s.text());
            return;
        }
        if (k + 1 < items.size() && tableAt.containsKey(k + 1)) {
            groupTables.put(items.get(k + 1).from(), tableAt.get(k + 1));
            use(k, g.text());
            use(k + 1, items.get(k + 1).text());
            lower(0.97);
            return;
        }
        if (k + 1 == items.size() || items.get(k + 1) instanceof Item.Aggregate) {
            // "template type codes and the number of templates for each": by what was listed
            groupedByListing = true;
            use(k, g.text());
            lower(0.9);
            return;
        }
        throw new CannotCompose("cannot tell what to group by", List.of(g.text()));
    }

    /** Whether the item at {@code k} follows "top N ... by": what ranks the entities named before it. */
    private boolean rankedBy(int k) {
        return k > 0 && items.get(k - 1) instanceof Item.GroupBy g && g.text().equals("by")
                && items.subList(0, k).stream().anyMatch(it -> it instanceof Item.Top);
    }

    /** The table named last before position {@code k}, or null. */
    private TableInfo tableBefore(int k) {
        Map.Entry<Integer, TableInfo> e = ((TreeMap<Integer, TableInfo>) tableAt).lowerEntry(k);
        return e == null ? null : e.getValue();
    }

    /**
     * "top 5 countries by number of customers", "top 5 customers by total amount": the entity ranked by an aggregate
     * of its related rows. Returns false when what follows "by" is not one aggregate of a table or a numeric column.
     */
    private boolean rankByAggregate(int k) {
        if (k + 2 >= items.size() || !(items.get(k + 1) instanceof Item.Aggregate a) || used[k + 1] || used[k + 2]
                || items.get(k + 2) instanceof Item.Aggregate) {
            return false;
        }
        Aggregate by;
        if (a.function().equals("COUNT") && tableAt.containsKey(k + 2)) {
            counted = tableAt.get(k + 2);
            by = new Aggregate("COUNT", null, false);
        } else if (!a.function().equals("COUNT") && columnAt.containsKey(k + 2)
                && items.get(k + 2) instanceof Item.Schema sc && sc.kind() == SchemaLexicon.Link.Kind.COLUMN
                && SchemaLexicon.isNumeric(columnAt.get(k + 2).column())) {
            counted = columnAt.get(k + 2).table();
            by = new Aggregate(a.function(), columnAt.get(k + 2), false);
        } else {
            return false;
        }
        orderByCount = true;
        rankedAt = k;
        orderBy.add(new Order(by, pendingTopDescending));
        use(k, items.get(k).text());
        use(k + 1, a.text());
        use(k + 2, items.get(k + 2).text());
        lower(Doubt.RANKED_BY_RELATED_ROWS, a.text() + " " + items.get(k + 2).text());
        return true;
    }

    private void orderBy(int k, Item.OrderBy o) throws CannotCompose {
        int next = k + 1;
        if (next < items.size() && items.get(next) instanceof Item.Direction d) {
            pendingDirection = d.descending();
            use(next, d.text());
            next++;
        }
        if (next < items.size() && items.get(next) instanceof Item.OrderBy o2) {
            use(next, o2.text());
            next++;
        }
        if (next < items.size() && columnAt.containsKey(next) && items.get(next) instanceof Item.Schema s
                && s.kind() == SchemaLexicon.Link.Kind.COLUMN) {
            orderBy.add(new Order(new Column(columnAt.get(next)), false));
            use(k, o.text());
            use(next, s.text());
            return;
        }
        if (next >= items.size() || items.get(next) instanceof Item.Direction) {
            use(k, o.text()); // "in ascending order": the direction says it, the column comes from the projection
            alphabetical = true;
            return;
        }
        throw new CannotCompose("cannot tell what to order by", List.of(o.text()));
    }

    private boolean pendingTopDescending = true;
    /** Where "top N ... by" ranked entities by an aggregate of their related rows, or -1. */
    private int rankedAt = -1;

    private void top(int k, Item.Top t) throws CannotCompose {
        if (k + 1 >= items.size() || !(items.get(k + 1) instanceof Item.Number n) || !n.text().matches("\\d+")) {
            throw new CannotCompose("\"" + t.text() + "\" without a number", List.of(t.text()));
        }
        limit = Integer.parseInt(n.text());
        pendingTopDescending = t.descending();
        use(k, t.text());
        use(k + 1, n.text());
    }

    private void distinct(int k, Item.Distinct d) throws CannotCompose {
        if (k + 1 < items.size() && columnAt.containsKey(k + 1)) {
            distinct = true;
            use(k, d.text());
            return;
        }
        throw new CannotCompose("cannot tell what \"" + d.text() + "\" refers to", List.of(d.text()));
    }

    private void number(int k, Item.Number n) throws CannotCompose {
        if (k + 1 < items.size() && (items.get(k + 1) instanceof Item.ImpliedSuperlative
                || items.get(k + 1) instanceof Item.Superlative)) {
            limit = Integer.parseInt(n.text());
            use(k, n.text());
            return;
        }
        throw new CannotCompose("cannot tell what the number " + n.text() + " is about", List.of(n.text()));
    }

    private void schema(int k, Item.Schema s) {
        if (s.kind() == SchemaLexicon.Link.Kind.TABLE) {
            use(k, s.text());
            return;
        }
        ColumnRef col = columnAt.get(k);
        if (s.kind() == SchemaLexicon.Link.Kind.VALUE) {
            where.add(new Condition(new Column(col), negated.contains(k) ? "<>" : "=", s.links().stream()
                    .filter(l -> l.column() == col.column())
                    .findFirst().orElseThrow().value(), ValueKind.STRING));
            // a column named just before its value is part of the filter ("with status delivered")
            for (int j = k - 1; j >= Math.max(0, k - 2); j--) {
                if (!used[j] && col.equals(columnAt.get(j))) {
                    use(j, items.get(j).text());
                }
            }
            use(k, "'" + s.text() + "'");
            return;
        }
        select.put(s.from(), new Column(col));
        use(k, s.text());
    }

    private void use(int k, String what) {
        used[k] = true;
        understood.computeIfAbsent(items.get(k).from(), p -> new ArrayList<>()).add(what);
    }

    private void lower(double factor) {
        confidence *= factor;
    }

    /** Lowers the confidence for a named guess, whose reason the user reads when the translator abstains. */
    private void lower(Doubt doubt, String words) {
        lower(doubt, doubt.factor, words);
    }

    /** {@link #lower(Doubt, String)} in a degree other than the doubt's usual factor. */
    private void lower(Doubt doubt, double factor, String words) {
        confidence *= factor;
        doubts.add(doubt.reason(words));
    }

    // ---- assembly

    /** Amounts and quantities add up, so "revenue by region" means their sum; prices and ages do not. */
    static boolean additive(ColumnInfo c) {
        return SchemaLexicon.isNumeric(c) && Words.stems(Words.splitExpanded(c.name())).stream()
                .anyMatch(w -> Set.of("amount", "total", "revenue", "sale", "quantity").contains(w));
    }

    private QueryModel.Query build() throws CannotCompose {
        sumMeasuresOfDimensions();
        countPerPeriod();
        TableInfo main = mainTable();
        timeBuckets(main);
        List<Expr> group = new ArrayList<>();
        List<Expr> selected = selectList(group);
        boolean aggregated = selected.stream().anyMatch(x -> x instanceof Aggregate);
        if (orderByCount) {
            rankByRelatedRows(main, selected, group, aggregated);
        }
        if (selected.isEmpty()) {
            if (startsWithWhich || singularMention(main) || !orderBy.isEmpty() && limit != null && limit == 1) {
                selected.addAll(display(main));
            } else {
                selected.add(new AllColumns(main));
            }
            lower(Doubt.COLUMNS_TO_SHOW, "");
        }
        groupByListedColumns(selected, group);
        filters(main);
        List<Order> orders = orderings(selected, group);
        Set<TableInfo> needed = new LinkedHashSet<>();
        needed.add(main);
        needed.addAll(mentioned);
        columnAt.values().forEach(c -> needed.add(c.table()));
        groupTables.values().forEach(needed::add);
        bucketKeys.values().forEach(xs -> xs.forEach(x -> tables(x, needed)));
        where.forEach(c -> tables(c.left(), needed));
        if (counted != null) {
            needed.add(counted);
        }
        List<SchemaLexicon.Edge> joins = joins(main, needed);
        if (joins.size() > 1 && orders.stream().anyMatch(o -> o.expr() instanceof Aggregate a
                && (a.function().equals("SUM") || a.function().equals("AVG")))) {
            throw new CannotCompose("a ranking by a sum or average across several joins may count rows twice",
                    List.of());
        }
        if (joins.size() > 1) {
            lower(Math.pow(0.98, joins.size() - 1));
        }
        boolean fanOut = joins.stream().anyMatch(e -> !e.manyToOne());
        List<Expr> finalSelect = withoutFanOut(selected, main, fanOut);
        boolean listing = finalSelect.stream().noneMatch(x -> x instanceof Aggregate) && group.isEmpty();
        boolean distinctRows = distinct;
        if (listing && fanOut) {
            // "students who have a pet": each student once, but whether the question wants that is a guess
            lower(Doubt.ROWS_ONCE, "");
            Set<TableInfo> selectedTables = new LinkedHashSet<>();
            finalSelect.forEach(x -> tables(x, selectedTables));
            distinctRows |= selectedTables.equals(Set.of(main))
                    && finalSelect.stream().allMatch(x -> x instanceof Column);
        }
        if (listing) {
            for (TableInfo t : mentioned) {
                boolean contributes = t == main || columnAt.values().stream().anyMatch(c -> c.table() == t);
                if (!contributes) {
                    // "the name of each teacher and what course they teach": course's what?
                    lower(Doubt.TABLE_ADDS_NOTHING, t.name());
                }
            }
        }
        return new QueryModel.Query(finalSelect, distinctRows, main, joins, where, group, having, orders, limit);
    }

    /**
     * "Revenue by region": an additive measure named next to a grouping is summed; so is "revenue in 2024" alone, since
     * revenue is a total by its meaning (a column named "total amount" alone may be a list of amounts).
     */
    private void sumMeasuresOfDimensions() {
        if (select.values().stream().anyMatch(x -> x instanceof Aggregate) || !orderBy.isEmpty() || limit != null) {
            return;
        }
        boolean grouped = !groupKeys.isEmpty() || !groupTables.isEmpty() || !buckets.isEmpty();
        boolean onlyMeasureWords = !select.isEmpty() && select.entrySet().stream().allMatch(e ->
                measureWords.contains(e.getKey()) && e.getValue() instanceof Column c && additive(c.ref().column()));
        if (!grouped && !onlyMeasureWords) {
            return;
        }
        for (Map.Entry<Integer, Expr> e : select.entrySet()) {
            if (e.getValue() instanceof Column c && additive(c.ref().column())) {
                e.setValue(new Aggregate("SUM", c.ref(), false));
                if (!measureWords.contains(e.getKey())) {
                    lower(0.9); // "quantity by category" is a sum, most likely
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
        select.forEach((pos, x) -> positioned.computeIfAbsent(pos, p -> new ArrayList<>()).add(x));
        for (Map.Entry<Integer, Expr> e : groupKeys.entrySet()) {
            group.add(e.getValue());
            dimensions.computeIfAbsent(e.getKey(), p -> new ArrayList<>()).add(e.getValue());
        }
        for (Map.Entry<Integer, List<Expr>> e : bucketKeys.entrySet()) {
            group.addAll(e.getValue());
            dimensions.computeIfAbsent(e.getKey(), p -> new ArrayList<>()).addAll(e.getValue());
        }
        for (Map.Entry<Integer, TableInfo> e : groupTables.entrySet()) {
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
        if (counted != main) {
            for (int i = 0; i < selected.size(); i++) {
                if (selected.get(i) instanceof Column c && c.ref().table() == counted) {
                    // "the top 5 customers by total amount; return their name and total amount": the ranked sum
                    Expr ranked = orderBy.stream().map(Order::expr).filter(x -> x instanceof Aggregate a
                            && c.ref().equals(a.column())).findFirst().orElse(null);
                    if (ranked == null) {
                        throw new CannotCompose(c.ref().column().name() + " of " + counted.name()
                                + " has several values for each of " + main.name(), List.of());
                    }
                    selected.set(i, ranked);
                    aggregated = true;
                }
            }
        }
        if (aggregated && group.isEmpty() && counted != main && !orderBy.isEmpty() && limit != null) {
            // "the top 5 countries by number of customers, with their number": each country once, even if two
            // share a name
            group.addAll(primaryKey(main));
        }
        if (!aggregated && group.isEmpty()) {
            List<Expr> display = selected.isEmpty() ? display(main) : List.of();
            selected.addAll(display);
            if (counted != main) {
                group.addAll(primaryKey(main));
            }
            for (Expr x : selected) {
                if (!group.contains(x)) {
                    group.add(x);
                }
            }
        }
        if (counted == main && selected.stream().noneMatch(x -> x instanceof Column)) {
            throw new CannotCompose("counts a table against itself", List.of());
        }
        if (aggregated && !having.isEmpty()) {
            throw new CannotCompose("an aggregate over groups filtered by a count (a nested query)", List.of());
        }
    }

    /** Columns listed next to an aggregate are grouped by; without a grouping word that is a guess. */
    private void groupByListedColumns(List<Expr> selected, List<Expr> group) throws CannotCompose {
        if (group.isEmpty() && selected.stream().noneMatch(x -> x instanceof Aggregate)) {
            return;
        }
        boolean grouped = !group.isEmpty() || orderByCount || groupedByListing;
        for (Expr x : selected) {
            if (x instanceof Column && !group.contains(x)) {
                if (!grouped) {
                    // "the smallest version number and its type code": per code, or of that row?
                    lower(Doubt.GROUP_BY_LISTED, "");
                    grouped = true;
                }
                group.add(x);
            }
        }
        if (selected.stream().anyMatch(x -> x instanceof AllColumns)) {
            throw new CannotCompose("all columns with an aggregate", List.of());
        }
    }

    /** Periods become date ranges, "or" values an IN list; negations and double values are checked. */
    private void filters(TableInfo main) throws CannotCompose {
        for (Item.Period p : periods) {
            addPeriod(main, p);
        }
        for (Expr either : orColumns) {
            // "in Brazil or Chile": one IN over the values said
            List<Condition> said = where.stream().filter(c -> c.left().equals(either) && c.operator().equals("="))
                    .toList();
            if (said.size() < 2) {
                throw new CannotCompose("a combination of conditions or of result sets", List.of("or"));
            }
            where.removeAll(said);
            where.add(new Condition(either, "IN", said.get(0).value(), ValueKind.STRING,
                    said.stream().map(Condition::value).distinct().toList()));
        }
        for (Condition c : where) {
            if (c.operator().equals("<>") && c.left() instanceof Column col && col.ref().table() != main) {
                // "students who do not have a cat pet" means no such related row, not a related row that differs
                throw new CannotCompose("a negation across a relationship (a nested query)", List.of("not"));
            }
            long sameColumn = where.stream().filter(o -> o.left().equals(c.left()) && o.operator().equals("=")).count();
            if (c.operator().equals("=") && sameColumn > 1) {
                throw new CannotCompose("two values for one column: both (a set query) or either (or)?",
                        List.of("and"));
            }
        }
    }

    /** The ORDER BY: what the question ranked by, in the direction it said, or alphabetically by what is shown. */
    private List<Order> orderings(List<Expr> selected, List<Expr> group) throws CannotCompose {
        List<Order> orders = new ArrayList<>(orderBy);
        if (pendingDirection != null) {
            if (orders.isEmpty()) {
                Expr first = selected.stream().filter(x -> x instanceof Column).findFirst().orElse(null);
                if (first == null || !alphabetical) {
                    throw new CannotCompose("a direction with nothing to order", List.of());
                }
                orders.add(new Order(first, pendingDirection));
            } else {
                Order last = orders.remove(orders.size() - 1);
                orders.add(new Order(last.expr(), pendingDirection));
            }
        } else if (alphabetical) {
            Expr first = selected.stream().filter(x -> x instanceof Column).findFirst().orElse(null);
            if (first == null) {
                throw new CannotCompose("nothing to order", List.of());
            }
            orders.add(new Order(first, false));
        }
        if (orders.stream().anyMatch(o -> o.expr() instanceof Column) && limit != null && group.isEmpty()
                && selected.stream().anyMatch(x -> x instanceof Aggregate)) {
            throw new CannotCompose("an aggregate over the row with the highest or lowest value (a nested query)",
                    List.of());
        }
        if (limit != null && orders.isEmpty()) {
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
            if (x instanceof Aggregate a && fanOut && !orderByCount) {
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
        for (Map.Entry<Integer, TableInfo> e : tableAt.entrySet()) {
            if (e.getValue() == t) {
                String text = items.get(e.getKey()).text().toLowerCase(java.util.Locale.ROOT);
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
        if (orderByCount) {
            for (TableInfo t : tableAt.values()) {
                if (t != counted) {
                    return t;
                }
            }
            for (ColumnRef c : columnAt.values()) {
                if (c.table() != counted) {
                    return c.table();
                }
            }
            if (select.values().stream().anyMatch(x -> x instanceof Column)) {
                return counted; // "which year has the most concerts": rank the concerts' years
            }
            throw new CannotCompose("cannot tell what to rank", List.of());
        }
        if (countStar && counted != null) {
            return counted;
        }
        for (Expr x : select.values()) {
            if (x instanceof Aggregate a && a.column() != null) {
                return a.column().table();
            }
        }
        if (!tableAt.isEmpty() && select.values().stream().allMatch(x -> x instanceof Column)) {
            // "names of poker players": the named table, when what is shown are its own or its lookups' columns
            TableInfo named = tableAt.values().iterator().next();
            Set<TableInfo> shown = new LinkedHashSet<>();
            select.values().forEach(x -> shown.add(((Column) x).ref().table()));
            if (!shown.contains(named) && reachesByLookups(named, shown)) {
                return named;
            }
        }
        for (Expr x : select.values()) {
            if (x instanceof Column c) {
                return c.ref().table();
            }
        }
        if (!tableAt.isEmpty()) {
            return tableAt.values().iterator().next();
        }
        for (Expr x : groupKeys.values()) {
            if (x instanceof Column c) {
                return c.ref().table();
            }
        }
        if (!columnAt.isEmpty()) {
            lower(Doubt.SUBJECT_TABLE, "");
            return columnAt.values().iterator().next().table();
        }
        throw new CannotCompose("the question names no table", List.of());
    }

    private void addPeriod(TableInfo main, Item.Period p) throws CannotCompose {
        Set<TableInfo> scope = new LinkedHashSet<>();
        scope.add(main);
        scope.addAll(scope());
        if (p.year() != null) {
            List<ColumnRef> years = new ArrayList<>();
            for (TableInfo t : scope) {
                t.columns().stream().filter(c -> Words.stems(Words.split(c.name())).equals(List.of("year")))
                        .forEach(c -> years.add(new ColumnRef(t, c)));
            }
            if (years.size() == 1) {
                ColumnRef y = years.get(0);
                where.add(new Condition(new Column(y), "=", p.year().toString(),
                        SchemaLexicon.isNumeric(y.column()) ? ValueKind.NUMBER : ValueKind.STRING));
                return;
            }
        }
        ColumnRef d = dateOf(main, scope, p.text());
        if (rankedAt >= 0 && counted != null && counted != main
                && counted.columns().stream().anyMatch(SchemaLexicon::isTemporal)) {
            // "top 10 customers by revenue in 2024": the period after the ranking is of the rows it adds up
            if (p.from() < rankedAt) {
                throw new CannotCompose("cannot tell whether \"" + p.text() + "\" is about " + main.name() + " or "
                        + counted.name(), List.of(p.text()));
            }
            d = dateOf(counted, Set.of(counted), p.text());
        }
        if (p.start() != null) {
            where.add(new Condition(new Column(d), ">=", p.start().toString(), ValueKind.DATE));
        }
        if (p.end() != null) {
            where.add(new Condition(new Column(d), "<", p.end().toString(), ValueKind.DATE));
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

    /** "Orders per month": a table counted per period when nothing else is aggregated. */
    private void countPerPeriod() throws CannotCompose {
        if (buckets.isEmpty() || select.values().stream().anyMatch(x -> x instanceof Aggregate)) {
            return;
        }
        if (!select.isEmpty() || tableAt.isEmpty() || !orderBy.isEmpty()) {
            throw new CannotCompose("\"" + buckets.get(0).text() + "\" with nothing to add up or count per period",
                    List.of(buckets.get(0).text()));
        }
        Map.Entry<Integer, TableInfo> first = tableAt.entrySet().iterator().next();
        counted = first.getValue();
        countStar = true;
        select.put(items.get(first.getKey()).from(), new Aggregate("COUNT", null, false));
    }

    /** "Monthly revenue": the year and month of the main date are grouping keys, in time order. */
    private void timeBuckets(TableInfo main) throws CannotCompose {
        if (buckets.isEmpty()) {
            return;
        }
        if (buckets.size() > 1 || limit != null || orderByCount) {
            throw new CannotCompose("a ranking or several periods per time bucket (a nested query)",
                    List.of(buckets.get(0).text()));
        }
        Item.TimeBucket b = buckets.get(0);
        Set<TableInfo> scope = new LinkedHashSet<>();
        scope.add(main);
        scope.addAll(scope());
        ColumnRef date = dateOf(main, scope, b.text());
        List<Expr> keys = new ArrayList<>();
        keys.add(new QueryModel.Bucket("YEAR", date));
        if (!b.unit().equals("YEAR")) {
            keys.add(new QueryModel.Bucket(b.unit(), date));
        }
        bucketKeys.put(b.from(), keys);
        if (orderBy.isEmpty()) {
            keys.forEach(x -> orderBy.add(new Order(x, false)));
        }
    }

    private List<SchemaLexicon.Edge> joins(TableInfo main, Set<TableInfo> needed) throws CannotCompose {
        List<SchemaLexicon.Edge> joins = new ArrayList<>();
        Set<TableInfo> reached = new LinkedHashSet<>();
        reached.add(main);
        for (TableInfo t : needed) {
            if (reached.contains(t)) {
                continue;
            }
            List<SchemaLexicon.Edge> path = index.path(main, t);
            if (path == null) {
                throw new CannotCompose("more than one way to join " + main.name() + " and " + t.name(),
                        List.of(t.name()));
            }
            if (path.isEmpty()) {
                throw new CannotCompose("no foreign-key path from " + main.name() + " to " + t.name(),
                        List.of(t.name()));
            }
            for (SchemaLexicon.Edge e : path) {
                if (reached.contains(e.to())) {
                    if (joins.stream().noneMatch(j -> j.to() == e.to() && j.fk() == e.fk())
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
        lower(0.9);
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
