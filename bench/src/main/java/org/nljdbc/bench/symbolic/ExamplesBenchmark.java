package org.nljdbc.bench.symbolic;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nljdbc.bench.spider.SpiderData;
import org.nljdbc.translator.internal.knowledge.ExampleRanker;
import org.nljdbc.translator.internal.knowledge.ExampleStore;
import org.nljdbc.translator.internal.knowledge.Knowledge;
import org.nljdbc.translator.internal.knowledge.QuestionKey;
import org.nljdbc.translator.internal.knowledge.VerifiedExample;
import org.nljdbc.translator.internal.symbolic.SymbolicTranslator;

/**
 * Leave-one-out over verified examples on Spider dev: for each question, every other question of the same database
 * (with its gold SQL) is a verified example. Measured, with no model:
 * <ul>
 *   <li><b>few-shot usefulness</b>: how often the {@value Knowledge#FEW_SHOT} examples the product would put in the
 *   prompt ({@link ExampleRanker}, the same lexical similarity) include one whose SQL has the same structure as the
 *   question's gold ({@link SqlStructure}: literals and names abstracted); next to it, how often the database holds
 *   such an example at all (the ceiling of any ranking) and the share a random pick of 3 would reach;</li>
 *   <li><b>reuse</b>: the LLM-free translator's coverage and precision without examples and with them, where a
 *   question equal or nearly equal to an example ({@link ExampleStore#match}, the product's rule) reuses the
 *   example's SQL before the translator is asked, as the driver does. Correct means the result equals gold's up to
 *   column order, as in {@code bench/run symbolic}.</li>
 * </ul>
 * {@code bench/run examples [--data DIR] [--db ID,...] [--min-confidence X] [--out FILE.json]}; the last line is the
 * headline.
 */
public final class ExamplesBenchmark {
    private ExamplesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = SpiderData.locate();
        Path out = null;
        double minConfidence = SymbolicTranslator.DEFAULT_MIN_CONFIDENCE;
        List<String> dbs = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[++i] : "";
            switch (a) {
                case "--data" -> data = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--min-confidence" -> minConfidence = Double.parseDouble(v);
                case "--db" -> dbs = List.of(v.split(","));
                default -> {
                    System.err.println("usage: bench/run examples [--data DIR] [--db ID,...] [--min-confidence X] "
                            + "[--out FILE.json]");
                    System.exit(2);
                }
            }
        }
        if (!Files.exists(data.resolve("dev.json")) && Files.exists(data.resolve("spider/dev.json"))) {
            data = data.resolve("spider");
        }
        if (!Files.exists(data.resolve("dev.json"))) {
            throw new IOException("no Spider data at " + data + " (dev.json missing); pass --data DIR");
        }
        ObjectNode report = run(data, dbs, minConfidence);
        if (out != null) {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        }
        print(report);
    }

    /** One database's examples in memory: the leave-one-out store, with the product's matching rule. */
    private static final class HeldOut implements ExampleStore {
        private final List<VerifiedExample> others;

        HeldOut(List<VerifiedExample> others) {
            this.others = others;
        }

        @Override
        public List<VerifiedExample> list(String database) {
            return others;
        }

        @Override
        public void remember(String database, VerifiedExample example) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean forget(String database, String question) {
            throw new UnsupportedOperationException();
        }
    }

    static ObjectNode run(Path data, List<String> dbs, double minConfidence) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode dev = json.readTree(data.resolve("dev.json").toFile());
        Map<String, Set<String>> names = schemaNames(json.readTree(data.resolve("tables.json").toFile()));
        // The LLM-free translator's own answers, judged against gold (every question, no threshold yet).
        List<SymbolicBenchmark.Result> symbolic = SymbolicBenchmark.run(data, dbs);
        Map<Integer, SymbolicBenchmark.Result> byIndex = new HashMap<>();
        symbolic.forEach(r -> byIndex.put(r.index(), r));

        record Q(int index, String db, String question, String gold, String structure) {
        }
        Map<String, List<Q>> perDb = new LinkedHashMap<>();
        int idx = 0;
        for (JsonNode q : dev) {
            int i = idx++;
            String db = q.path("db_id").asText();
            if (dbs != null && !dbs.contains(db)) {
                continue;
            }
            String gold = q.path("query").asText().trim();
            perDb.computeIfAbsent(db, d -> new ArrayList<>()).add(new Q(i, db, q.path("question").asText().trim(),
                    gold, SqlStructure.of(gold, names.getOrDefault(db, Set.of()))));
        }

        int total = 0;
        int unstructured = 0;
        int retrievedAny = 0;
        int top3Hit = 0;
        int top1Hit = 0;
        int otherSqlHit = 0;
        int otherSqlCeiling = 0;
        int ceiling = 0;
        double randomExpected = 0;
        int exampleMatched = 0;
        int exampleCorrect = 0;
        int withoutAnswered = 0;
        int withoutCorrect = 0;
        int withAnswered = 0;
        int withCorrect = 0;
        ArrayNode questions = json.createArrayNode();
        ObjectNode byDb = json.createObjectNode();
        for (Map.Entry<String, List<Q>> e : perDb.entrySet()) {
            List<Q> qs = e.getValue();
            int dbTotal = 0;
            int dbHit = 0;
            int dbCeiling = 0;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SpiderData.sqliteFile(data, e.getKey()))) {
                for (Q q : qs) {
                    total++;
                    dbTotal++;
                    List<VerifiedExample> others = new ArrayList<>();
                    Map<VerifiedExample, Q> origin = new HashMap<>();
                    for (Q o : qs) {
                        if (o.index() != q.index()) {
                            VerifiedExample ex = new VerifiedExample(o.question(), o.gold(), "");
                            others.add(ex);
                            origin.put(ex, o);
                        }
                    }
                    ObjectNode row = questions.addObject();
                    row.put("index", q.index());
                    row.put("db", q.db());
                    row.put("question", q.question());
                    row.put("structure", q.structure());
                    // Few-shot: do the examples the prompt would show include one of the same structure?
                    List<VerifiedExample> top = ExampleRanker.top(q.question(), others, Knowledge.FEW_SHOT);
                    if (q.structure() == null) {
                        unstructured++;
                    } else {
                        long same = others.stream().filter(o -> q.structure().equals(origin.get(o).structure()))
                                .count();
                        boolean anySame = same > 0;
                        boolean hit = top.stream().anyMatch(t -> q.structure().equals(origin.get(t).structure()));
                        boolean hit1 = !top.isEmpty() && q.structure().equals(origin.get(top.get(0)).structure());
                        retrievedAny += top.isEmpty() ? 0 : 1;
                        ceiling += anySame ? 1 : 0;
                        dbCeiling += anySame ? 1 : 0;
                        top3Hit += hit ? 1 : 0;
                        dbHit += hit ? 1 : 0;
                        top1Hit += hit1 ? 1 : 0;
                        randomExpected += pickHit(others.size(), (int) same, Knowledge.FEW_SHOT);
                        // Spider dev asks most queries twice in other words: without those twins (same gold SQL),
                        // what is left is what a structure learned from a different question is worth.
                        String own = plain(q.gold());
                        boolean hitOther = top.stream().anyMatch(t -> !plain(t.sql()).equals(own)
                                && q.structure().equals(origin.get(t).structure()));
                        boolean anyOther = others.stream().anyMatch(o -> !plain(o.sql()).equals(own)
                                && q.structure().equals(origin.get(o).structure()));
                        otherSqlHit += hitOther ? 1 : 0;
                        otherSqlCeiling += anyOther ? 1 : 0;
                        row.put("top3SameStructure", hit);
                        row.put("dbHasSameStructure", anySame);
                    }
                    ArrayNode shown = row.putArray("top3");
                    top.forEach(t -> shown.add(t.question()));

                    // Reuse: a nearly equal question answers with the example's SQL before the translator.
                    SymbolicBenchmark.Result r = byIndex.get(q.index());
                    boolean symAnswered = r != null && r.sql() != null && r.confidence() >= minConfidence;
                    boolean symCorrect = symAnswered && Boolean.TRUE.equals(r.correctAnyColumnOrder());
                    withoutAnswered += symAnswered ? 1 : 0;
                    withoutCorrect += symCorrect ? 1 : 0;
                    Optional<VerifiedExample> match = new HeldOut(others).match(q.db(), q.question());
                    if (match.isPresent()) {
                        exampleMatched++;
                        boolean ok = sameResult(c, q.gold(), match.get().sql());
                        exampleCorrect += ok ? 1 : 0;
                        withAnswered++;
                        withCorrect += ok ? 1 : 0;
                        row.put("reusedExample", match.get().question());
                        row.put("reusedCorrect", ok);
                    } else {
                        withAnswered += symAnswered ? 1 : 0;
                        withCorrect += symCorrect ? 1 : 0;
                    }
                }
            }
            ObjectNode d = byDb.putObject(e.getKey());
            d.put("questions", dbTotal);
            d.put("top3SameStructure", dbHit);
            d.put("dbHasSameStructure", dbCeiling);
        }
        int structured = total - unstructured;
        ObjectNode report = json.createObjectNode();
        report.put("benchmark", "examples");
        report.put("structureDefinition", "JSqlParser-printed SQL lexed by JSqlParser; literals -> ?, table/column/"
                + "alias names -> id (functions keep their name), qualified names and aliases collapsed");
        report.put("questions", total);
        report.put("structured", structured);
        ObjectNode fewShot = report.putObject("fewShot");
        fewShot.put("k", Knowledge.FEW_SHOT);
        fewShot.put("retrievedAtLeastOne", retrievedAny);
        fewShot.put("top3SameStructure", top3Hit);
        fewShot.put("top3SameStructureRate", rate(top3Hit, structured));
        fewShot.put("top1SameStructureRate", rate(top1Hit, structured));
        fewShot.put("ceilingRate", rate(ceiling, structured));
        fewShot.put("random3Rate", structured == 0 ? 0 : round(randomExpected / structured));
        fewShot.put("top3SameStructureOtherSqlRate", rate(otherSqlHit, structured));
        fewShot.put("ceilingOtherSqlRate", rate(otherSqlCeiling, structured));
        fewShot.set("byDatabase", byDb);
        ObjectNode reuse = report.putObject("llmFree");
        reuse.put("minConfidence", minConfidence);
        reuse.put("withoutAnswered", withoutAnswered);
        reuse.put("withoutCorrect", withoutCorrect);
        reuse.put("withoutCoverage", rate(withoutAnswered, total));
        reuse.put("withoutPrecision", rate(withoutCorrect, withoutAnswered));
        reuse.put("exampleMatched", exampleMatched);
        reuse.put("exampleCorrect", exampleCorrect);
        reuse.put("withAnswered", withAnswered);
        reuse.put("withCorrect", withCorrect);
        reuse.put("withCoverage", rate(withAnswered, total));
        reuse.put("withPrecision", rate(withCorrect, withAnswered));
        report.set("questionsDetail", questions);
        return report;
    }

    /** The chance that {@code k} examples drawn at random from {@code n} include one of the {@code good}. */
    private static double pickHit(int n, int good, int k) {
        if (good == 0 || n == 0) {
            return 0;
        }
        double none = 1;
        for (int i = 0; i < Math.min(k, n); i++) {
            none *= (double) (n - good - i) / (n - i);
            if (none <= 0) {
                return 1;
            }
        }
        return 1 - none;
    }

    private static boolean sameResult(Connection c, String gold, String sql) {
        try {
            List<String> expected = rows(c, gold);
            List<String> got = rows(c, sql);
            boolean ordered = SymbolicBenchmark.SpiderAccess.ordersResult(gold);
            return SymbolicBenchmark.SpiderAccess.same(expected, got, ordered)
                    || SymbolicBenchmark.sameInSomeColumnOrder(expected, got, ordered);
        } catch (SQLException e) {
            return false;
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(30);
            try (ResultSet rs = s.executeQuery(sql)) {
                return SymbolicBenchmark.SpiderAccess.rows(rs);
            }
        }
    }

    private static Map<String, Set<String>> schemaNames(JsonNode tables) {
        Map<String, Set<String>> out = new HashMap<>();
        for (JsonNode db : tables) {
            Set<String> n = new HashSet<>();
            db.path("table_names_original").forEach(t -> n.add(t.asText().toLowerCase(Locale.ROOT)));
            db.path("column_names_original").forEach(c -> n.add(c.path(1).asText().toLowerCase(Locale.ROOT)));
            n.remove("*");
            out.put(db.path("db_id").asText(), n);
        }
        return out;
    }

    /** SQL compared as text up to case, spacing and a final semicolon. */
    private static String plain(String sql) {
        return sql.trim().replaceAll(";\\s*$", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static double rate(int a, int b) {
        return b == 0 ? 0 : round((double) a / b);
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    private static void print(ObjectNode r) {
        JsonNode f = r.path("fewShot");
        JsonNode s = r.path("llmFree");
        System.out.printf(Locale.ROOT, "questions: %d (%d with a parsed structure)%n", r.path("questions").asInt(),
                r.path("structured").asInt());
        System.out.println("few-shot, by database (top-3 same structure / database has one / questions):");
        f.path("byDatabase").fields().forEachRemaining(e -> System.out.printf(Locale.ROOT, "  %-28s %3d / %3d / %3d%n",
                e.getKey(), e.getValue().path("top3SameStructure").asInt(),
                e.getValue().path("dbHasSameStructure").asInt(), e.getValue().path("questions").asInt()));
        System.out.printf(Locale.ROOT, "few-shot: top-1 same structure %.3f, top-3 %.3f, random 3 %.3f, ceiling "
                        + "(database has one) %.3f%n", f.path("top1SameStructureRate").asDouble(),
                f.path("top3SameStructureRate").asDouble(), f.path("random3Rate").asDouble(),
                f.path("ceilingRate").asDouble());
        System.out.printf(Locale.ROOT, "few-shot without the paraphrase twins (examples with the very same gold SQL): "
                        + "top-3 same structure %.3f, ceiling %.3f%n", f.path("top3SameStructureOtherSqlRate").asDouble(),
                f.path("ceilingOtherSqlRate").asDouble());
        System.out.printf(Locale.ROOT, "LLM-free without examples (minConfidence %.2f): coverage %.3f, precision %.3f "
                        + "(%d/%d answered correct)%n", s.path("minConfidence").asDouble(),
                s.path("withoutCoverage").asDouble(), s.path("withoutPrecision").asDouble(),
                s.path("withoutCorrect").asInt(), s.path("withoutAnswered").asInt());
        System.out.printf(Locale.ROOT, "nearly equal question reused an example: %d (%d correct)%n",
                s.path("exampleMatched").asInt(), s.path("exampleCorrect").asInt());
        System.out.printf(Locale.ROOT, "LLM-free with examples: coverage %.3f, precision %.3f (%d/%d)%n",
                s.path("withCoverage").asDouble(), s.path("withPrecision").asDouble(), s.path("withCorrect").asInt(),
                s.path("withAnswered").asInt());
        System.out.printf(Locale.ROOT, "examples LOO: top-3 same structure %.3f (%d/%d; ceiling %.3f, random %.3f; "
                        + "other SQL only %.3f); LLM-free coverage %.3f -> %.3f, precision %.3f -> %.3f%n",
                f.path("top3SameStructureRate").asDouble(), f.path("top3SameStructure").asInt(),
                r.path("structured").asInt(), f.path("ceilingRate").asDouble(), f.path("random3Rate").asDouble(),
                f.path("top3SameStructureOtherSqlRate").asDouble(),
                s.path("withoutCoverage").asDouble(), s.path("withCoverage").asDouble(),
                s.path("withoutPrecision").asDouble(), s.path("withPrecision").asDouble());
    }
}
