package org.nljdbc.bench.defog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nljdbc.bench.spider.GoldReferences;
import org.nljdbc.bench.spider.QuestionResult.Outcome;
import org.nljdbc.bench.spider.QuestionResult;
import org.nljdbc.bench.spider.ResultComparator;
import org.nljdbc.bench.spider.ScriptedSpiderLlm;
import org.nljdbc.bench.spider.SpiderBenchmark;
import org.nljdbc.bench.symbolic.LeaveOneOut;
import org.nljdbc.driver.NlResult;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.internal.symbolic.Abstention;
import org.nljdbc.translator.internal.symbolic.SymbolicAnswer;
import org.nljdbc.translator.internal.symbolic.SymbolicOutcome;
import org.nljdbc.translator.internal.symbolic.SymbolicTranslator;

/**
 * Defog sql-eval's PostgreSQL questions through {@code jdbc:nl:postgresql:}, scored by defog's rules.
 *
 * <pre>
 * bench/run defog [--data DIR] --llm scripted|none|openai|anthropic [--server-url JDBC_URL] [--db NAME,...]
 *                 [--limit N] [--instructions auto|yes|no] [--db-prefix P] [--out FILE.json]
 * </pre>
 *
 * <p>Each {@code DIR/databases/<db>/<db>.sql} is loaded into its own PostgreSQL database {@code defog_<db>}
 * ({@link DefogLoader}: reused when already loaded from the same dump). Every question of {@code DIR/questions/*.csv}
 * is asked as {@code NL: question}; the answer is right if its result matches one of the gold queries' results
 * ({@link DefogGold}: {@code ;} alternatives and {@code {a, b}} choices; {@link DefogScorer}: extra columns allowed,
 * order compared only when the gold query orders). The scripted model ({@link ScriptedSpiderLlm}, the Spider harness's)
 * answers with the first gold query, when the prompt shows every table and column it uses.
 *
 * <p>The advanced set's {@code instructions} (business rules such as how a metric is defined) are appended to the
 * question for a real model ({@code --instructions auto}, the default, means yes for openai / anthropic), as defog's own
 * evaluation gives them to the model; not for {@code scripted} (it knows the gold query and needs no rules) nor for
 * {@code none}, so that the LLM-free translator is measured on the question a user would type.
 *
 * <p>With {@code --llm none} the run also reports coverage and precision, and the LLM-free translator's
 * leave-one-database-out figures: its every answer at any confidence, the threshold for each database chosen on the
 * other three ({@link LeaveOneOut}). Last line: {@code execution accuracy: 0.XXX (n/N)}.
 */
public final class DefogBenchmark {
    private static final List<String> LLMS = List.of("scripted", "none", "openai", "anthropic");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final double[] LOO_TARGETS = {0.95, 0.97, 0.99};

    /** Parsed command line. */
    record Options(Path data, String llm, String serverUrl, String prefix, Set<String> dbs, int limit,
                   boolean instructions, Path out) {
    }

    /** How one question went; {@code asked} is the text after {@code NL: }. */
    record Result(String id, String db, String category, String question, String asked, String gold,
                  Outcome outcome, String sql, String source, double latencyMs, String detail) {
        boolean scored() {
            return outcome != Outcome.GOLD_FAILED;
        }

        boolean answered() {
            return outcome == Outcome.CORRECT || outcome == Outcome.WRONG_RESULT || outcome == Outcome.REFUSED
                    || outcome == Outcome.ERROR && sql != null;
        }
    }

    private DefogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: bench/run defog [--data DIR] --llm scripted|none|openai|anthropic "
                    + "[--server-url URL] [--db NAME,...] [--limit N] [--instructions auto|yes|no] [--db-prefix P] "
                    + "[--out FILE.json]");
            System.exit(2);
            return;
        }
        ObjectNode report = run(o);
        System.out.println(text(report));
    }

    static Options parse(String[] args) {
        Path data = DefogData.locate();
        String llm = "scripted";
        String serverUrl = SpiderBenchmark.defaultServer("postgresql");
        String prefix = "defog_";
        Set<String> dbs = new TreeSet<>();
        int limit = 0;
        String instructions = "auto";
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--data" -> data = Path.of(v);
                case "--llm" -> llm = v.toLowerCase(Locale.ROOT);
                case "--server-url" -> serverUrl = v;
                case "--db-prefix" -> prefix = v;
                case "--db" -> dbs.addAll(List.of(v.split(",")));
                case "--limit" -> limit = Integer.parseInt(v);
                case "--instructions" -> instructions = v.toLowerCase(Locale.ROOT);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (!LLMS.contains(llm)) {
            throw new IllegalArgumentException("--llm must be one of " + LLMS);
        }
        if (!List.of("auto", "yes", "no").contains(instructions)) {
            throw new IllegalArgumentException("--instructions must be auto, yes or no");
        }
        boolean withInstructions = instructions.equals("yes")
                || instructions.equals("auto") && (llm.equals("openai") || llm.equals("anthropic"));
        if (out == null) {
            out = Path.of("bench", "results", "defog-" + llm + ".json");
        }
        return new Options(data, llm, serverUrl, prefix, Set.copyOf(dbs), limit, withInstructions, out);
    }

    /** Runs the benchmark, writes its JSON report and returns it. */
    static ObjectNode run(Options o) throws Exception {
        if (!Files.isDirectory(o.data().resolve("questions"))) {
            throw new IOException("no defog data at " + o.data() + " (questions/ missing); pass --data DIR");
        }
        Map<String, List<DefogData.Question>> byDb = new TreeMap<>();
        for (DefogData.Question q : select(DefogData.questions(o.data()), o.dbs(), o.limit())) {
            byDb.computeIfAbsent(q.db(), k -> new ArrayList<>()).add(q);
        }
        List<Result> results = new ArrayList<>();
        List<LeaveOneOut.Item> loo = new ArrayList<>();
        Map<String, ObjectNode> symbolic = new LinkedHashMap<>();
        int total = byDb.values().stream().mapToInt(List::size).sum();
        try (ScriptedSpiderLlm scripted = o.llm().equals("scripted") ? ScriptedSpiderLlm.start() : null) {
            for (Map.Entry<String, List<DefogData.Question>> e : byDb.entrySet()) {
                String db = e.getKey();
                String url = DefogLoader.load(DefogData.dump(o.data(), db), o.serverUrl(), o.prefix() + db);
                Properties props = SpiderBenchmark.connectionProperties(o.llm(), scripted);
                try (Connection plain = DriverManager.getConnection(url);
                     Connection nl = DriverManager.getConnection("jdbc:nl:" + url.substring("jdbc:".length()), props)) {
                    Runner runner = new Runner(plain, nl, scripted, SpiderBenchmark.columnsOf(plain), o.instructions());
                    for (DefogData.Question q : e.getValue()) {
                        // Each question alone, as defog asks them: no earlier question is a conversation to follow.
                        try (Statement s = nl.createStatement()) {
                            s.execute("NL RESET");
                        }
                        results.add(runner.run(q));
                        if (results.size() % 10 == 0 || results.size() == total) {
                            System.err.printf(Locale.ROOT, "%d/%d questions, %d right%n", results.size(), total,
                                    results.stream().filter(r -> r.outcome() == Outcome.CORRECT).count());
                        }
                    }
                    if (o.llm().equals("none")) {
                        loo.addAll(runner.symbolicItems(e.getValue(), symbolic));
                    }
                }
            }
        }
        ObjectNode report = report(o, results, loo, symbolic);
        Path dir = o.out().toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        JSON.writeValue(o.out().toFile(), report);
        return report;
    }

    /** The questions of {@code dbs} (all when empty); with a limit, that many evenly spaced in file order. */
    static List<DefogData.Question> select(List<DefogData.Question> all, Set<String> dbs, int limit) {
        return SpiderBenchmark.evenlySpaced(all.stream().filter(q -> dbs.isEmpty() || dbs.contains(q.db())).toList(),
                limit);
    }

    /** Asks and scores the questions of one database. */
    record Runner(Connection plain, Connection nl, ScriptedSpiderLlm scripted, Set<String> knownColumns,
                  boolean instructions) {

        Result run(DefogData.Question q) {
            String asked = instructions && !q.instructions().isEmpty()
                    ? q.question() + " Instructions: " + q.instructions() : q.question();
            List<String> goldQueries = DefogGold.queries(q.gold());
            List<Gold> golds = new ArrayList<>();
            String goldError = null;
            for (String g : goldQueries) {
                try {
                    golds.add(new Gold(query(plain, g), ResultComparator.ordersResult(g)));
                } catch (SQLException e) {
                    goldError = e.getMessage();
                }
            }
            if (golds.isEmpty()) {
                return new Result(q.id(), q.db(), q.category(), q.question(), asked, q.gold(), Outcome.GOLD_FAILED,
                        null, null, 0, goldError);
            }
            String first = goldQueries.get(0);
            if (scripted != null) {
                GoldReferences uses;
                try {
                    uses = GoldReferences.of(first, knownColumns);
                } catch (Exception e) {
                    uses = new GoldReferences(Set.of(), Set.of());
                }
                scripted.expect(new ScriptedSpiderLlm.Expectation(asked, first, uses));
            }
            long start = System.nanoTime();
            try (Statement s = nl.createStatement()) {
                DefogScorer.Table answer;
                try (ResultSet rs = s.executeQuery("NL: " + asked)) {
                    answer = DefogScorer.Table.read(rs);
                }
                NlResult r = s.unwrap(NlResult.class);
                double ms = (System.nanoTime() - start) / 1e6;
                boolean right = golds.stream().anyMatch(g -> DefogScorer.matches(g.table(), answer, g.ordered()));
                return new Result(q.id(), q.db(), q.category(), q.question(), asked, q.gold(),
                        right ? Outcome.CORRECT : Outcome.WRONG_RESULT, r.sql(), r.source(), ms,
                        right ? null : "gold " + golds.get(0).table().rows().size() + " rows, got "
                                + answer.rows().size());
            } catch (SQLException e) {
                double ms = (System.nanoTime() - start) / 1e6;
                boolean gaveSql = scripted != null
                        && scripted.exchanges().stream().anyMatch(ScriptedSpiderLlm.Exchange::answeredSql);
                return new Result(q.id(), q.db(), q.category(), q.question(), asked, q.gold(),
                        QuestionResult.failure(e, gaveSql), gaveSql ? first : null, null, ms, e.getMessage());
            }
        }

        /**
         * The LLM-free translator's answer to each question at any confidence, with the catalog the driver reads,
         * scored the same way: what a threshold can then be chosen on.
         */
        List<LeaveOneOut.Item> symbolicItems(List<DefogData.Question> questions, Map<String, ObjectNode> details)
                throws SQLException {
            Catalog catalog = CatalogReader.read(plain);
            SymbolicTranslator translator = new SymbolicTranslator(0.0);
            List<LeaveOneOut.Item> out = new ArrayList<>();
            for (DefogData.Question q : questions) {
                SymbolicOutcome outcome = translator.attempt(q.question(), catalog, Dialect.POSTGRESQL);
                double confidence = outcome instanceof SymbolicAnswer sa ? sa.confidence()
                        : ((Abstention) outcome).confidence();
                ObjectNode d = JSON.createObjectNode().put("confidence", Math.round(confidence * 1000) / 1000.0);
                details.put(q.id(), d);
                if (!(outcome instanceof SymbolicAnswer a)) {
                    d.put("abstention", ((Abstention) outcome).describe());
                    out.add(new LeaveOneOut.Item(q.db(), false, 0, false));
                    continue;
                }
                d.put("sql", a.sql());
                boolean right = false;
                try {
                    DefogScorer.Table answer = query(plain, a.sql());
                    for (String g : DefogGold.queries(q.gold())) {
                        try {
                            right |= DefogScorer.matches(query(plain, g), answer, ResultComparator.ordersResult(g));
                        } catch (SQLException ignored) {
                            // a gold alternative that fails here cannot match
                        }
                    }
                } catch (SQLException e) {
                    right = false;
                }
                d.put("correct", right);
                out.add(new LeaveOneOut.Item(q.db(), true, a.confidence(), right));
            }
            return out;
        }

        private record Gold(DefogScorer.Table table, boolean ordered) {
        }
    }

    static DefogScorer.Table query(Connection c, String sql) throws SQLException {
        boolean auto = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(60);
            try (ResultSet rs = s.executeQuery(sql)) {
                return DefogScorer.Table.read(rs);
            }
        } catch (SQLException e) {
            if (!auto) {
                c.rollback();
            }
            throw e;
        }
    }

    static ObjectNode report(Options o, List<Result> results, List<LeaveOneOut.Item> loo,
                             Map<String, ObjectNode> symbolic) {
        ObjectNode root = JSON.createObjectNode();
        root.put("benchmark", "defog").put("llm", o.llm()).put("data", o.data().toString())
                .put("instructionsInQuestion", o.instructions()).put("limit", o.limit())
                .put("finishedAt", Instant.now().toString());
        putFigures(root, results);
        ObjectNode outcomes = root.putObject("outcomes");
        for (Outcome oc : Outcome.values()) {
            outcomes.put(oc.label(), results.stream().filter(r -> r.outcome() == oc).count());
        }
        Map<String, List<Result>> byDb = new TreeMap<>();
        results.forEach(r -> byDb.computeIfAbsent(r.db(), k -> new ArrayList<>()).add(r));
        ObjectNode dbs = root.putObject("byDatabase");
        byDb.forEach((db, rs) -> putFigures(dbs.putObject(db), rs));
        Map<String, List<Result>> byCategory = new TreeMap<>();
        results.forEach(r -> byCategory.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(r));
        ObjectNode cats = root.putObject("byCategory");
        byCategory.forEach((c, rs) -> putFigures(cats.putObject(c), rs));
        if (!loo.isEmpty()) {
            ObjectNode l = root.putObject("leaveOneOut");
            for (LeaveOneOut.Report r : LeaveOneOut.evaluate(loo, LOO_TARGETS).values()) {
                l.set(String.valueOf(r.target()), r.toJson(JSON));
            }
        }
        ArrayNode qs = root.putArray("questions");
        for (Result r : results) {
            ObjectNode q = qs.addObject();
            if (symbolic.containsKey(r.id())) {
                // The LLM-free translator at any confidence: its confidence, and its SQL and whether it was right, or
                // why it abstained.
                q.set("symbolic", symbolic.get(r.id()));
            }
            q.put("id", r.id()).put("db", r.db()).put("category", r.category())
                    .put("question", r.question()).put("asked", r.asked()).put("gold", r.gold())
                    .put("outcome", r.outcome().label()).put("sql", r.sql()).put("source", r.source())
                    .put("latencyMs", Math.round(r.latencyMs() * 10) / 10.0).put("detail", r.detail());
        }
        return root;
    }

    private static void putFigures(ObjectNode into, List<Result> rs) {
        List<Result> scored = rs.stream().filter(Result::scored).toList();
        long correct = scored.stream().filter(r -> r.outcome() == Outcome.CORRECT).count();
        long answered = scored.stream().filter(Result::answered).count();
        into.put("accuracy", round(scored.isEmpty() ? 0 : (double) correct / scored.size()))
                .put("total", scored.size()).put("answered", answered).put("correct", correct)
                .put("goldFailed", rs.size() - scored.size())
                .put("coverage", round(scored.isEmpty() ? 0 : (double) answered / scored.size()))
                .put("precision", round(answered == 0 ? 1 : (double) correct / answered));
    }

    /** The terminal summary: per database, leave-one-out for {@code none}, and last the headline. */
    static String text(ObjectNode report) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "defog sql-eval (PostgreSQL): llm %s, %d questions%n",
                report.path("llm").asText(), report.path("questions").size()));
        sb.append(String.format(Locale.ROOT, "%-16s %6s %8s %6s %9s %9s %9s%n", "", "scored", "answered", "right",
                "accuracy", "coverage", "precision"));
        report.path("byDatabase").fields().forEachRemaining(e -> sb.append(row(e.getKey(), e.getValue())));
        sb.append(row("all", report));
        sb.append("outcomes ").append(report.path("outcomes")).append('\n');
        if (report.has("leaveOneOut")) {
            report.path("leaveOneOut").forEach(r -> sb.append(LeaveOneOut.text("defog", r)).append('\n'));
        }
        if (report.path("llm").asText().equals("none")) {
            sb.append(String.format(Locale.ROOT, "coverage: %.3f, precision: %.3f (%d/%d answered)%n",
                    report.path("coverage").asDouble(), report.path("precision").asDouble(),
                    report.path("answered").asInt(), report.path("total").asInt()));
        }
        sb.append(String.format(Locale.ROOT, "execution accuracy: %.3f (%d/%d)", report.path("accuracy").asDouble(),
                report.path("correct").asInt(), report.path("total").asInt()));
        return sb.toString();
    }

    private static String row(String label, com.fasterxml.jackson.databind.JsonNode n) {
        return String.format(Locale.ROOT, "%-16s %6d %8d %6d %9.3f %9.3f %9.3f%n", label, n.path("total").asInt(),
                n.path("answered").asInt(), n.path("correct").asInt(), n.path("accuracy").asDouble(),
                n.path("coverage").asDouble(), n.path("precision").asDouble());
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
