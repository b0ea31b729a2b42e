package org.nljdbc.translator.internal.symbolic;

import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.JoinGraph;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * The catalog seen as words: every table, column and sampled value under the phrases a question may use for it,
 * and the foreign-key graph for join paths. Built once per catalog.
 */
final class SchemaLexicon {
    /** Trailing words of a column name that a question usually leaves out ("net worth" for Net_Worth_Millions). */
    private static final Set<String> UNIT_WORDS = Set.of("million", "millions", "mm", "cm", "kg", "km", "usd",
            "qty", "code", "num", "no", "amt", "in");

    /** Question word (stem) to schema words it may stand for, best first. */
    static final Map<String, List<String>> SYNONYMS = Map.ofEntries(
            Map.entry("revenue", List.of("revenue", "sale", "totalamount", "amount", "total")),
            Map.entry("sale", List.of("sale", "revenue", "totalamount", "amount", "total")),
            Map.entry("turnover", List.of("revenue", "sale", "totalamount", "amount", "total")),
            Map.entry("income", List.of("income", "revenue", "totalamount", "amount")),
            Map.entry("earning", List.of("earning", "revenue", "totalamount", "amount")),
            Map.entry("spending", List.of("totalamount", "amount")),
            Map.entry("cost", List.of("cost", "price", "unitprice")),
            Map.entry("quantity", List.of("quantity", "qty")),
            Map.entry("stock", List.of("stockqty", "stock", "stockquantity", "inventory")),
            Map.entry("inventory", List.of("inventory", "stockqty", "stock")),
            Map.entry("score", List.of("score", "rating")),
            Map.entry("star", List.of("rating", "star")),
            Map.entry("title", List.of("title", "name")),
            Map.entry("mail", List.of("email")),
            Map.entry("e", List.of("email")));

    /** A name read without its naming-convention prefix (Ref_, dim_, a schema-wide sb) still names it directly. */
    static final double PREFIXED_QUALITY = 0.95;

    /** Links at this quality or above name their column directly; synonyms are below it. */
    static final double DIRECT_QUALITY = 0.9;

    record Link(Kind kind, TableInfo table, ColumnInfo column, String value, double quality) {
        enum Kind { TABLE, COLUMN, VALUE }
    }

    // Weak: the translator keeps lexicons in a WeakHashMap keyed by the catalog, which a strong reference from the
    // value would keep alive forever (every catalog ever read, samples and all). Whoever asks holds the catalog.
    private final java.lang.ref.WeakReference<Catalog> catalog;
    private final Map<String, List<Link>> byPhrase = new HashMap<>();
    private final Map<String, List<Link>> byValue = new HashMap<>();
    private final JoinGraph joins;

    SchemaLexicon(Catalog catalog) {
        this(catalog, Map.of());
    }

    /**
     * @param synonyms the administrator's phrases (a semantics file's synonyms) to the {@code table} or
     *                 {@code table.column} they name; a phrase naming what {@code catalog} does not show is ignored
     */
    SchemaLexicon(Catalog catalog, Map<String, String> synonyms) {
        this.catalog = new java.lang.ref.WeakReference<>(catalog);
        this.joins = catalog.joinGraph();
        int namespace = NamingPrefixes.namespaceLength(catalog.tables().stream().map(TableInfo::name).toList());
        for (TableInfo t : catalog.tables()) {
            List<String> tableStems = Words.stems(Words.split(t.name()));
            add(concat(tableStems), new Link(Link.Kind.TABLE, t, null, null, 1.0));
            List<String> subject = NamingPrefixes.subject(t.name(), namespace);
            if (!subject.isEmpty()) {
                add(concat(subject), new Link(Link.Kind.TABLE, t, null, null, PREFIXED_QUALITY)); // Ref_Template_Types
            }
            int columnPrefix = NamingPrefixes.commonLength(t.columns().stream().map(ColumnInfo::name).toList());
            for (ColumnInfo c : t.columns()) {
                List<String> stems = Words.stems(Words.split(c.name()));
                add(concat(stems), new Link(Link.Kind.COLUMN, t, c, null, 1.0));
                if (columnPrefix > 0) {
                    // sbTxAmount in sbTransaction is "amount", and "transaction amount"
                    List<String> rest = Words.stems(Words.splitExpanded(c.name().substring(columnPrefix)));
                    add(concat(rest), new Link(Link.Kind.COLUMN, t, c, null, PREFIXED_QUALITY));
                    if (!subject.isEmpty()) {
                        List<String> qualified = new ArrayList<>(subject);
                        qualified.addAll(rest);
                        add(concat(qualified), new Link(Link.Kind.COLUMN, t, c, null, PREFIXED_QUALITY));
                    }
                }
                List<String> expanded = Words.stems(Words.splitExpanded(c.name()));
                if (!expanded.equals(stems)) {
                    add(concat(expanded), new Link(Link.Kind.COLUMN, t, c, null, 0.95));
                }
                int of = stems.indexOf("of");
                if (of > 0 && of < stems.size() - 1) {
                    // Level_of_membership is also "membership level"
                    List<String> swapped = new ArrayList<>(stems.subList(of + 1, stems.size()));
                    swapped.addAll(stems.subList(0, of));
                    add(concat(swapped), new Link(Link.Kind.COLUMN, t, c, null, 0.95));
                }
                if (!stems.subList(0, Math.min(stems.size(), tableStems.size())).equals(tableStems)) {
                    List<String> qualified = new ArrayList<>(tableStems);
                    qualified.addAll(stems);
                    add(concat(qualified), new Link(Link.Kind.COLUMN, t, c, null, 1.0)); // "singer name"
                }
                List<String> rest = withoutAffix(stems, tableStems);
                if (!rest.isEmpty() && rest.size() < stems.size()) {
                    add(concat(rest), new Link(Link.Kind.COLUMN, t, c, null, 0.95));
                }
                if (stems.size() > 1 && UNIT_WORDS.contains(stems.get(stems.size() - 1))) {
                    add(concat(stems.subList(0, stems.size() - 1)), new Link(Link.Kind.COLUMN, t, c, null, 0.9));
                }
                for (String v : c.sampleValues()) {
                    String key = valueKey(v);
                    if (!key.isBlank()) {
                        byValue.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(new Link(Link.Kind.VALUE, t, c, v, 1.0));
                    }
                }
            }
        }
        synonyms.forEach((phrase, target) -> addSynonym(catalog, phrase, target));
    }

    /**
     * A phrase the administrator declared names a column (or table) as directly as its own name does, but never
     * displaces what the schema's names already link, nor a word whose built-in synonyms are known.
     */
    private void addSynonym(Catalog catalog, String phrase, String target) {
        List<String> stems = Words.stems(Words.split(phrase));
        if (stems.isEmpty() || byPhrase.containsKey(concat(stems))
                || target.indexOf('.') < 0 && stems.size() == 1 && SYNONYMS.containsKey(stems.get(0))) {
            return;
        }
        int dot = target.indexOf('.');
        Optional<TableInfo> table = catalog.table(dot < 0 ? target : target.substring(0, dot));
        if (table.isEmpty()) {
            return;
        }
        if (dot < 0) {
            add(concat(stems), new Link(Link.Kind.TABLE, table.get(), null, null, 0.95));
            return;
        }
        String column = target.substring(dot + 1);
        table.get().columns().stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst()
                .ifPresent(c -> add(concat(stems), new Link(Link.Kind.COLUMN, table.get(), c, null, 0.95)));
    }

    Catalog catalog() {
        return catalog.get();
    }

    /** Tables and columns a span of question stems names, with synonyms at a lower quality. */
    List<Link> schemaLinks(List<String> stems) {
        List<Link> direct = byPhrase.getOrDefault(concat(stems), List.of());
        if (direct.isEmpty() && stems.size() >= 3 && stems.contains("of")) {
            // "number of products" for Number_products
            direct = byPhrase.getOrDefault(concat(stems.stream().filter(w -> !w.equals("of")).toList()), List.of());
        }
        if (!direct.isEmpty() || stems.size() != 1) {
            return direct;
        }
        List<String> alternatives = SYNONYMS.get(stems.get(0));
        if (alternatives == null) {
            return List.of();
        }
        for (int rank = 0; rank < alternatives.size(); rank++) {
            List<Link> found = byPhrase.getOrDefault(alternatives.get(rank), List.of()).stream()
                    .filter(l -> l.kind() == Link.Kind.COLUMN).toList();
            if (!found.isEmpty()) {
                double q = 0.88 - 0.02 * rank; // below DIRECT_QUALITY
                return found.stream().map(l -> new Link(l.kind(), l.table(), l.column(), null, q * l.quality()))
                        .toList();
            }
        }
        return List.of();
    }

    /** Sampled values equal (ignoring case and punctuation) to a span of the question. */
    List<Link> valueLinks(String text) {
        return byValue.getOrDefault(valueKey(text), List.of());
    }

    boolean hasValues() {
        return !byValue.isEmpty();
    }

    /**
     * The shortest join path from {@code from} to {@code to}. The symbolic reading of the catalog's graph: a key
     * that references one column twice is several keys merged ("Friend(student_id, friend_id) -> Highschooler(id,
     * id)"), so a path along one is {@link JoinGraph.Ambiguous} too: the question does not say which relationship
     * it means, and the key's columns together are no join condition.
     */
    JoinGraph.Path path(TableInfo from, TableInfo to) {
        JoinGraph.Path p = joins.path(from, to);
        if (p instanceof JoinGraph.Unique u && u.steps().stream().anyMatch(JoinGraph.Step::merged)) {
            int ways = 1;
            for (JoinGraph.Step step : u.steps()) {
                ways *= step.merged() ? step.key().fromColumns().size() : 1;
            }
            return new JoinGraph.Ambiguous(ways, List.of(u.steps()));
        }
        return p;
    }

    /** Whether exactly one shortest path joins the two tables, and it is one key long. */
    boolean adjacent(TableInfo from, TableInfo to) {
        return path(from, to) instanceof JoinGraph.Unique u && u.steps().size() == 1;
    }

    static boolean isNumeric(ColumnInfo c) {
        return switch (c.jdbcType()) {
            case Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT, Types.DECIMAL, Types.NUMERIC,
                 Types.DOUBLE, Types.FLOAT, Types.REAL -> true;
            default -> {
                String type = c.typeName() == null ? "" : c.typeName().toUpperCase(Locale.ROOT);
                yield type.contains("INT") || type.contains("NUM") || type.contains("DEC") || type.contains("REAL")
                        || type.contains("DOUB") || type.contains("FLOAT");
            }
        };
    }

    static boolean isTemporal(ColumnInfo c) {
        return switch (c.jdbcType()) {
            case Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> true;
            default -> {
                String type = c.typeName() == null ? "" : c.typeName().toUpperCase(Locale.ROOT);
                yield type.contains("DATE") || type.contains("TIMESTAMP");
            }
        };
    }

    static boolean isText(ColumnInfo c) {
        return !isNumeric(c) && !isTemporal(c);
    }

    static String key(TableInfo t) {
        return (t.schema() == null ? "" : t.schema() + ".") + t.name();
    }

    static String valueKey(String v) {
        return String.join(" ", v.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).trim();
    }

    private void add(String phrase, Link link) {
        List<Link> list = byPhrase.computeIfAbsent(phrase, k -> new ArrayList<>());
        boolean dup = list.stream().anyMatch(l -> l.table() == link.table() && l.column() == link.column());
        if (!dup) {
            list.add(link);
        }
    }

    private static String concat(List<String> stems) {
        return String.join("", stems);
    }

    /** The column's words without the table's words at its start or end: order_date in orders gives "date". */
    private static List<String> withoutAffix(List<String> stems, List<String> tableStems) {
        int n = tableStems.size();
        if (stems.size() > n && stems.subList(0, n).equals(tableStems)) {
            return stems.subList(n, stems.size());
        }
        if (stems.size() > n && stems.subList(stems.size() - n, stems.size()).equals(tableStems)) {
            return stems.subList(0, stems.size() - n);
        }
        // order_items.order_id: the first word of the table alone is also a common prefix
        if (stems.size() > 1 && !tableStems.isEmpty() && stems.get(0).equals(tableStems.get(0))) {
            return stems.subList(1, stems.size());
        }
        return List.of();
    }
}
