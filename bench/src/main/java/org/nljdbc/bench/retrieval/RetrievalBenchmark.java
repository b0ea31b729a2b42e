package org.nljdbc.bench.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.ForeignKey;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.retrieval.LexicalSchemaRetriever;
import org.nljdbc.translator.internal.retrieval.RetrievedSchema;
import org.nljdbc.translator.internal.retrieval.SchemaRetriever;

/**
 * Schema-retrieval benchmark on Spider dev: for every question, are all tables (and columns) its gold SQL uses in
 * what the retriever returns, how many prompt tokens does that cost against the whole schema, and how long does
 * retrieval take. Catalogs are built from {@code tables.json} (no database server needed); sample values come
 * from the Spider SQLite files through {@link CatalogReader#withSamples} unless {@code --no-samples}.
 *
 * <pre>
 * --data DIR             Spider folder (or a folder holding {@code spider/})
 * --catalog single|merged single: each question against its own database; merged: all databases in one catalog,
 *                        tables named {@code <db_id>__<table>}
 * --out FILE.json        figures and the misses
 * --budget N             nl.retrieval.maxPromptTokens (default 3000)
 * --no-samples           no sample values (measures what value matching adds)
 * </pre>
 * The last line printed is {@code table recall: 0.XXX, prompt tokens vs full schema: 0.XXX}.
 */
public final class RetrievalBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RetrievalBenchmark() {
    }

    record Question(String dbId, String text, String gold) {
    }

    record Gold(Set<String> tables, Set<String> columns) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path data = Path.of(opts.getOrDefault("data", System.getProperty("nljdbc.shared.data", "../shared/data")));
        if (Files.isDirectory(data.resolve("spider"))) {
            data = data.resolve("spider");
        }
        if (!Files.isRegularFile(data.resolve("tables.json"))) {
            System.err.println("no tables.json under " + data.toAbsolutePath() + " (give --data DIR)");
            System.exit(2);
        }
        boolean merged = "merged".equals(opts.getOrDefault("catalog", "single"));
        int budget = Integer.parseInt(opts.getOrDefault("budget", "3000"));
        boolean samples = !opts.containsKey("no-samples");
        Path out = Path.of(opts.getOrDefault("out", "bench/results/retrieval-" + (merged ? "merged" : "single")
                + ".json"));

        long t0 = System.nanoTime();
        Map<String, Catalog> byDb = catalogs(data, samples);
        long catalogMs = (System.nanoTime() - t0) / 1_000_000;
        Catalog mergedCatalog = merged ? merge(byDb) : null;
        List<Question> questions = questions(data);
        SchemaRetriever retriever = new LexicalSchemaRetriever();

        // Index building (once per catalog) is timed apart from per-question retrieval.
        long t1 = System.nanoTime();
        for (Question q : questions) {
            Catalog c = merged ? mergedCatalog : byDb.get(q.dbId());
            if (c != null) {
                retriever.retrieve(q.text(), c, budget);
            }
        }
        long warmMs = (System.nanoTime() - t1) / 1_000_000;

        int evaluated = 0;
        int unparsed = 0;
        int tableHits = 0;
        int columnHits = 0;
        long promptTokens = 0;
        long fullTokens = 0;
        double ratioSum = 0;
        long retrievedTables = 0;
        List<Long> nanos = new ArrayList<>();
        List<Map<String, Object>> misses = new ArrayList<>();
        for (Question q : questions) {
            Catalog own = byDb.get(q.dbId());
            if (own == null) {
                continue;
            }
            Gold gold;
            try {
                gold = gold(q.gold(), own);
            } catch (Exception e) {
                unparsed++;
                continue;
            }
            Catalog c = merged ? mergedCatalog : own;
            long s = System.nanoTime();
            RetrievedSchema r = retriever.retrieve(q.text(), c, budget);
            nanos.add(System.nanoTime() - s);
            evaluated++;
            Map<String, TableInfo> got = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (TableInfo t : r.tables()) {
                got.put(merged ? t.name().substring(t.name().indexOf("__") + 2) : t.name(), t);
            }
            boolean tablesOk = true;
            if (merged) {
                // In the merged catalog a gold table must come from the question's own database.
                for (String t : gold.tables()) {
                    tablesOk &= r.tables().stream().anyMatch(x -> x.name().equalsIgnoreCase(q.dbId() + "__" + t));
                }
            } else {
                tablesOk = got.keySet().containsAll(gold.tables());
            }
            boolean columnsOk = tablesOk;
            for (String col : gold.columns()) {
                boolean found = false;
                for (String t : gold.tables()) {
                    TableInfo ti = merged ? r.tables().stream().filter(x -> x.name().equalsIgnoreCase(q.dbId() + "__" + t))
                            .findFirst().orElse(null) : got.get(t);
                    found |= ti != null && ti.column(col).isPresent();
                }
                columnsOk &= found;
            }
            tableHits += tablesOk ? 1 : 0;
            columnHits += columnsOk ? 1 : 0;
            promptTokens += r.promptTokens();
            fullTokens += r.fullSchemaTokens();
            ratioSum += (double) r.promptTokens() / r.fullSchemaTokens();
            retrievedTables += r.tables().size();
            if (!tablesOk && misses.size() < 200) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("db", q.dbId());
                m.put("question", q.text());
                m.put("gold_tables", gold.tables());
                m.put("retrieved", r.tables().stream().map(TableInfo::name).toList());
                misses.add(m);
            }
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double tableRecall = (double) tableHits / evaluated;
        double columnRecall = (double) columnHits / evaluated;
        double tokenRatio = (double) promptTokens / fullTokens;

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "retrieval");
        report.put("catalog", merged ? "merged" : "single");
        report.put("retriever", retriever.getClass().getSimpleName());
        report.put("embeddings", "none");
        report.put("sample_values", samples);
        report.put("max_prompt_tokens", budget);
        report.put("databases", byDb.size());
        report.put("tables", merged ? mergedCatalog.tables().size() : byDb.values().stream()
                .mapToInt(x -> x.tables().size()).sum());
        report.put("questions", evaluated);
        report.put("gold_unparsed", unparsed);
        report.put("table_recall", round(tableRecall));
        report.put("column_recall", round(columnRecall));
        report.put("mean_prompt_tokens", round((double) promptTokens / evaluated));
        report.put("mean_full_schema_tokens", round((double) fullTokens / evaluated));
        report.put("prompt_tokens_vs_full_schema", round(tokenRatio));
        report.put("mean_per_question_token_ratio", round(ratioSum / evaluated));
        report.put("mean_tables_retrieved", round((double) retrievedTables / evaluated));
        report.put("latency_ms_p50", round(percentile(sorted, 0.50) / 1e6));
        report.put("latency_ms_p95", round(percentile(sorted, 0.95) / 1e6));
        report.put("latency_ms_max", round(sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6));
        report.put("catalog_build_ms", catalogMs);
        report.put("index_build_and_warmup_ms", warmMs);
        report.put("misses", misses);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        JSON.writeValue(out.toFile(), report);

        System.out.printf(Locale.ROOT, "catalog %s: %d questions (%d gold unparsed), %d tables, budget %d tokens, "
                        + "samples %s%n", report.get("catalog"), evaluated, unparsed, report.get("tables"), budget,
                samples ? "on" : "off");
        System.out.printf(Locale.ROOT, "column recall: %.3f, mean prompt tokens %.0f vs full %.0f, mean tables %.1f%n",
                columnRecall, (double) promptTokens / evaluated, (double) fullTokens / evaluated,
                (double) retrievedTables / evaluated);
        System.out.printf(Locale.ROOT, "latency p50 %.3f ms, p95 %.3f ms; index build + warm-up %d ms; written to %s%n",
                percentile(sorted, 0.5) / 1e6, percentile(sorted, 0.95) / 1e6, warmMs, out);
        System.out.printf(Locale.ROOT, "table recall: %.3f, prompt tokens vs full schema: %.3f%n", tableRecall, tokenRatio);
    }

    /** One catalog per Spider database, from tables.json, with samples from its SQLite file when asked. */
    static Map<String, Catalog> catalogs(Path data, boolean samples) throws Exception {
        JsonNode dbs = JSON.readTree(data.resolve("tables.json").toFile());
        Map<String, Catalog> out = new TreeMap<>();
        CatalogReader.Options options = new CatalogReader.Options(List.of(), false, 20, 10_000,
                Duration.ofMillis(500), Duration.ofSeconds(5));
        for (JsonNode db : dbs) {
            Catalog c = fromTablesJson(db);
            String dbId = db.path("db_id").asText();
            Path file = data.resolve("database").resolve(dbId).resolve(dbId + ".sqlite");
            if (samples && Files.isRegularFile(file)) {
                try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
                    c = CatalogReader.withSamples(conn, c, options);
                } catch (SQLException e) {
                    System.err.println("no samples for " + dbId + ": " + e.getMessage());
                }
            }
            out.put(dbId, c);
        }
        return out;
    }

    private static Catalog fromTablesJson(JsonNode db) {
        List<String> tableNames = new ArrayList<>();
        db.path("table_names_original").forEach(n -> tableNames.add(n.asText()));
        List<List<ColumnInfo>> columns = new ArrayList<>();
        tableNames.forEach(t -> columns.add(new ArrayList<>()));
        List<int[]> colRef = new ArrayList<>(); // column index -> {table, position}
        JsonNode cols = db.path("column_names_original");
        JsonNode types = db.path("column_types");
        for (int i = 0; i < cols.size(); i++) {
            int table = cols.get(i).get(0).asInt();
            if (table < 0) {
                colRef.add(new int[] {-1, -1});
                continue;
            }
            String type = types.get(i).asText();
            int jdbc = switch (type) {
                case "text" -> Types.VARCHAR;
                case "number" -> Types.NUMERIC;
                case "time" -> Types.TIMESTAMP;
                case "boolean" -> Types.BOOLEAN;
                default -> Types.OTHER;
            };
            colRef.add(new int[] {table, columns.get(table).size()});
            columns.get(table).add(new ColumnInfo(cols.get(i).get(1).asText(), type, jdbc, true, null, List.of()));
        }
        List<List<String>> pks = new ArrayList<>();
        tableNames.forEach(t -> pks.add(new ArrayList<>()));
        for (JsonNode pk : db.path("primary_keys")) {
            List<Integer> ids = new ArrayList<>();
            if (pk.isArray()) {
                pk.forEach(x -> ids.add(x.asInt()));
            } else {
                ids.add(pk.asInt());
            }
            for (int id : ids) {
                int[] ref = colRef.get(id);
                pks.get(ref[0]).add(columns.get(ref[0]).get(ref[1]).name());
            }
        }
        List<List<ForeignKey>> fks = new ArrayList<>();
        tableNames.forEach(t -> fks.add(new ArrayList<>()));
        for (JsonNode fk : db.path("foreign_keys")) {
            int[] from = colRef.get(fk.get(0).asInt());
            int[] to = colRef.get(fk.get(1).asInt());
            fks.get(from[0]).add(new ForeignKey(null, tableNames.get(from[0]),
                    List.of(columns.get(from[0]).get(from[1]).name()), tableNames.get(to[0]),
                    List.of(columns.get(to[0]).get(to[1]).name())));
        }
        List<TableInfo> tables = new ArrayList<>();
        for (int t = 0; t < tableNames.size(); t++) {
            tables.add(new TableInfo(null, tableNames.get(t), "TABLE", null, columns.get(t), pks.get(t), fks.get(t), -1));
        }
        return new Catalog("SQLite", "3", tables);
    }

    /** All databases in one catalog, every table renamed {@code <db_id>__<table>} (and its foreign keys with it). */
    static Catalog merge(Map<String, Catalog> byDb) {
        List<TableInfo> all = new ArrayList<>();
        byDb.forEach((db, c) -> {
            for (TableInfo t : c.tables()) {
                all.add(new TableInfo(null, db + "__" + t.name(), t.type(), t.remarks(), t.columns(), t.primaryKey(),
                        t.importedKeys().stream().map(fk -> new ForeignKey(fk.name(), db + "__" + fk.fromTable(),
                                fk.fromColumns(), db + "__" + fk.toTable(), fk.toColumns())).toList(), t.rowCount()));
            }
        });
        return new Catalog("SQLite", "3", all);
    }

    static List<Question> questions(Path data) throws Exception {
        List<Question> out = new ArrayList<>();
        for (JsonNode q : JSON.readTree(data.resolve("dev.json").toFile())) {
            out.add(new Question(q.path("db_id").asText(), q.path("question").asText().trim(),
                    q.path("query").asText().trim()));
        }
        return out;
    }

    /**
     * Tables and columns of a gold query, from its syntax tree. Spider writes string literals in double quotes,
     * which parse as columns, so a name counts as a column only if one of the gold tables has a column of that name.
     */
    static Gold gold(String sql, Catalog db) throws Exception {
        Statement st = CCJSqlParserUtil.parse(sql, p -> p.withTimeOut(10_000));
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        TablesNamesFinder<Void> finder = new TablesNamesFinder<>() {
            @Override
            public <S> Void visit(Column column, S context) {
                names.add(unquote(column.getColumnName()));
                return super.visit(column, context);
            }
        };
        Set<String> tables = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String t : finder.getTables(st)) {
            String bare = unquote(t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t);
            tables.add(db.table(bare).map(TableInfo::name).orElse(bare));
        }
        Set<String> columns = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String n : names) {
            for (String t : tables) {
                if (db.table(t).flatMap(x -> x.column(n)).isPresent()) {
                    columns.add(n);
                }
            }
        }
        return new Gold(tables, columns);
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"")
                || name.startsWith("`") && name.endsWith("`"))) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * (sorted.length - 1) + 0.5))];
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> a = Arrays.asList(args);
        for (int i = 0; i < a.size(); i++) {
            String k = a.get(i);
            if (!k.startsWith("--")) {
                continue;
            }
            if (i + 1 < a.size() && !a.get(i + 1).startsWith("--")) {
                m.put(k.substring(2), a.get(++i));
            } else {
                m.put(k.substring(2), "true");
            }
        }
        return m;
    }
}
