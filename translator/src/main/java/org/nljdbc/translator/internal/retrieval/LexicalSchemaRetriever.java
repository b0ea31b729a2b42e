package org.nljdbc.translator.internal.retrieval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * Picks the tables a question needs by lexical evidence: BM25 over table documents (table name, column
 * names, comments; identifiers split and abbreviations expanded, words stemmed, a few synonyms), exact
 * and one-edit matches of question words against sampled column values, then the foreign-key paths that
 * connect the picked tables. A schema that fits in the token budget is sent whole; a larger one is cut to
 * the best tables (wide tables to their best columns) within the budget. Thread-safe; per-catalog indexes
 * are built once and cached by catalog fingerprint.
 */
public final class LexicalSchemaRetriever implements SchemaRetriever {
    /**
     * @param samplesShown     sample values rendered per column
     * @param minRelativeScore tables scoring below this fraction of the best are never picked
     * @param maxJoinHops      longest foreign-key path used to connect a picked table to the others
     * @param minTables        in a cut schema, at least this many of the ranked tables are tried, whatever their score
     * @param parentsOfTopPicks the tables referenced by the first this-many picks come with them (within budget)
     */
    public record Settings(int samplesShown, double minRelativeScore, int maxJoinHops, int minTables,
                           int parentsOfTopPicks) {
        public static Settings defaults() {
            return new Settings(DdlRenderer.DEFAULT_SAMPLES_SHOWN, 0.05, 3, 3, 3);
        }
    }

    private static final Map<String, List<String>> SYNONYMS = synonyms(Map.ofEntries(
            Map.entry("old", List.of("age")), Map.entry("oldest", List.of("age")), Map.entry("older", List.of("age")),
            Map.entry("young", List.of("age")), Map.entry("youngest", List.of("age")),
            Map.entry("younger", List.of("age")), Map.entry("born", List.of("birth")),
            Map.entry("earn", List.of("salary")), Map.entry("paid", List.of("salary", "payment")),
            Map.entry("wage", List.of("salary")), Map.entry("cost", List.of("price")),
            Map.entry("expensive", List.of("price", "cost")), Map.entry("cheap", List.of("price", "cost")),
            Map.entry("cheapest", List.of("price", "cost")), Map.entry("film", List.of("movie")),
            Map.entry("movie", List.of("film")), Map.entry("song", List.of("track")),
            Map.entry("track", List.of("song")), Map.entry("artist", List.of("singer")),
            Map.entry("singer", List.of("artist")), Map.entry("town", List.of("city")),
            Map.entry("city", List.of("town")), Map.entry("staff", List.of("employee")),
            Map.entry("employee", List.of("staff")), Map.entry("worker", List.of("employee")),
            Map.entry("teacher", List.of("instructor")), Map.entry("instructor", List.of("teacher")),
            Map.entry("nation", List.of("country")), Map.entry("nationality", List.of("country")),
            Map.entry("phone", List.of("telephone")), Map.entry("tall", List.of("height")),
            Map.entry("taller", List.of("height")), Map.entry("tallest", List.of("height")),
            Map.entry("heavy", List.of("weight")), Map.entry("heaviest", List.of("weight")),
            Map.entry("long", List.of("length")), Map.entry("longest", List.of("length")),
            Map.entry("female", List.of("gender", "sex")), Map.entry("male", List.of("gender", "sex")),
            Map.entry("woman", List.of("gender", "sex")), Map.entry("man", List.of("gender", "sex")),
            Map.entry("person", List.of("people")), Map.entry("kid", List.of("child")),
            Map.entry("money", List.of("amount")), Map.entry("spend", List.of("amount")),
            Map.entry("spent", List.of("amount")), Map.entry("store", List.of("shop")),
            Map.entry("shop", List.of("store")), Map.entry("manufacturer", List.of("maker", "make")),
            Map.entry("maker", List.of("manufacturer")), Map.entry("light", List.of("weight")),
            Map.entry("lighter", List.of("weight")), Map.entry("lightest", List.of("weight")),
            Map.entry("heavier", List.of("weight")), Map.entry("weigh", List.of("weight")),
            Map.entry("weighing", List.of("weight")), Map.entry("gasoline", List.of("mpg", "fuel")),
            Map.entry("student", List.of("pupil")), Map.entry("pupil", List.of("student")), Map.entry("population", List.of("populat"))));

    private static final double SYNONYM_WEIGHT = 0.6;
    private static final double FUZZY_WEIGHT = 0.6;
    private static final double VALUE_EXACT = 3.0;
    private static final double VALUE_WORD = 1.5;
    private static final double VALUE_FUZZY = 1.0;
    private static final double NEIGHBOUR_SHARE = 0.25;
    private static final double AREA_SHARE = 0.15;

    private final Settings settings;
    // Weighed by tables, not counted: a 20,000-table index must not stay alive beside the one that replaced it
    // (samples read in the background make a new catalog), while many small catalogs still share the cache.
    private final Cache<String, SchemaIndex> indexes = Caffeine.newBuilder().maximumWeight(30_000)
            .weigher((String fp, SchemaIndex idx) -> Math.max(1, idx.tables.size()))
            .executor(Runnable::run).build();

    public LexicalSchemaRetriever() {
        this(Settings.defaults());
    }

    public LexicalSchemaRetriever(Settings settings) {
        this.settings = settings;
    }

    /**
     * Builds (and caches) the index of {@code catalog} now, e.g. on the thread that made a sampled catalog, so that the
     * next question over it does not build it on its path (seconds on a 20,000-table catalog).
     */
    public void prepare(Catalog catalog) {
        index(catalog);
    }

    private SchemaIndex index(Catalog catalog) {
        return indexes.get(catalog.fingerprint(), fp -> new SchemaIndex(catalog, settings.samplesShown()));
    }

    @Override
    public RetrievedSchema retrieve(String question, Catalog catalog, int maxPromptTokens) {
        SchemaIndex idx = index(catalog);
        Evidence ev = evidence(idx, question == null ? "" : question);
        if (idx.fullSchemaTokens <= maxPromptTokens) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < idx.tables.size(); i++) {
                all.add(i);
            }
            return result(idx, ev, all, Set.of());
        }
        List<Integer> ranked = new ArrayList<>();
        for (int i = 0; i < idx.tables.size(); i++) {
            ranked.add(i);
        }
        // Ties (no evidence at all) go to the best-connected tables: hubs are what most questions join through.
        ranked.sort(Comparator.comparingDouble((Integer i) -> -ev.scores[i]).thenComparingInt(i -> -idx.graph.degree(i)));
        double top = ev.scores[ranked.get(0)];
        LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
        Set<Integer> pruned = new HashSet<>();
        int used = 0;
        int picks = 0;
        int wideLimit = Math.max(200, maxPromptTokens * 2 / 5);
        for (int r = 0; r < ranked.size(); r++) {
            int cand = ranked.get(r);
            if (chosen.contains(cand)) {
                continue;
            }
            if (r >= settings.minTables() && (top <= 0 || ev.scores[cand] < settings.minRelativeScore() * top)) {
                break;
            }
            if (used + Math.min(idx.tableTokens[cand], wideLimit) + 12 > maxPromptTokens) {
                // It cannot fit even without a join path (a path only adds tables): skip the path search, which on a
                // big catalog ran for every remaining candidate once the budget was spent. Counted as a pick, as before.
                picks++;
                continue;
            }
            List<Integer> path = idx.graph.nearest(cand, chosen, settings.maxJoinHops());
            List<Integer> adding = new ArrayList<>(path == null ? List.of() : path);
            adding.add(cand);
            int cost = cost(idx, adding, wideLimit);
            if (picks++ < settings.parentsOfTopPicks()) {
                // A top table's ids usually need the names in the tables they reference; worth it only
                // while the budget is far from spent.
                List<Integer> withParents = new ArrayList<>(adding);
                for (int parent : idx.parents(cand)) {
                    if (!chosen.contains(parent) && !withParents.contains(parent)) {
                        withParents.add(parent);
                    }
                }
                int costWith = cost(idx, withParents, wideLimit);
                if (used + costWith <= maxPromptTokens / 2) {
                    adding = withParents;
                    cost = costWith;
                }
            }
            if (used + cost > maxPromptTokens) {
                continue;
            }
            for (int t : adding) {
                if (chosen.add(t) && idx.tableTokens[t] > wideLimit) {
                    pruned.add(t);
                }
            }
            used += cost;
        }
        if (chosen.isEmpty()) {
            chosen.add(ranked.get(0));
            pruned.add(ranked.get(0));
        }
        List<Integer> order = new ArrayList<>(chosen);
        RetrievedSchema out = result(idx, ev, order, pruned);
        // The per-table estimates are close, not exact: shed the last picks until the prompt fits.
        while (out.promptTokens() + hintTokens(out) > maxPromptTokens && order.size() > 1) {
            order.remove(order.size() - 1);
            out = result(idx, ev, order, pruned);
        }
        return out;
    }

    private static int cost(SchemaIndex idx, List<Integer> tables, int wideLimit) {
        int cost = 0;
        for (int t : tables) {
            cost += Math.min(idx.tableTokens[t], wideLimit) + 12; // a join hint per added table
        }
        return cost;
    }

    private static int hintTokens(RetrievedSchema s) {
        return DdlRenderer.estimateTokens(String.join("\n", s.joinHints()));
    }

    private RetrievedSchema result(SchemaIndex idx, Evidence ev, List<Integer> order, Set<Integer> pruned) {
        List<TableInfo> tables = new ArrayList<>();
        int wideLimit = 0;
        for (int t : order) {
            TableInfo info = highlight(idx.tables.get(t), ev.matchedValues.get(t));
            if (pruned.contains(t)) {
                info = prune(info, ev.matchedColumns.getOrDefault(t, Set.of()), idx, t);
            }
            tables.add(info);
        }
        String ddl = order.size() == idx.tables.size() && ev.matchedValues.isEmpty()
                ? idx.fullDdl() : DdlRenderer.render(tables, settings.samplesShown());
        return new RetrievedSchema(tables, idx.joinHints(order), ddl, DdlRenderer.estimateTokens(ddl),
                idx.fullSchemaTokens);
    }

    /** The table with sample values the question matched moved first, so they are the ones rendered. */
    private static TableInfo highlight(TableInfo t, Map<Integer, Set<String>> matched) {
        if (matched == null) {
            return t;
        }
        List<ColumnInfo> cols = new ArrayList<>(t.columns());
        matched.forEach((c, values) -> {
            ColumnInfo col = cols.get(c);
            List<String> reordered = new ArrayList<>(values);
            col.sampleValues().stream().filter(v -> !values.contains(v)).forEach(reordered::add);
            cols.set(c, new ColumnInfo(col.name(), col.typeName(), col.jdbcType(), col.nullable(), col.remarks(),
                    reordered));
        });
        return new TableInfo(t.schema(), t.name(), t.type(), t.remarks(), cols, t.primaryKey(), t.importedKeys(),
                t.rowCount());
    }

    /** A wide table cut to its keys, the columns the question mentions, then the first others up to a bound. */
    private TableInfo prune(TableInfo t, Set<Integer> matchedColumns, SchemaIndex idx, int tableIndex) {
        Set<String> keys = new HashSet<>();
        t.primaryKey().forEach(k -> keys.add(k.toLowerCase(java.util.Locale.ROOT)));
        t.importedKeys().forEach(fk -> fk.fromColumns().forEach(c -> keys.add(c.toLowerCase(java.util.Locale.ROOT))));
        idx.catalog.referencingKeys(t.name()).forEach(fk -> fk.toColumns()
                .forEach(c -> keys.add(c.toLowerCase(java.util.Locale.ROOT))));
        int limit = 24;
        boolean[] keep = new boolean[t.columns().size()];
        int kept = 0;
        for (int c = 0; c < keep.length; c++) {
            if (matchedColumns.contains(c) || keys.contains(t.columns().get(c).name().toLowerCase(java.util.Locale.ROOT))) {
                keep[c] = true;
                kept++;
            }
        }
        for (int c = 0; c < keep.length && kept < limit; c++) {
            if (!keep[c]) {
                keep[c] = true;
                kept++;
            }
        }
        List<ColumnInfo> cols = new ArrayList<>();
        for (int c = 0; c < keep.length; c++) {
            if (keep[c]) {
                cols.add(t.columns().get(c));
            }
        }
        String remarks = (t.remarks() == null ? "" : t.remarks() + "; ") + (t.columns().size() - cols.size())
                + " more columns not shown";
        return new TableInfo(t.schema(), t.name(), t.type(), remarks, cols, t.primaryKey(), t.importedKeys(),
                t.rowCount());
    }

    /** What the question says about each table. */
    private static final class Evidence {
        final double[] scores;
        final Map<Integer, Set<Integer>> matchedColumns = new HashMap<>();
        final Map<Integer, Map<Integer, Set<String>>> matchedValues = new HashMap<>();

        Evidence(int n) {
            scores = new double[n];
        }

        void value(SchemaIndex.ValueSite s, double bonus, double[] valueScores) {
            valueScores[s.table()] = Math.max(valueScores[s.table()], bonus);
            matchedColumns.computeIfAbsent(s.table(), k -> new HashSet<>()).add(s.column());
            matchedValues.computeIfAbsent(s.table(), k -> new HashMap<>())
                    .computeIfAbsent(s.column(), k -> new LinkedHashSet<>()).add(s.value());
        }
    }

    static Evidence evidence(SchemaIndex idx, String question) {
        int n = idx.tables.size();
        Evidence ev = new Evidence(n);
        Map<String, Double> query = new LinkedHashMap<>();
        for (String term : Terms.text(question)) {
            query.merge(term, 1.0, Math::max);
            for (String syn : SYNONYMS.getOrDefault(term, List.of())) {
                query.merge(syn, SYNONYM_WEIGHT, Math::max);
            }
            if (!idx.postings.containsKey(term)) {
                for (String near : idx.fuzzyTerms(term)) {
                    query.merge(near, FUZZY_WEIGHT, Math::max);
                }
            }
        }
        // "high schoolers" names the table Highschooler: adjacent words also count joined.
        List<String> plain = Terms.words(question);
        for (int i = 0; i + 1 < plain.size(); i++) {
            if (!Terms.isStopword(plain.get(i)) && !Terms.isStopword(plain.get(i + 1))) {
                String joined = Terms.stem(plain.get(i) + plain.get(i + 1));
                if (idx.postings.containsKey(joined)) {
                    query.merge(joined, 1.0, Math::max);
                } else if (joined.length() >= 7) {
                    for (String longer : idx.termsStartingWith(joined, 3)) {
                        query.merge(longer, FUZZY_WEIGHT, Math::max);
                    }
                }
            }
        }
        query.forEach((term, w) -> idx.addBm25(term, w, ev.scores));
        for (int t = 0; t < n; t++) {
            if (ev.scores[t] <= 0) {
                continue;
            }
            List<Set<String>> cols = idx.columnTerms.get(t);
            for (int c = 0; c < cols.size(); c++) {
                for (String term : cols.get(c)) {
                    if (query.containsKey(term)) {
                        ev.matchedColumns.computeIfAbsent(t, k -> new HashSet<>()).add(c);
                        break;
                    }
                }
            }
        }
        // Values: a table gets the best of its value bonuses, not their sum, so one column of many matching
        // values cannot drown the names.
        double[] valueScores = new double[n];
        List<String> words = Terms.words(question);
        Set<SchemaIndex.ValueSite> wholeSites = new HashSet<>();
        for (int len = Math.min(5, words.size()); len >= 1; len--) {
            for (int i = 0; i + len <= words.size(); i++) {
                List<String> gram = words.subList(i, i + len);
                if (gram.stream().allMatch(Terms::isStopword)) {
                    continue;
                }
                String text = String.join(" ", gram);
                if (text.length() < 3) {
                    continue;
                }
                List<SchemaIndex.ValueSite> sites = idx.wholeValues.get(text);
                if (sites != null) {
                    double bonus = VALUE_EXACT / (1 + Math.log(distinctTables(sites)));
                    for (SchemaIndex.ValueSite s : sites) {
                        wholeSites.add(s);
                        ev.value(s, bonus, valueScores);
                    }
                }
            }
        }
        for (String w : words) {
            if (w.length() < 4 || Terms.isStopword(w)) {
                continue;
            }
            List<SchemaIndex.ValueSite> sites = idx.valueWords.get(w);
            if (sites != null) {
                double bonus = VALUE_WORD / (1 + Math.log(distinctTables(sites)));
                sites.stream().filter(s -> !wholeSites.contains(s)).forEach(s -> ev.value(s, bonus, valueScores));
            } else {
                for (String near : idx.fuzzyValueWords(w)) {
                    List<SchemaIndex.ValueSite> nearSites = idx.valueWords.get(near);
                    double bonus = VALUE_FUZZY / (1 + Math.log(distinctTables(nearSites)));
                    nearSites.forEach(s -> ev.value(s, bonus, valueScores));
                }
            }
        }
        for (int t = 0; t < n; t++) {
            ev.scores[t] += valueScores[t];
        }
        propagate(idx, ev.scores);
        return ev;
    }

    /**
     * Tables are rarely asked about alone: a table gains a share of its best foreign-key neighbour's score
     * (the names behind a link table's ids), and of the summed evidence of its connected component (the
     * subject area the question is about), so that one strong table pulls its own area ahead of look-alikes
     * elsewhere in a large catalog.
     */
    private static void propagate(SchemaIndex idx, double[] scores) {
        int n = scores.length;
        double[] raw = scores.clone();
        Map<Integer, double[]> top3 = new HashMap<>();
        for (int t = 0; t < n; t++) {
            if (raw[t] <= 0 || idx.componentSize[idx.component[t]] < 2) {
                continue;
            }
            double[] best = top3.computeIfAbsent(idx.component[t], k -> new double[3]);
            double v = raw[t];
            for (int i = 0; i < 3; i++) {
                if (v > best[i]) {
                    double tmp = best[i];
                    best[i] = v;
                    v = tmp;
                }
            }
        }
        for (int t = 0; t < n; t++) {
            double neighbour = 0;
            for (int[] edge : idx.graph.neighbours(t)) {
                neighbour = Math.max(neighbour, raw[edge[0]]);
            }
            double[] best = top3.get(idx.component[t]);
            double area = best == null ? 0 : best[0] + best[1] + best[2];
            scores[t] = raw[t] + NEIGHBOUR_SHARE * neighbour + AREA_SHARE * area;
        }
    }

    private static int distinctTables(List<SchemaIndex.ValueSite> sites) {
        if (sites.size() == 1) {
            return 1;
        }
        Set<Integer> t = new HashSet<>();
        sites.forEach(s -> t.add(s.table()));
        return t.size();
    }

    private static Map<String, List<String>> synonyms(Map<String, List<String>> raw) {
        Map<String, List<String>> out = new HashMap<>();
        raw.forEach((k, v) -> out.put(Terms.stem(k), v.stream().map(Terms::stem).toList()));
        return out;
    }
}
