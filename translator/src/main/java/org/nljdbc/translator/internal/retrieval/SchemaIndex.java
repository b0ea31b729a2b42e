package org.nljdbc.translator.internal.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * Everything about one catalog that retrieval needs and that does not depend on the question, built once
 * per catalog fingerprint: a BM25 index over table documents (name, column names, comments), a dictionary
 * of sampled values (whole values and their words, with one-edit fuzzy lookup), the foreign-key graph, and
 * each table's rendered size.
 */
final class SchemaIndex {
    static final double K1 = 1.2;
    static final double B = 0.75;
    static final double W_TABLE_NAME = 3.0;
    static final double W_COLUMN_NAME = 1.0;
    static final double W_COMMENT = 0.7;

    /** Where a sampled value lives. */
    record ValueSite(int table, int column, String value) {
    }

    final Catalog catalog;
    final List<TableInfo> tables;
    final org.nljdbc.translator.internal.catalog.JoinGraph graph;
    final Map<String, Map<Integer, Double>> postings = new HashMap<>();
    final java.util.TreeSet<String> vocabulary = new java.util.TreeSet<>();
    final double[] docLength;
    final double avgDocLength;
    /** Per table, per column: the column's terms (name and comment). */
    final List<List<Set<String>>> columnTerms = new ArrayList<>();
    final Map<String, List<ValueSite>> wholeValues = new HashMap<>();
    final Map<String, List<ValueSite>> valueWords = new HashMap<>();
    /** One-deletion neighbourhoods of index terms and value words (length >= 5), for one-edit typos. */
    final Map<String, Set<String>> termDeletions = new HashMap<>();
    final Map<String, Set<String>> valueWordDeletions = new HashMap<>();
    final int[] tableTokens;
    /** FK-connected component of each table, and the size of each component. */
    final int[] component;
    final int[] componentSize;
    final int fullSchemaTokens;
    private final int samplesShown;
    /** Positions of the tables of each name (case-insensitive), in catalog order. */
    private final Map<String, List<Integer>> byName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** The whole schema rendered, made when first asked for: on a big catalog it is megabytes no prompt takes. */
    private volatile String fullDdl;

    SchemaIndex(Catalog catalog, int samplesShown) {
        this.catalog = catalog;
        this.tables = catalog.tables();
        this.graph = catalog.joinGraph();
        this.samplesShown = samplesShown;
        int n = tables.size();
        docLength = new double[n];
        tableTokens = new int[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            byName.computeIfAbsent(tables.get(i).name(), k -> new ArrayList<>(1)).add(i);
        }
        Set<String> present = byName.keySet();
        long fullChars = 0;
        StringBuilder sb = new StringBuilder();
        Map<ColumnKey, ColumnTerms> seen = new HashMap<>();
        DdlRenderer.Shown shown = new DdlRenderer.Shown();
        for (int i = 0; i < n; i++) {
            TableInfo t = tables.get(i);
            Map<String, Double> tf = new LinkedHashMap<>();
            for (String term : Terms.identifier(t.name())) {
                tf.merge(term, W_TABLE_NAME, Double::sum);
            }
            if (t.remarks() != null) {
                for (String term : Terms.text(t.remarks())) {
                    tf.merge(term, W_COMMENT, Double::sum);
                }
            }
            List<Set<String>> cols = new ArrayList<>(t.columns().size());
            for (int c = 0; c < t.columns().size(); c++) {
                ColumnInfo col = t.columns().get(c);
                ColumnTerms ct = columnTerms(col, seen);
                for (String term : ct.name()) {
                    tf.merge(term, W_COLUMN_NAME, Double::sum);
                }
                for (String term : ct.comment()) {
                    tf.merge(term, W_COMMENT, Double::sum);
                }
                cols.add(ct.all());
                for (String v : col.sampleValues()) {
                    indexValue(i, c, v);
                }
            }
            columnTerms.add(cols);
            double len = 0;
            for (Map.Entry<String, Double> e : tf.entrySet()) {
                postings.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(i, e.getValue());
                len += e.getValue();
            }
            docLength[i] = len;
            total += len;
            sb.setLength(0);
            DdlRenderer.render(t, sb, samplesShown, null, shown);
            tableTokens[i] = DdlRenderer.estimateTokens(sb);
            // Rendered among all tables it differs only where a foreign key names a table the catalog lacks.
            if (t.importedKeys().stream().allMatch(fk -> present.contains(fk.toTable()))) {
                fullChars += sb.length();
            } else {
                sb.setLength(0);
                DdlRenderer.render(t, sb, samplesShown, present, shown);
                fullChars += sb.length();
            }
        }
        avgDocLength = n == 0 ? 1 : Math.max(1, total / n);
        component = graph.components();
        componentSize = new int[n];
        for (int c : component) {
            componentSize[c]++;
        }
        vocabulary.addAll(postings.keySet());
        for (String term : postings.keySet()) {
            addDeletions(term, termDeletions);
        }
        for (String w : valueWords.keySet()) {
            addDeletions(w, valueWordDeletions);
        }
        // The same estimate as of the rendered whole (its length is the sum of the tables'), without keeping it.
        fullSchemaTokens = (int) Math.min(Integer.MAX_VALUE, (fullChars + 3) / 4);
    }

    private record ColumnKey(String name, String remarks) {
    }

    /**
     * A column's terms: of its name (distinct, in order), of its comment (as they come), and both as one set. Columns
     * of the same name and comment share one: a big catalog has tens of thousands of columns but few distinct names.
     */
    private record ColumnTerms(Set<String> name, List<String> comment, Set<String> all) {
    }

    private static ColumnTerms columnTerms(ColumnInfo col, Map<ColumnKey, ColumnTerms> seen) {
        return seen.computeIfAbsent(new ColumnKey(col.name(), col.remarks()), k -> {
            Set<String> name = new LinkedHashSet<>(Terms.identifier(k.name()));
            List<String> comment = k.remarks() == null ? List.of() : List.copyOf(Terms.text(k.remarks()));
            Set<String> all = new LinkedHashSet<>(name);
            all.addAll(comment);
            return new ColumnTerms(java.util.Collections.unmodifiableSet(name), comment,
                    java.util.Collections.unmodifiableSet(all));
        });
    }

    /** The whole schema as DDL, rendered on first use. */
    String fullDdl() {
        String ddl = fullDdl;
        if (ddl == null) {
            ddl = DdlRenderer.render(tables, samplesShown);
            fullDdl = ddl;
        }
        return ddl;
    }

    /** Tables that {@code table}'s foreign keys reference. */
    List<Integer> parents(int table) {
        List<Integer> out = new ArrayList<>();
        for (org.nljdbc.translator.internal.catalog.ForeignKey fk : tables.get(table).importedKeys()) {
            for (int i : byName.getOrDefault(fk.toTable(), List.of())) {
                if (i != table && !out.contains(i)) {
                    out.add(i);
                    break;
                }
            }
        }
        return out;
    }

    double idf(String term) {
        Map<Integer, Double> p = postings.get(term);
        int df = p == null ? 0 : p.size();
        return Math.log(1 + (tables.size() - df + 0.5) / (df + 0.5));
    }

    /** Adds the BM25 contribution of one query term (with a query weight) to {@code scores}. */
    void addBm25(String term, double queryWeight, double[] scores) {
        Map<Integer, Double> p = postings.get(term);
        if (p == null) {
            return;
        }
        double idf = idf(term);
        for (Map.Entry<Integer, Double> e : p.entrySet()) {
            int t = e.getKey();
            double tf = e.getValue();
            scores[t] += queryWeight * idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * docLength[t] / avgDocLength));
        }
    }

    /** Index terms that start with {@code prefix}, at most {@code max} of them. */
    List<String> termsStartingWith(String prefix, int max) {
        List<String> out = new ArrayList<>();
        for (String t : vocabulary.tailSet(prefix, true)) {
            if (!t.startsWith(prefix) || out.size() >= max) {
                break;
            }
            out.add(t);
        }
        return out;
    }

    /** Index terms within one edit of {@code term} (length >= 5 only). */
    Set<String> fuzzyTerms(String term) {
        return fuzzy(term, termDeletions);
    }

    Set<String> fuzzyValueWords(String word) {
        return fuzzy(word, valueWordDeletions);
    }

    private static Set<String> fuzzy(String word, Map<String, Set<String>> deletions) {
        if (word.length() < 5) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        Set<String> direct = deletions.get(word);
        if (direct != null) {
            out.addAll(direct); // the word is a deletion of a longer term
        }
        for (int i = 0; i < word.length(); i++) {
            String d = word.substring(0, i) + word.substring(i + 1);
            Set<String> hit = deletions.get(d);
            if (hit != null) {
                out.addAll(hit); // a substitution, or the term is a deletion of the word
            }
        }
        out.remove(word);
        return out;
    }

    private static void addDeletions(String term, Map<String, Set<String>> deletions) {
        if (term.length() < 5 || !term.chars().allMatch(Character::isLetter)) {
            return;
        }
        deletions.computeIfAbsent(term, k -> new HashSet<>(2)).add(term);
        for (int i = 0; i < term.length(); i++) {
            deletions.computeIfAbsent(term.substring(0, i) + term.substring(i + 1), k -> new HashSet<>(2)).add(term);
        }
    }

    private void indexValue(int table, int column, String value) {
        String norm = normalize(value);
        if (norm.length() < 2) {
            return;
        }
        ValueSite site = new ValueSite(table, column, value);
        wholeValues.computeIfAbsent(norm, k -> new ArrayList<>(2)).add(site);
        List<String> words = Terms.words(norm);
        if (words.size() > 1) {
            for (String w : words) {
                if (w.length() >= 4 && !Terms.isStopword(w)) {
                    valueWords.computeIfAbsent(w, k -> new ArrayList<>(2)).add(site);
                }
            }
        } else if (words.size() == 1 && words.get(0).length() >= 5) {
            valueWords.computeIfAbsent(words.get(0), k -> new ArrayList<>(2)).add(site);
        }
    }

    static String normalize(String value) {
        return String.join(" ", Terms.words(value.toLowerCase(Locale.ROOT)));
    }

    /** Join conditions of every foreign key between two of {@code chosen}, as {@code a.x = b.y [AND ...]}. */
    List<String> joinHints(java.util.Collection<Integer> chosen) {
        Set<Integer> in = new java.util.HashSet<>(chosen);
        List<String> hints = new ArrayList<>();
        Set<Integer> seen = new java.util.HashSet<>();
        for (int i : chosen) {
            for (int[] edge : graph.neighbours(i)) {
                if (in.contains(edge[0]) && seen.add(edge[1])) {
                    hints.add(joinHint(graph.key(edge[1])));
                }
            }
        }
        return hints;
    }

    private static String joinHint(org.nljdbc.translator.internal.catalog.ForeignKey fk) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < fk.fromColumns().size(); c++) {
            if (c > 0) {
                sb.append(" AND ");
            }
            sb.append(fk.fromTable()).append('.').append(fk.fromColumns().get(c)).append(" = ")
                    .append(fk.toTable()).append('.').append(fk.toColumns().get(c));
        }
        return sb.toString();
    }
}
