package org.nljdbc.bench.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.translator.SqlRunner;
import org.nljdbc.translator.Translator;
import org.nljdbc.translator.cache.TranslationCache;
import org.nljdbc.translator.catalog.Catalog;
import org.nljdbc.translator.catalog.CatalogReader;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmClients;
import org.nljdbc.translator.llm.LlmReply;
import org.nljdbc.translator.llm.LlmRequest;
import org.nljdbc.translator.llm.LlmSettings;
import org.nljdbc.translator.llm.ScriptedLlmServer;
import org.nljdbc.translator.dialect.CostSettings;
import org.nljdbc.translator.retrieval.LexicalSchemaRetriever;

/**
 * What the question pipeline costs besides the model: a zero-latency scripted LLM on loopback answers every call
 * at once, the runner does not touch the database, and each question is timed end to end and split into the LLM
 * call (client side: request building, loopback HTTP, JSON parsing, retry/circuit/rate-limit wrappers) and the rest
 * (retrieval, prompt, extraction, guard, cache). Then the same question again and again: the cache-hit latency.
 * {@code bench/run pipeline [--n 2000] [--out bench/results/pipeline.json]}
 */
public final class PipelineOverheadBenchmark {
    private PipelineOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(option(args, "--n", "2000"));
        String out = option(args, "--out", "bench/results/pipeline.json");
        try (ScriptedLlmServer server = ScriptedLlmServer.start();
             Connection db = DriverManager.getConnection("jdbc:h2:mem:pipeline;DB_CLOSE_DELAY=-1")) {
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE singer (singer_id INT PRIMARY KEY, name VARCHAR(40), country VARCHAR(40), age INT)");
                s.execute("CREATE TABLE concert (concert_id INT PRIMARY KEY, venue VARCHAR(40), concert_year INT)");
                s.execute("CREATE TABLE singer_in_concert (concert_id INT REFERENCES concert, singer_id INT REFERENCES singer)");
            }
            Catalog catalog = CatalogReader.read(db);
            server.otherwise(req -> ScriptedLlmServer.completion(
                    "```sql\nSELECT s.name, c.venue FROM singer s JOIN singer_in_concert sc ON sc.singer_id = s.singer_id "
                            + "JOIN concert c ON c.concert_id = sc.concert_id WHERE c.concert_year = 2014\n```"));
            LlmSettings settings = new LlmSettings("openai", server.baseUrl(), "scripted",
                    new LlmSettings.Secret("bench-key"), Duration.ofSeconds(10), 3);
            TimedLlm llm = new TimedLlm(LlmClients.create(settings));
            SqlGuard guard = new SqlGuard(Policy.defaults());
            SqlRunner<String> runner = accepted -> accepted.sql();

            // As the driver configures it: lexical retrieval, Calcite validation and cost (rendering only for SQL
            // Server and Oracle), the guard.
            Translator.DialectStage calcite = Translator.DialectStage.defaults(CostSettings.DEFAULT);
            Translator uncached = Translator.builder().llm(llm).retriever(new LexicalSchemaRetriever()).dialects(calcite).build();
            long[] total = new long[n];
            long[] llmPart = new long[n];
            for (int i = -n / 2; i < n; i++) { // the first n/2 warm the JIT
                long before = llm.nanos;
                long t0 = System.nanoTime();
                uncached.answer("singers in concerts of 2014, variant " + i, catalog, Dialect.H2, guard, runner);
                long t = System.nanoTime() - t0;
                if (i >= 0) {
                    total[i] = t;
                    llmPart[i] = llm.nanos - before;
                }
            }
            long[] pipeline = new long[n];
            for (int i = 0; i < n; i++) {
                pipeline[i] = total[i] - llmPart[i];
            }

            Translator cached = Translator.builder().llm(llm).retriever(new LexicalSchemaRetriever())
                    .cache(new TranslationCache(Duration.ofMinutes(10), 1000)).dialects(calcite).build();
            cached.answer("singers in concerts of 2014", catalog, Dialect.H2, guard, runner);
            long callsBefore = server.requests().size();
            long[] hit = new long[n];
            for (int i = -n / 2; i < n; i++) {
                long t0 = System.nanoTime();
                cached.answer("singers in concerts of 2014", catalog, Dialect.H2, guard, runner);
                if (i >= 0) {
                    hit[i] = System.nanoTime() - t0;
                }
            }
            if (server.requests().size() != callsBefore) {
                throw new IllegalStateException("cache hits made LLM calls");
            }

            // Issue 18: a cache hit through the JDBC API with nl.audit on and off, and the recording itself
            // (counters, timers, the audit line's JSON) timed alone, since slf4j-nop here writes no line.
            long[] jdbcAuditOn = jdbcCacheHits(server, n, "on");
            long[] jdbcAuditOff = jdbcCacheHits(server, n, "off");
            long[] recording = recording(n);

            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.put("questions", n);
            root.put("guard", guardKind(guard));
            put(root.putObject("pipelineExcludingLlmMicros"), pipeline);
            put(root.putObject("llmCallClientSideMicros"), llmPart);
            put(root.putObject("totalWithZeroLatencyLlmMicros"), total);
            put(root.putObject("cacheHitMicros"), hit);
            put(root.putObject("jdbcCacheHitAuditOnMicros"), jdbcAuditOn);
            put(root.putObject("jdbcCacheHitAuditOffMicros"), jdbcAuditOff);
            put(root.putObject("metricsAndAuditLineMicros"), recording);
            Path path = Path.of(out);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            System.out.printf("pipeline overhead per question excluding the LLM: p50 %.0f us, p99 %.0f us; "
                            + "LLM call client side (loopback HTTP): p50 %.0f us; cache hit: p50 %.0f us, p99 %.0f us%n",
                    pct(pipeline, 50), pct(pipeline, 99), pct(llmPart, 50), pct(hit, 50), pct(hit, 99));
            System.out.printf("JDBC cache hit: nl.audit=on p50 %.1f us, off p50 %.1f us; metrics + audit line alone: "
                            + "p50 %.1f us, p99 %.1f us%n", pct(jdbcAuditOn, 50), pct(jdbcAuditOff, 50),
                    pct(recording, 50), pct(recording, 99));
        }
    }

    /** NL cache hits through the driver on H2 (nothing read but the first row), with {@code nl.audit} as given. */
    private static long[] jdbcCacheHits(ScriptedLlmServer server, int n, String audit) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", server.baseUrl());
        p.setProperty("nl.llm.model", "scripted");
        p.setProperty("nl.llm.apiKey", "bench-key");
        p.setProperty("nl.symbolic.minConfidence", "2");
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.audit", audit);
        long[] hit = new long[n];
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:pipeline", p);
             Statement s = c.createStatement()) {
            for (int i = -n / 2; i < n; i++) {
                long t0 = System.nanoTime();
                try (java.sql.ResultSet rs = s.executeQuery("NL: singers in concerts of 2014")) {
                    rs.next();
                }
                if (i >= 0) {
                    hit[i] = System.nanoTime() - t0;
                }
            }
        }
        return hit;
    }

    /** What recording one answered question costs: process and connection counters, timers and the audit JSON. */
    private static long[] recording(int n) {
        org.nljdbc.driver.observe.Statistics connection = org.nljdbc.driver.observe.Statistics.forConnection();
        org.nljdbc.driver.observe.Questions.Asker asker =
                new org.nljdbc.driver.observe.Questions.Asker("bench", null, 1, false, connection);
        org.nljdbc.driver.observe.Questions.Outcome o = new org.nljdbc.driver.observe.Questions.Outcome("query",
                "singers in concerts of 2014", "SELECT s.name FROM singer s LIMIT 1000", "cache", false,
                java.util.List.of("limit 1000"), false, 0, 0, 0);
        long[] t = new long[n];
        long sink = 0;
        for (int i = -n / 2; i < n; i++) {
            long t0 = System.nanoTime();
            org.nljdbc.driver.observe.Questions.ran(asker, o, 1000);
            sink += org.nljdbc.driver.observe.Audit.toJson(new org.nljdbc.driver.observe.Audit.Entry("bench", null, 1,
                    o.form(), o.question(), o.sql(), "cache", "ran", null, null, o.rewrites(), false, 1000, 0, 0, 0))
                    .length();
            if (i >= 0) {
                t[i] = System.nanoTime() - t0;
            }
        }
        if (sink == 0) {
            throw new IllegalStateException("no audit line built");
        }
        return t;
    }

    private static String guardKind(SqlGuard guard) {
        try {
            guard.check("SELECT 1", Dialect.H2, org.nljdbc.guard.VisibleSchema.empty());
            return guard.getClass().getProtectionDomain().getCodeSource().getLocation().toString();
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("the guard is not implemented yet; nothing to measure", e);
        }
    }

    private static void put(ObjectNode node, long[] nanos) {
        node.put("p50", Math.round(pct(nanos, 50)));
        node.put("p90", Math.round(pct(nanos, 90)));
        node.put("p99", Math.round(pct(nanos, 99)));
        node.put("max", Math.round(Arrays.stream(nanos).max().orElse(0) / 1000.0));
    }

    private static double pct(long[] nanos, double p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int idx = (int) Math.min(s.length - 1, Math.ceil(p / 100.0 * s.length) - 1);
        return s[Math.max(0, idx)] / 1000.0;
    }

    private static String option(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }

    /** Adds up the time spent inside the LLM client (single-threaded use). */
    private static final class TimedLlm implements LlmClient {
        private final LlmClient delegate;
        long nanos;

        TimedLlm(LlmClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public LlmReply complete(LlmRequest request) throws SQLException {
            long t0 = System.nanoTime();
            try {
                return delegate.complete(request);
            } finally {
                nanos += System.nanoTime() - t0;
            }
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
