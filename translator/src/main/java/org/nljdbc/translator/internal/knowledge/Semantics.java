package org.nljdbc.translator.internal.knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.conversation.QueryTables;

/**
 * The business knowledge of a semantics file ({@code nl.semantics}, YAML or JSON; schema in the README): table and
 * column descriptions and synonyms, metrics, named filters, default time columns and verified examples. Immutable;
 * {@link #visibleIn(Catalog)} is what a policy lets a question use: a metric, filter or example naming a table the
 * catalog does not show (denied, hidden, absent) is left out, never used. The accessors are the read-only API the
 * LLM-free translator may use.
 */
public final class Semantics {
    private static final Semantics EMPTY = new Semantics(Map.of(), List.of(), List.of(), List.of());

    /** A column's description and synonyms. */
    public record Column(String description, List<String> synonyms) {
        public Column {
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
        }
    }

    /** A table's description, synonyms, default time column and columns. */
    public record Table(String description, List<String> synonyms,
                        @JsonProperty("timeColumn") String timeColumn, Map<String, Column> columns) {
        public Table {
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
            columns = columns == null ? Map.of() : Map.copyOf(columns);
        }
    }

    /** A measure: its name, SQL expression over {@code tables}, description and synonyms. */
    public record Metric(String name, String sql, List<String> tables, String description, List<String> synonyms) {
        public Metric {
            require(name, "a metric needs a name");
            require(sql, "metric \"" + name + "\" needs its sql expression");
            if (tables == null || tables.isEmpty()) {
                throw new IllegalArgumentException("metric \"" + name + "\" needs the tables it reads");
            }
            tables = List.copyOf(tables);
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
        }
    }

    /** A named condition ("active customers") over {@code tables}. */
    public record Filter(String name, String sql, List<String> tables, String description) {
        public Filter {
            require(name, "a filter needs a name");
            require(sql, "filter \"" + name + "\" needs its sql condition");
            if (tables == null || tables.isEmpty()) {
                throw new IllegalArgumentException("filter \"" + name + "\" needs the tables it reads");
            }
            tables = List.copyOf(tables);
        }
    }

    /** A verified example as written in the file. */
    public record Example(String question, String sql) {
        public Example {
            require(question, "an example needs a question");
            require(sql, "example \"" + question + "\" needs its sql");
        }
    }

    /** The file's top level. */
    record File(Map<String, Table> tables, List<Metric> metrics, List<Filter> filters, List<Example> examples) {
    }

    private final Map<String, Table> tables;
    private final List<Metric> metrics;
    private final List<Filter> filters;
    private final List<Example> examples;

    private Semantics(Map<String, Table> tables, List<Metric> metrics, List<Filter> filters, List<Example> examples) {
        Map<String, Table> byName = new LinkedHashMap<>();
        tables.forEach((k, v) -> byName.put(k.toLowerCase(Locale.ROOT), v));
        this.tables = java.util.Collections.unmodifiableMap(byName);
        this.metrics = List.copyOf(metrics);
        this.filters = List.copyOf(filters);
        this.examples = List.copyOf(examples);
    }

    public static Semantics empty() {
        return EMPTY;
    }

    /**
     * Reads and validates a semantics file ({@code .json} as JSON, anything else as YAML).
     *
     * @throws IllegalArgumentException naming the file's line and what is wrong there
     */
    public static Semantics load(Path path) throws IOException {
        String text = Files.readString(path);
        boolean json = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = (json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            File f = mapper.readValue(text, File.class);
            if (f == null) {
                return EMPTY;
            }
            return new Semantics(f.tables() == null ? Map.of() : f.tables(),
                    f.metrics() == null ? List.of() : f.metrics(), f.filters() == null ? List.of() : f.filters(),
                    f.examples() == null ? List.of() : f.examples());
        } catch (JsonMappingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
            String what = cause != null ? cause.getMessage() : e.getOriginalMessage().replaceAll("\\s+", " ");
            throw new IllegalArgumentException("semantics file " + path.getFileName() + ", line " + line
                    + where(e) + ": " + shorten(what), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new IllegalArgumentException("semantics file " + path.getFileName() + ", line " + line + ": "
                    + shorten(e.getOriginalMessage()), e);
        }
    }

    /** The entry an error is in, e.g. {@code  (metrics[0])}: a missing field is only noticed where its entry ends. */
    private static String where(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "" : " (" + sb + ")";
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").replaceAll(" \\(class org\\.nljdbc[^)]*\\)", "");
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }

    private static void require(String s, String message) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * What a question over {@code catalog} may use: descriptions of the tables it shows, and only the metrics,
     * filters and examples all of whose tables it shows.
     */
    public Semantics visibleIn(Catalog catalog) {
        Map<String, Table> t = new LinkedHashMap<>();
        tables.forEach((name, table) -> {
            if (catalog.table(name).isPresent()) {
                t.put(name, table);
            }
        });
        List<Metric> m = metrics.stream().filter(x -> x.tables().stream().allMatch(n -> catalog.table(n)
                .isPresent())).toList();
        List<Filter> f = filters.stream().filter(x -> x.tables().stream().allMatch(n -> catalog.table(n)
                .isPresent())).toList();
        List<Example> e = examples.stream().filter(x -> readsOnlyVisible(x.sql(), catalog)).toList();
        return new Semantics(t, m, f, e);
    }

    static boolean readsOnlyVisible(String sql, Catalog catalog) {
        try {
            List<String> names = QueryTables.of(sql);
            return !names.isEmpty() && names.stream().allMatch(n -> catalog.table(n).isPresent());
        } catch (RuntimeException unparsable) {
            return false;
        }
    }

    public Map<String, Table> tables() {
        return tables;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    public List<Filter> filters() {
        return filters;
    }

    public List<Example> examples() {
        return examples;
    }

    /** The default time column of {@code table}, or null. */
    public String timeColumn(String table) {
        Table t = tables.get(table.toLowerCase(Locale.ROOT));
        return t == null ? null : t.timeColumn();
    }

    /**
     * Synonyms to what they name: {@code table} or {@code table.column}, keyed by the synonym's normalised words
     * ({@link QuestionKey#normalise}).
     */
    public Map<String, String> synonyms() {
        Map<String, String> out = new LinkedHashMap<>();
        tables.forEach((name, t) -> {
            t.synonyms().forEach(s -> out.put(QuestionKey.normalise(s), name));
            t.columns().forEach((col, c) -> c.synonyms().forEach(s -> out.put(QuestionKey.normalise(s),
                    name + "." + col)));
        });
        return out;
    }

    public boolean isEmpty() {
        return tables.isEmpty() && metrics.isEmpty() && filters.isEmpty() && examples.isEmpty();
    }

    /**
     * {@code question} with the names of what its words point to through the file, for schema retrieval: a
     * synonym adds its table or column, a metric or named filter named in it adds its tables, a description word
     * (four letters or more) adds its table or column.
     */
    public String expand(String question) {
        String q = " " + QuestionKey.normalise(question) + " ";
        Set<String> words = new LinkedHashSet<>(QuestionKey.words(question));
        Set<String> add = new LinkedHashSet<>();
        synonyms().forEach((syn, target) -> {
            if (q.contains(" " + syn + " ")) {
                add.add(target.replace('.', ' '));
            }
        });
        for (Metric m : metrics) {
            List<String> names = new ArrayList<>(m.synonyms());
            names.add(m.name());
            if (names.stream().anyMatch(n -> q.contains(" " + QuestionKey.normalise(n) + " "))) {
                add.addAll(m.tables());
            }
        }
        for (Filter f : filters) {
            if (q.contains(" " + QuestionKey.normalise(f.name()) + " ")) {
                add.addAll(f.tables());
            }
        }
        tables.forEach((name, t) -> {
            if (describes(t.description(), words)) {
                add.add(name);
            }
            t.columns().forEach((col, c) -> {
                if (describes(c.description(), words)) {
                    add.add(name + " " + col);
                }
            });
        });
        return add.isEmpty() ? question : question + " " + String.join(" ", add);
    }

    private static boolean describes(String description, Set<String> questionWords) {
        return description != null && QuestionKey.words(description).stream()
                .anyMatch(w -> w.length() >= 4 && questionWords.contains(w));
    }
}
