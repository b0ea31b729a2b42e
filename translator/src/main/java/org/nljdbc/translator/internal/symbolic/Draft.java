package org.nljdbc.translator.internal.symbolic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.symbolic.QueryModel.ColumnRef;
import org.nljdbc.translator.internal.symbolic.QueryModel.Condition;
import org.nljdbc.translator.internal.symbolic.QueryModel.Expr;
import org.nljdbc.translator.internal.symbolic.QueryModel.Order;

/**
 * The query a question is being composed into, while the readers take its items one by one: what is selected,
 * grouped, filtered and ordered, keyed by the position in the question where it was said, which items are used, what
 * was understood, and how sure the composition is. The assembler turns it into a {@link QueryModel.Query}.
 */
final class Draft {
    final SchemaLexicon index;
    final List<Item> items;
    final boolean startsWithWhich;
    private final boolean[] used;
    private final TreeMap<Integer, List<String>> understood = new TreeMap<>();
    private double confidence = 1.0;
    private final List<String> doubts = new ArrayList<>();

    // the links of the schema items, by item position
    final Map<Integer, ColumnRef> columnAt = new TreeMap<>();
    final TreeMap<Integer, TableInfo> tableAt = new TreeMap<>();
    /** Tables the question names, or names a value of. */
    final Set<TableInfo> mentioned = new LinkedHashSet<>();
    /** Tables of the columns that can only be one column. */
    final Set<TableInfo> columnContext = new LinkedHashSet<>();
    /** Positions of column words that name a total ("revenue"), not a column. */
    final Set<Integer> measureWords = new HashSet<>();
    /** Positions of values (or quoted literals) after "not". */
    final Set<Integer> negated = new HashSet<>();
    /** Columns whose values were joined by "or". */
    final Set<Expr> orColumns = new HashSet<>();

    // what is being built, keyed by the position in the question where it was said
    final TreeMap<Integer, Expr> select = new TreeMap<>();
    final TreeMap<Integer, Expr> groupKeys = new TreeMap<>();
    final Map<Integer, TableInfo> groupTables = new TreeMap<>();
    final List<Condition> where = new ArrayList<>();
    final List<Condition> having = new ArrayList<>();
    final List<Order> orderBy = new ArrayList<>();
    final List<Item.Period> periods = new ArrayList<>();
    final List<Item.TimeBucket> buckets = new ArrayList<>();
    final TreeMap<Integer, List<Expr>> bucketKeys = new TreeMap<>();
    Integer limit;
    boolean distinct;
    /** The table whose rows are counted (or added up) per entity, or whose rows COUNT(*) counts. */
    TableInfo counted;
    boolean countStar;
    /** Entities are grouped and ranked (or filtered) by an aggregate of the {@link #counted} table's rows. */
    boolean orderByCount;
    /** "for each" referring back to the columns listed before it. */
    boolean groupedByListing;
    /** The direction said ("in descending order"), applied to the last ordering; null when none was said. */
    Boolean pendingDirection;
    /** "alphabetically", or an order with no column: by the first column shown. */
    boolean alphabetical;
    /** The direction of "top" / "bottom", for the ordering "by" gives it. */
    boolean pendingTopDescending = true;
    /** Where "top N ... by" ranked entities by an aggregate of their related rows, or -1. */
    int rankedAt = -1;

    Draft(SchemaLexicon index, List<Item> items, boolean startsWithWhich) {
        this.index = index;
        this.items = items;
        this.used = new boolean[items.size()];
        this.startsWithWhich = startsWithWhich;
    }

    boolean used(int k) {
        return used[k];
    }

    /** Marks the item at {@code k} as understood, as {@code what}. */
    void use(int k, String what) {
        used[k] = true;
        understood.computeIfAbsent(items.get(k).from(), p -> new ArrayList<>()).add(what);
    }

    /** Whether the item at {@code k} exists and is a column of the schema (not a table or a value). */
    boolean isColumn(int k) {
        return k >= 0 && k < items.size() && items.get(k) instanceof Item.Schema s
                && s.kind() == SchemaLexicon.Link.Kind.COLUMN;
    }

    /** Lowers the confidence by a guess; one that is {@link Doubt#shown} gives its reason when it is too low. */
    void doubt(Doubt doubt, String words) {
        lowerBy(doubt, doubt.factor, words);
    }

    /** A guess applied on top of the quality of the link it chose ({@code quality * factor}, in one product). */
    void doubtOfLink(Doubt doubt, double quality, String words) {
        lowerBy(doubt, quality * doubt.factor, words);
    }

    /** A guess made {@code times} times over. */
    void doubtTimes(Doubt doubt, int times, String words) {
        lowerBy(doubt, Math.pow(doubt.factor, times), words);
    }

    private void lowerBy(Doubt doubt, double factor, String words) {
        confidence *= factor;
        if (doubt.shown) {
            doubts.add(doubt.reason(words));
        }
    }

    /** Lowers the confidence by how well the question's words match the linked table, column or value. */
    void linked(SchemaLexicon.Link link) {
        confidence *= link.quality();
    }

    void limitTo(int n) {
        if (limit == null) {
            limit = n;
        }
    }

    /** Tables the question is about so far: mentioned ones, or all tables of columns when none is mentioned. */
    Set<TableInfo> scope() {
        Set<TableInfo> s = new LinkedHashSet<>(mentioned);
        columnAt.values().forEach(c -> s.add(c.table()));
        return s;
    }

    double confidence() {
        return confidence;
    }

    /** The guesses made, each once, in the order made. */
    List<String> doubts() {
        return List.copyOf(new LinkedHashSet<>(doubts));
    }

    /** What was understood, in question order. */
    List<String> understood() {
        List<String> said = new ArrayList<>();
        understood.values().forEach(said::addAll);
        return said;
    }
}
