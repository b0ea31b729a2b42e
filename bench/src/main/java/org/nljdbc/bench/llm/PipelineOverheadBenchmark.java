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
import org.nljdbc.translator.internal.SqlRunner;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.cache.TranslationCache;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.internal.llm.LlmClients;
import org.nljdbc.translator.llm.LlmReply;
import org.nljdbc.translator.llm.LlmRequest;
import org.nljdbc.translator.llm.LlmSettings;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.internal.dialect.CostSettings;
import org.nljdbc.translator.internal.retrieval.LexicalSchemaRetriever;

/**
 * What the question pipeline costs besides the model: a zero-latency scripted LLM on loopback answers every call
 * at once, the runner does not touch the database, and each question is timed end to end and split into the LLM
 * call (client side: request building, loopback HTTP, JSON parsing, retry/circuit/rate-limit wrappers) and the rest
 * (retrieval, prompt, extraction, guard, cache). Then the same question again and again: the cache-hit latency.
 * Last, issue 18's overhead: metrics and the audit line on a cache hit through the JDBC API.
 * {@code bench/run pipeline [--n 2000] [--rounds 41] [--block 200] [--part all|audit] [--out FILE.json]}
 */
public final class PipelineOverheadBenchmark {
    private PipelineOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(option(args, "--n", "2000"));
        int rounds = Integer.parseInt(option(args, "--rounds", "41"));
        int block = Integer.parseInt(option(args, "--block", "200"));
        // The audit logger on, writing where a host's file appender would, but to nowhere: the line is built,
        // formatted and written; the disk is the host's. Set before SLF4J starts (it reads them once).
        System.setProperty("org.slf4j.simpleLogger.log." + org.nljdbc.driver.observe.Audit.LOGGER, "info");
        System.setProperty("org.slf4j.simpleLogger.logFile", System.getProperty("nljdbc.bench.auditFile", "/dev/null"));
        // A host with a Micrometer registry pays for timers with percentiles: measure with one.
        io.micrometer.core.instrument.Metrics.addRegistry(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        String out = option(args, "--out", "bench/results/pipeline.json");
        try (ScriptedLlmServer server = ScriptedLlmServer.start();
             Connection db = DriverManager.getConnection("jdbc:h2:mem:pipeline;DB_CLOSE_DELAY=-1")) {
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE singer (singer_id INT PRIMARY KEY, name VARCHAR(40), country VARCHAR(40), age INT)");
                s.execute("CREATE TABLE concert (concert_id INT PRIMARY KEY, venue VARCHAR(40), concert_year INT)");
                s.execute("CREATE TABLE singer_in_concert (concert_id INT REFERENCES concert, singer_id INT REFERENCES singer)");
            }
            Catalog catalog = CatalogReader.read(db);
            boolean all = !option(args, "--part", "all").equals("audit");
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
            int m = all ? n : 1; // --part audit: one question each, only to check they still work
            long[] total = new long[m];
            long[] llmPart = new long[m];
            for (int i = -m / 2; i < m; i++) { // the first n/2 warm the JIT
                long before = llm.nanos;
                long t0 = System.nanoTime();
                uncached.answer("singers in concerts of 2014, variant " + i, catalog, Dialect.H2, guard, runner);
                long t = System.nanoTime() - t0;
                if (i >= 0) {
                    total[i] = t;
                    llmPart[i] = llm.nanos - before;
                }
            }
            long[] pipeline = new long[m];
            for (int i = 0; i < m; i++) {
                pipeline[i] = total[i] - llmPart[i];
            }

            Translator cached = Translator.builder().llm(llm).retriever(new LexicalSchemaRetriever())
                    .cache(new TranslationCache(Duration.ofMinutes(10), 1000)).dialects(calcite).build();
            cached.answer("singers in concerts of 2014", catalog, Dialect.H2, guard, runner);
            long callsBefore = server.requests().size();
            long[] hit = new long[m];
            for (int i = -m / 2; i < m; i++) {
                long t0 = System.nanoTime();
                cached.answer("singers in concerts of 2014", catalog, Dialect.H2, guard, runner);
                if (i >= 0) {
                    hit[i] = System.nanoTime() - t0;
                }
            }
            if (server.requests().size() != callsBefore) {
                throw new IllegalStateException("cache hits made LLM calls");
            }

            // Issue 18: a cache hit through the JDBC API with nl.audit on and off, interleaved (see auditOverhead),
            // and the recording itself (stage timers, counters, the audit line) timed alone.
            Overhead audit = auditOverhead(server, rounds, block, false);
            // And everything on against everything off (nl.audit and nl.metrics): the whole cost of recording.
            Overhead both = auditOverhead(server, rounds, block, true);
            double[] recording = recording(rounds, block);

            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.put("questions", m);
            root.put("guard", guardKind(guard));
            put(root.putObject("pipelineExcludingLlmMicros"), pipeline);
            put(root.putObject("llmCallClientSideMicros"), llmPart);
            put(root.putObject("totalWithZeroLatencyLlmMicros"), total);
            put(root.putObject("cacheHitMicros"), hit);
            ObjectNode o = root.putObject("jdbcCacheHitAudit");
            o.put("rounds", rounds);
            o.put("hitsPerRoundAndSetting", block);
            o.put("auditOnMedianOfMediansMicros", audit.on());
            o.put("auditOffMedianOfMediansMicros", audit.off());
            o.put("auditOverheadMedianOfPairedDifferencesMicros", audit.difference());
            o.put("auditOverheadDifferenceP10Micros", audit.differenceP10());
            o.put("auditOverheadDifferenceP90Micros", audit.differenceP90());
            o.put("auditOverheadMedianOfPairedHitsMicros", audit.pairedHits());
            ObjectNode ob = root.putObject("jdbcCacheHitMetricsAndAudit");
            ob.put("onMedianOfMediansMicros", both.on());
            ob.put("offMedianOfMediansMicros", both.off());
            ob.put("overheadMedianOfPairedDifferencesMicros", both.difference());
            ob.put("overheadDifferenceP10Micros", both.differenceP10());
            ob.put("overheadDifferenceP90Micros", both.differenceP90());
            ob.put("overheadMedianOfPairedHitsMicros", both.pairedHits());
            ObjectNode rec = root.putObject("metricsAndAuditLineAloneMicros");
            rec.put("medianOfMedians", median(recording));
            rec.put("p10OfMedians", quantile(recording, 0.1));
            rec.put("p90OfMedians", quantile(recording, 0.9));
            Path path = Path.of(out);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            System.out.printf("pipeline overhead per question excluding the LLM: p50 %.0f us, p99 %.0f us; "
                            + "LLM call client side (loopback HTTP): p50 %.0f us; cache hit: p50 %.0f us, p99 %.0f us%n",
                    pct(pipeline, 50), pct(pipeline, 99), pct(llmPart, 50), pct(hit, 50), pct(hit, 99));
            System.out.printf("JDBC cache hit (Micrometer registry present, %d interleaved rounds of %d): nl.audit=on "
                            + "%.1f us, off %.1f us (medians of medians); audit on - off: %.1f us (paired rounds, "
                            + "p10 %.1f, p90 %.1f; median of %d paired hits %.1f us); metrics + audit line alone: %.1f us (median of medians; rounds p10 %.1f, "
                            + "p90 %.1f)%n", rounds, block, audit.on(), audit.off(), audit.difference(),
                    audit.differenceP10(), audit.differenceP90(), rounds * block, audit.pairedHits(), median(recording), quantile(recording, 0.1),
                    quantile(recording, 0.9));
            System.out.printf("JDBC cache hit, nl.audit and nl.metrics both on against both off: %.1f us against %.1f us "
                            + "(medians of medians); on - off: %.1f us (paired rounds, p10 %.1f, p90 %.1f; median of %d "
                            + "paired hits %.1f us)%n", both.on(), both.off(), both.difference(), both.differenceP10(),
                    both.differenceP90(), rounds * block, both.pairedHits());
        }
    }

    /** Medians of medians of the two settings and of their paired per-round differences, in microseconds. */
    private record Overhead(double on, double off, double difference, double differenceP10, double differenceP90,
                            double pairedHits) {
    }

    /**
     * NL cache hits through the driver on H2 with {@code nl.audit} on and off (with {@code metricsToo}, and
     * {@code nl.metrics}), on two connections (two runtimes)
     * warmed alike, then {@code rounds} rounds that each time {@code block} hits of one setting and {@code block} of
     * the other, alternating which goes first: the overhead is the median over rounds of (median on - median off),
     * so that drift of the machine (JIT, GC, other processes on 2 shared cores) falls on both sides of a round.
     */
    private static Overhead auditOverhead(ScriptedLlmServer server, int rounds, int block, boolean metricsToo)
            throws SQLException {
        try (Connection on = cacheHitConnection(server, "on", "on");
             Connection off = cacheHitConnection(server, "off", metricsToo ? "off" : "on");
             Statement sOn = on.createStatement(); Statement sOff = off.createStatement()) {
            for (int i = 0; i < 3 * block; i++) { // warm both paths alike
                hit(sOn);
                hit(sOff);
            }
            double[] medOn = new double[rounds];
            double[] medOff = new double[rounds];
            double[] diff = new double[rounds];
            long[] tOn = new long[block];
            long[] tOff = new long[block];
            long[] pairs = new long[rounds * block]; // on - off of the two hits run back to back
            for (int r = 0; r < rounds; r++) {
                // Hit by hit, alternating which setting goes first, so both see the same moment of the machine.
                for (int i = 0; i < block; i++) {
                    if ((i + r) % 2 == 0) {
                        tOn[i] = hit(sOn);
                        tOff[i] = hit(sOff);
                    } else {
                        tOff[i] = hit(sOff);
                        tOn[i] = hit(sOn);
                    }
                }
                for (int i = 0; i < block; i++) {
                    pairs[r * block + i] = tOn[i] - tOff[i];
                }
                medOn[r] = pct(tOn, 50);
                medOff[r] = pct(tOff, 50);
                diff[r] = medOn[r] - medOff[r];
            }
            Arrays.sort(pairs);
            return new Overhead(median(medOn), median(medOff), median(diff), quantile(diff, 0.1), quantile(diff, 0.9),
                    pairs[pairs.length / 2] / 1000.0);
        }
    }

    private static Connection cacheHitConnection(ScriptedLlmServer server, String audit, String metrics)
            throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", server.baseUrl());
        p.setProperty("nl.llm.model", "scripted");
        p.setProperty("nl.llm.apiKey", "bench-key");
        p.setProperty("nl.symbolic.minConfidence", "2");
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.audit", audit);
        p.setProperty("nl.metrics", metrics);
        return DriverManager.getConnection("jdbc:nl:h2:mem:pipeline", p);
    }

    /** The same question again (a cache hit after the first), every row read; nanoseconds. */
    private static long hit(Statement s) throws SQLException {
        long t0 = System.nanoTime();
        try (java.sql.ResultSet rs = s.executeQuery("NL: singers in concerts of 2014")) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
        return System.nanoTime() - t0;
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
    }

    /**
     * What recording one cache hit costs besides answering it: the stage timers of its stages, the process and
     * connection counters and timers, and its audit line built as JSON (the logger's writing is the host's).
     */
    private static double[] recording(int rounds, int block) {
        org.nljdbc.driver.observe.Statistics connection = org.nljdbc.driver.observe.Statistics.forConnection();
        org.nljdbc.driver.observe.StageClock clock = new org.nljdbc.driver.observe.StageClock(connection);
        org.nljdbc.driver.observe.Questions.Asker asker =
                new org.nljdbc.driver.observe.Questions.Asker("bench", null, 1, true, connection);
        org.nljdbc.driver.observe.Questions.Outcome o = new org.nljdbc.driver.observe.Questions.Outcome("query",
                "singers in concerts of 2014", "SELECT s.name FROM singer s LIMIT 1000", "cache", false,
                java.util.List.of("limit 1000"), false, 0, 0, 0);
        org.nljdbc.translator.internal.Stage[] cacheHit = {org.nljdbc.translator.internal.Stage.CONVERSATION,
                org.nljdbc.translator.internal.Stage.EXAMPLES, org.nljdbc.translator.internal.Stage.CACHE,
                org.nljdbc.translator.internal.Stage.CHECKPOINT, org.nljdbc.translator.internal.Stage.CHECKPOINT,
                org.nljdbc.translator.internal.Stage.EXECUTION};
        if (!org.nljdbc.driver.observe.Audit.enabled()) {
            throw new IllegalStateException("the audit logger is off; the line would not be timed");
        }
        double[] medians = new double[rounds];
        long[] t = new long[block];
        for (int r = -3; r < rounds; r++) { // three rounds warm the JIT
            for (int i = 0; i < block; i++) {
                long t0 = System.nanoTime();
                clock.start("query");
                for (org.nljdbc.translator.internal.Stage stage : cacheHit) {
                    clock.begin(stage).close();
                }
                org.nljdbc.driver.observe.Questions.ran(asker, clock, o, 1000).read(1, 40); // writes the audit line
                t[i] = System.nanoTime() - t0;
            }
            if (r >= 0) {
                medians[r] = pct(t, 50);
            }
        }
        return medians;
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
