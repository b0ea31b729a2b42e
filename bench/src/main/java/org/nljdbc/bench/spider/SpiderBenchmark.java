package org.nljdbc.bench.spider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.nljdbc.bench.loader.SpiderLoader;
import org.nljdbc.driver.NlResult;

/**
 * Spider execution accuracy of nljdbc, end to end through {@code jdbc:nl:}.
 *
 * <pre>
 * bench/run spider --data DIR --target sqlite|postgresql|mariadb --llm scripted|none|openai|anthropic
 *                  [--limit N] [--db ID[,ID...]] [--server-url JDBC_URL] --out FILE.json
 * </pre>
 *
 * <p>Every question of {@code DIR/dev.json} is asked as {@code NL: question} on its database (the SQLite file itself,
 * or its copy loaded into PostgreSQL / MariaDB by {@link SpiderLoader}); the result is compared with the gold SQL's
 * result on the same database ({@link ResultComparator}). {@code --limit N} takes N questions evenly spaced through
 * the file, so a short run still covers every database. LLM modes: {@code scripted} ({@link ScriptedSpiderLlm}),
 * {@code none}, and {@code openai} / {@code anthropic} configured from {@code NLJDBC_LLM_BASE_URL},
 * {@code NLJDBC_LLM_MODEL} and {@code NLJDBC_LLM_API_KEY_ENV} (the name of the variable holding the key).
 *
 * <p>Writes {@code FILE.json} and {@code FILE.html} (accuracy by difficulty as an SVG chart), prints a summary table
 * and, last, {@code execution accuracy: 0.XXX (correct/total)}.
 */
public final class SpiderBenchmark {
    static final Map<String, String> DEFAULT_SERVERS = Map.of(
            "postgresql", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            "mariadb", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=&sslMode=disable");
    private static final List<String> TARGETS = List.of("sqlite", "postgresql", "mariadb");
    private static final List<String> LLMS = List.of("scripted", "none", "openai", "anthropic");

    private static final List<String> MODES = List.of("row", "alone", "both");
    private static final List<String> SYMBOLIC = List.of("product", "off", "both");
    /** Far above any Spider result (the largest gold result has a few thousand rows): no answer is cut. */
    static final String MAX_ROWS = "1000000";

    /**
     * Parsed command line.
     *
     * @param mode     {@code row}: the questions of a database asked one after another on one connection;
     *                 {@code alone}: {@code NL RESET} before each, so each is asked as if first; {@code both}
     * @param symbolic {@code product}: the driver's default (LLM-free translator first above
     *                 {@code nl.symbolic.minConfidence}, then the model); {@code off}: the model alone; {@code both}
     */
    record Options(Path data, String target, String llm, int limit, Set<String> dbs, String serverUrl, Path out,
                   String mode, String symbolic) {
        Options(Path data, String target, String llm, int limit, Set<String> dbs, String serverUrl, Path out) {
            this(data, target, llm, limit, dbs, serverUrl, out, "both", "product");
        }
    }

    /** One way of asking every question: in a row or alone, with the product's default or the model alone. */
    record Pass(String mode, String symbolic) {
        String label() {
            return mode + (symbolic.equals("off") ? ", model alone" : ", product default");
        }
    }

    private SpiderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: bench/run spider --data DIR --target sqlite|postgresql|mariadb "
                    + "--llm scripted|none|openai|anthropic [--limit N] [--db ID,...] [--server-url URL] "
                    + "[--mode row|alone|both] [--symbolic product|off|both] --out FILE.json");
            System.exit(2);
            return;
        }
        SpiderReport report = run(options);
        System.out.println(report.summaryTable());
        System.out.println("wrote " + options.out() + " and " + SpiderReport.htmlPath(options.out()));
        if (options.llm().equals("none") && options.target().equals("sqlite")) {
            // The LLM-free translator's every answer at any confidence, each database's threshold chosen on the others.
            System.out.println(org.nljdbc.bench.symbolic.SymbolicBenchmark.leaveOneOutText(options.data(),
                    options.dbs().isEmpty() ? null : List.copyOf(options.dbs())));
        }
        report.comparisonLines().forEach(System.out::println);
        System.out.println(report.headline());
    }

    /** The local test server of {@code postgresql} or {@code mariadb}. */
    public static String defaultServer(String target) {
        return DEFAULT_SERVERS.get(target);
    }

    static Options parse(String[] args) {
        Path data = SpiderData.locate();
        String target = "sqlite";
        String llm = "scripted";
        int limit = 0;
        Set<String> dbs = new TreeSet<>();
        String serverUrl = null;
        Path out = null;
        String mode = "both";
        String symbolic = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--data" -> data = Path.of(v);
                case "--target" -> target = v.toLowerCase(Locale.ROOT);
                case "--llm" -> llm = v.toLowerCase(Locale.ROOT);
                case "--limit" -> limit = Integer.parseInt(v);
                case "--db" -> dbs.addAll(List.of(v.split(",")));
                case "--server-url" -> serverUrl = v;
                case "--out" -> out = Path.of(v);
                case "--mode" -> mode = v.toLowerCase(Locale.ROOT);
                case "--symbolic" -> symbolic = v.toLowerCase(Locale.ROOT);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (!TARGETS.contains(target)) {
            throw new IllegalArgumentException("--target must be one of " + TARGETS);
        }
        if (!LLMS.contains(llm)) {
            throw new IllegalArgumentException("--llm must be one of " + LLMS);
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("--mode must be one of " + MODES);
        }
        if (symbolic == null) {
            // With the perfect scripted model, the product's default is measured against the model alone.
            symbolic = llm.equals("scripted") ? "both" : "product";
        }
        if (!SYMBOLIC.contains(symbolic) || symbolic.equals("off") && llm.equals("none")) {
            throw new IllegalArgumentException("--symbolic must be one of " + SYMBOLIC + " (off needs a model)");
        }
        if (out == null) {
            out = Path.of("bench", "results", "spider-" + target + "-" + llm + ".json");
        }
        if (serverUrl == null && !target.equals("sqlite")) {
            serverUrl = DEFAULT_SERVERS.get(target);
        }
        return new Options(data, target, llm, limit, Set.copyOf(dbs), serverUrl, out, mode, symbolic);
    }

    /** Runs the benchmark and writes its JSON and HTML files. */
    static SpiderReport run(Options o) throws Exception {
        if (!Files.isRegularFile(o.data().resolve("dev.json"))) {
            throw new IOException("no Spider data at " + o.data() + " (dev.json missing); pass --data DIR");
        }
        List<SpiderQuestion> questions = select(SpiderData.questions(o.data()), o.dbs(), o.limit());
        Map<String, List<SpiderQuestion>> byDb = new LinkedHashMap<>();
        for (SpiderQuestion q : questions) {
            byDb.computeIfAbsent(q.db(), k -> new ArrayList<>()).add(q);
        }
        Map<String, List<String>> loadNotes = new LinkedHashMap<>();
        Map<String, String> delegates = new LinkedHashMap<>();
        for (String db : byDb.keySet()) {
            delegates.put(db, delegateUrl(o, db, loadNotes));
        }
        Map<Pass, List<QuestionResult>> passes = new LinkedHashMap<>();
        try (ScriptedSpiderLlm scripted = o.llm().equals("scripted") ? ScriptedSpiderLlm.start() : null) {
            for (Pass pass : passes(o)) {
                System.err.println("pass: " + pass.label());
                Progress progress = new Progress(questions.size());
                List<QuestionResult> results = new ArrayList<>();
                for (Map.Entry<String, List<SpiderQuestion>> e : byDb.entrySet()) {
                    results.addAll(runDatabase(delegates.get(e.getKey()), e.getValue(), o.llm(), scripted, pass,
                            progress));
                }
                progress.finish();
                passes.put(pass, results);
            }
        }
        SpiderReport report = new SpiderReport(o, passes, loadNotes);
        report.write(o.out());
        return report;
    }

    /** The passes a run makes, the product's default asked in a row first (its results are the run's figures). */
    static List<Pass> passes(Options o) {
        List<String> modes = o.mode().equals("both") ? List.of("row", "alone") : List.of(o.mode());
        List<String> symbolic = o.symbolic().equals("both") ? List.of("product", "off") : List.of(o.symbolic());
        List<Pass> out = new ArrayList<>();
        for (String s : symbolic) {
            for (String m : modes) {
                out.add(new Pass(m, s));
            }
        }
        return out;
    }

    /** One database's questions on one pair of connections, in order. */
    static List<QuestionResult> runDatabase(String delegate, List<SpiderQuestion> questions, String llm,
                                            ScriptedSpiderLlm scripted, Pass pass, Progress progress)
            throws SQLException {
        Properties props = connectionProperties(llm, scripted);
        if (pass.symbolic().equals("off")) {
            props.setProperty("nl.symbolic.minConfidence", "1.1");
        }
        List<QuestionResult> results = new ArrayList<>();
        try (Connection plain = DriverManager.getConnection(delegate);
             Connection nl = DriverManager.getConnection("jdbc:nl:" + delegate.substring("jdbc:".length()), props)) {
            QuestionRunner runner = new QuestionRunner(plain, nl, scripted, columnsOf(plain));
            for (SpiderQuestion q : questions) {
                if (pass.mode().equals("alone")) {
                    try (Statement s = nl.createStatement()) {
                        s.execute("NL RESET");
                    }
                }
                QuestionResult r = runner.run(q);
                results.add(r);
                if (progress != null) {
                    progress.done(r);
                }
            }
        }
        return results;
    }

    /** The questions of {@code dbs} (all when empty); with a limit, that many evenly spaced in file order. */
    static List<SpiderQuestion> select(List<SpiderQuestion> all, Set<String> dbs, int limit) {
        return evenlySpaced(all.stream().filter(q -> dbs.isEmpty() || dbs.contains(q.db())).toList(), limit);
    }

    /** {@code limit} items evenly spaced through {@code pool}, in order (all of them when the limit is 0 or larger). */
    public static <T> List<T> evenlySpaced(List<T> pool, int limit) {
        if (limit <= 0 || limit >= pool.size()) {
            return pool;
        }
        List<T> out = new ArrayList<>(limit);
        for (int i = 0; i < limit; i++) {
            out.add(pool.get((int) ((long) i * pool.size() / limit)));
        }
        return out;
    }

    private static String delegateUrl(Options o, String db, Map<String, List<String>> loadNotes) throws SQLException {
        Path sqlite = SpiderData.sqliteFile(o.data(), db);
        if (o.target().equals("sqlite")) {
            if (!Files.isRegularFile(sqlite)) {
                throw new SQLException("no SQLite database for " + db + " at " + sqlite);
            }
            return "jdbc:sqlite:" + sqlite.toAbsolutePath();
        }
        SpiderLoader.LoadReport load = SpiderLoader.loadWithReport(sqlite, o.serverUrl());
        if (!load.notes().isEmpty()) {
            loadNotes.put(db, load.notes());
        }
        return load.jdbcUrl();
    }

    public static Properties connectionProperties(String llm, ScriptedSpiderLlm scripted) {
        Properties p = new Properties();
        // Every question is translated afresh (no cache hits between repeated questions) and never throttled by the
        // driver's per-connection rate limit, which exists for people, not for a benchmark.
        p.setProperty("nl.cache.maxEntries", "0");
        p.setProperty("nl.rateLimit.perMinute", "0");
        // A result cut at the driver's row limit would differ from gold's whole result although the SQL is right.
        p.setProperty("nl.maxRows", MAX_ROWS);
        // The product asks its LLM-free translator first; NLJDBC_SYMBOLIC_MIN_CONFIDENCE=1.1 measures the model alone.
        setIfPresent(p, "nl.symbolic.minConfidence", System.getenv("NLJDBC_SYMBOLIC_MIN_CONFIDENCE"));
        switch (llm) {
            case "scripted" -> {
                p.setProperty("nl.llm.provider", "openai");
                p.setProperty("nl.llm.baseUrl", scripted.baseUrl());
                p.setProperty("nl.llm.model", "scripted-gold");
                p.setProperty("nl.llm.apiKey", "scripted");
            }
            case "none" -> p.setProperty("nl.llm.provider", "none");
            default -> {
                p.setProperty("nl.llm.provider", llm);
                setIfPresent(p, "nl.llm.baseUrl", System.getenv("NLJDBC_LLM_BASE_URL"));
                setIfPresent(p, "nl.llm.model", System.getenv("NLJDBC_LLM_MODEL"));
                setIfPresent(p, "nl.llm.apiKeyEnv", System.getenv("NLJDBC_LLM_API_KEY_ENV"));
            }
        }
        return p;
    }

    private static void setIfPresent(Properties p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.setProperty(key, value);
        }
    }

    public static Set<String> columnsOf(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        DatabaseMetaData md = c.getMetaData();
        boolean mysqlLike = md.getDatabaseProductName().toLowerCase(Locale.ROOT).matches(".*(mysql|mariadb).*");
        try (ResultSet rs = md.getColumns(mysqlLike ? c.getCatalog() : null, mysqlLike ? null : c.getSchema(), "%", "%")) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** Asks one question and scores it, on one database's pair of connections. */
    record QuestionRunner(Connection plain, Connection nl, ScriptedSpiderLlm scripted, Set<String> knownColumns) {

        QuestionResult run(SpiderQuestion q) {
            List<String> gold;
            try (Statement s = plain.createStatement()) {
                s.setQueryTimeout(60);
                try (ResultSet rs = s.executeQuery(q.gold())) {
                    gold = ResultComparator.rows(rs);
                }
            } catch (SQLException e) {
                return goldFailed(q, e.getMessage());
            }
            GoldReferences uses;
            try {
                uses = GoldReferences.of(q.gold(), knownColumns);
            } catch (Exception e) {
                uses = new GoldReferences(Set.of(), Set.of());
            }
            if (scripted != null) {
                scripted.expect(new ScriptedSpiderLlm.Expectation(q.question(), q.gold(), uses));
            }
            long start = System.nanoTime();
            NlResult nlResult = null;
            List<String> predicted = null;
            SQLException failure = null;
            try (Statement s = nl.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: " + q.question())) {
                    predicted = ResultComparator.rows(rs);
                }
                nlResult = s.unwrap(NlResult.class);
            } catch (SQLException e) {
                failure = e;
            }
            long wall = System.nanoTime() - start;
            List<ScriptedSpiderLlm.Exchange> exchanges = scripted == null ? List.of() : scripted.exchanges();
            long llmNanos = exchanges.stream().mapToLong(ScriptedSpiderLlm.Exchange::serverNanos).sum();
            double latencyMs = (wall - llmNanos) / 1e6;
            double llmMs = llmNanos / 1e6;
            Boolean tablesInPrompt = !exchanges.isEmpty() ? Boolean.valueOf(exchanges.get(0).missingTables().isEmpty())
                    : nlResult != null ? tablesCover(nlResult.tables(), uses.tables()) : null;
            int serverPromptTokens = exchanges.stream().mapToInt(ScriptedSpiderLlm.Exchange::promptTokens).sum();
            if (nlResult != null) {
                boolean ordered = ResultComparator.ordersResult(q.gold());
                boolean same = ResultComparator.same(gold, predicted, ordered);
                String detail = same ? null : "gold " + gold.size() + " rows, got " + predicted.size()
                        + (ordered ? " (ordered comparison)" : "");
                return new QuestionResult(q.index(), q.question(), q.db(), q.hardness(), q.gold(),
                        same ? QuestionResult.Outcome.CORRECT : QuestionResult.Outcome.WRONG_RESULT, nlResult.sql(),
                        nlResult.promptTokens(), nlResult.completionTokens(), nlResult.schemaTokens(),
                        nlResult.fullSchemaTokens(), tablesInPrompt, nlResult.attempts().size(),
                        latencyMs, llmMs, detail);
            }
            QuestionResult.Outcome outcome = QuestionResult.failure(failure,
                    exchanges.stream().anyMatch(ScriptedSpiderLlm.Exchange::answeredSql));
            String lastSql = exchanges.stream().anyMatch(ScriptedSpiderLlm.Exchange::answeredSql) ? q.gold() : null;
            return new QuestionResult(q.index(), q.question(), q.db(), q.hardness(), q.gold(), outcome, lastSql,
                    serverPromptTokens, 0, -1, -1, tablesInPrompt, exchanges.size(), latencyMs, llmMs,
                    failure.getMessage());
        }

        /** Not asked: a question whose gold SQL fails here cannot be scored. */
        private static QuestionResult goldFailed(SpiderQuestion q, String error) {
            return new QuestionResult(q.index(), q.question(), q.db(), q.hardness(), q.gold(),
                    QuestionResult.Outcome.GOLD_FAILED, null, 0, 0, -1, -1, null, 0, 0, 0, error);
        }

        private static boolean tablesCover(List<String> shown, Set<String> needed) {
            Set<String> lower = new TreeSet<>();
            shown.forEach(t -> lower.add(t.toLowerCase(Locale.ROOT)));
            return lower.containsAll(needed);
        }
    }
}
