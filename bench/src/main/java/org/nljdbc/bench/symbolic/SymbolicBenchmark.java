package org.nljdbc.bench.symbolic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.nljdbc.bench.spider.Hardness;
import org.nljdbc.bench.spider.ResultComparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nljdbc.bench.spider.SpiderData;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.internal.symbolic.Abstention;
import org.nljdbc.translator.internal.symbolic.SymbolicAnswer;
import org.nljdbc.translator.internal.symbolic.SymbolicOutcome;
import org.nljdbc.translator.internal.symbolic.SymbolicTranslator;

/**
 * The LLM-free translator on Spider dev: for each question, answered or abstained, and when answered whether its
 * result on the SQLite database equals the gold query's (execution match, as the Spider harness compares results).
 * Reports coverage (answered / all) and precision (correct / answered), overall and by Spider difficulty, and the
 * same figures at other confidence thresholds so the default can be chosen from data.
 *
 * <p>{@code bench/run symbolic --data DIR [--min-confidence X] [--db ID,...] --out FILE.json}; the last line printed is
 * {@code coverage: 0.XXX, precision: 0.XXX (answered/total)}.
 *
 * <p>Each database's catalog is read exactly as the driver reads it ({@link CatalogReader#read(Connection)}, with its
 * default value samples), so what the benchmark measures is what a user gets.
 */
public final class SymbolicBenchmark {
    private static final double[] THRESHOLDS = {0.0, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};
    /** The issue's precision figure (0.97) and the threshold for answering before a configured model (0.99). */
    static final double[] LOO_TARGETS = {0.97, 0.99};

    private SymbolicBenchmark() {
    }

    /**
     * @param correct       the result equals gold's, columns in order (the Spider harness's comparator)
     * @param correctAnyColumnOrder equal up to the order of columns, as Spider's official execution evaluation
     *                      (test-suite {@code result_eq}) judges: gold itself says "count, city" for one question
     *                      and "grade, count" for the same wording in another
     */
    record Result(int index, String db, String question, String gold, String hardness, String sql,
                  double confidence, String abstention, Boolean correct, Boolean correctAnyColumnOrder,
                  String error) {
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
                    System.err.println("usage: bench/run symbolic --data DIR [--min-confidence X] [--db ID,...] "
                            + "--out FILE.json");
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
        List<Result> results = run(data, dbs);
        ObjectNode report = report(results, minConfidence);
        if (out != null) {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        }
        print(report);
    }

    /** Every question translated with no threshold, so that any threshold can be evaluated afterwards. */
    static List<Result> run(Path data, List<String> dbs) throws Exception {
        JsonNode dev = new ObjectMapper().readTree(data.resolve("dev.json").toFile());
        SymbolicTranslator translator = new SymbolicTranslator(0.0);
        Map<String, Connection> connections = new HashMap<>();
        Map<String, Catalog> catalogs = new HashMap<>();
        List<Result> results = new ArrayList<>();
        try {
            int index = 0;
            for (JsonNode q : dev) {
                int i = index++;
                String db = q.path("db_id").asText();
                if (dbs != null && !dbs.contains(db)) {
                    continue;
                }
                Connection c = connections.computeIfAbsent(db, d -> open(SpiderData.sqliteFile(
                        data, d)));
                Catalog catalog = catalogs.get(db);
                if (catalog == null) {
                    catalog = CatalogReader.read(c);
                    catalogs.put(db, catalog);
                }
                String question = q.path("question").asText().trim();
                String gold = q.path("query").asText().trim();
                String hardness = SpiderAccess.hardness(q.path("sql"));
                SymbolicOutcome outcome = translator.attempt(question, catalog, Dialect.SQLITE);
                if (outcome instanceof Abstention a) {
                    results.add(new Result(i, db, question, gold, hardness, null, a.confidence(), a.describe(),
                            null, null, null));
                    continue;
                }
                SymbolicAnswer answer = (SymbolicAnswer) outcome;
                boolean correct;
                boolean anyOrder;
                String error = null;
                try {
                    List<String> expected = rows(c, gold);
                    List<String> got = rows(c, answer.sql());
                    boolean ordered = SpiderAccess.ordersResult(gold);
                    correct = SpiderAccess.same(expected, got, ordered);
                    anyOrder = correct || sameInSomeColumnOrder(expected, got, ordered);
                } catch (SQLException e) {
                    correct = false;
                    anyOrder = false;
                    error = e.getMessage();
                }
                results.add(new Result(i, db, question, gold, hardness, answer.sql(), answer.confidence(), null,
                        correct, anyOrder, error));
            }
        } finally {
            for (Connection c : connections.values()) {
                c.close();
            }
        }
        return results;
    }

    /** Whether some order of the predicted columns gives gold's result (at most 6 columns are permuted). */
    static boolean sameInSomeColumnOrder(List<String> gold, List<String> predicted, boolean ordered) {
        if (gold.size() != predicted.size() || gold.isEmpty()) {
            return false;
        }
        int n = columns(gold.get(0)).length;
        if (n != columns(predicted.get(0)).length || n > 6) {
            return false;
        }
        List<String[]> split = predicted.stream().map(SymbolicBenchmark::columns).toList();
        for (int[] perm : permutations(n)) {
            List<String> reordered = new ArrayList<>();
            for (String[] row : split) {
                StringBuilder sb = new StringBuilder();
                for (int p : perm) {
                    sb.append(row[p]).append(SEP);
                }
                reordered.add(sb.toString());
            }
            if (SpiderAccess.same(gold, reordered, ordered)) {
                return true;
            }
        }
        return false;
    }

    private static final char SEP = '\u0001';

    /** A normalised row's cells (each cell is followed by the separator). */
    private static String[] columns(String row) {
        String[] parts = row.split(String.valueOf(SEP), -1);
        return java.util.Arrays.copyOf(parts, parts.length - 1);
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] current, boolean[] taken, int depth, List<int[]> out) {
        if (depth == current.length) {
            out.add(current.clone());
            return;
        }
        for (int i = 0; i < current.length; i++) {
            if (!taken[i]) {
                taken[i] = true;
                current[depth] = i;
                permute(current, taken, depth + 1, out);
                taken[i] = false;
            }
        }
    }

    private static Connection open(Path file) {
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(30);
            try (ResultSet rs = s.executeQuery(sql)) {
                return SpiderAccess.rows(rs);
            }
        }
    }

    static ObjectNode report(List<Result> results, double minConfidence) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("benchmark", "symbolic");
        report.put("minConfidence", minConfidence);
        report.set("overall", figures(json, results, minConfidence));
        ObjectNode byHardness = report.putObject("byDifficulty");
        for (String h : List.of("easy", "medium", "hard", "extra")) {
            byHardness.set(h, figures(json, results.stream().filter(r -> r.hardness().equals(h)).toList(),
                    minConfidence));
        }
        ObjectNode loo = report.putObject("leaveOneOut");
        for (LeaveOneOut.Report r : LeaveOneOut.evaluate(looItems(results, false), LOO_TARGETS).values()) {
            loo.set(String.valueOf(r.target()), r.toJson(json));
        }
        ObjectNode looStrict = report.putObject("leaveOneOutColumnsInOrder");
        for (LeaveOneOut.Report r : LeaveOneOut.evaluate(looItems(results, true), LOO_TARGETS).values()) {
            looStrict.set(String.valueOf(r.target()), r.toJson(json));
        }
        ArrayNode sweep = report.putArray("thresholds");
        for (double t : THRESHOLDS) {
            ObjectNode f = figures(json, results, t);
            f.put("minConfidence", t);
            sweep.add(f);
        }
        Map<String, Integer> reasons = new LinkedHashMap<>();
        results.stream().filter(r -> r.abstention() != null).forEach(r -> reasons.merge(
                r.abstention().replaceAll("\\(.*", "").replaceAll("\"[^\"]*\"", "\"…\"").trim(), 1, Integer::sum));
        ObjectNode abstentions = report.putObject("abstentionReasons");
        reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(30)
                .forEach(e -> abstentions.put(e.getKey(), e.getValue()));
        ArrayNode questions = report.putArray("questions");
        for (Result r : results) {
            ObjectNode q = questions.addObject();
            q.put("index", r.index());
            q.put("db", r.db());
            q.put("difficulty", r.hardness());
            q.put("question", r.question());
            q.put("gold", r.gold());
            boolean answered = r.sql() != null && r.confidence() >= minConfidence;
            q.put("answered", answered);
            q.put("confidence", Math.round(r.confidence() * 1000) / 1000.0);
            if (r.sql() != null) {
                q.put("sql", r.sql());
                q.put("correct", r.correctAnyColumnOrder());
                q.put("correctColumnsInOrder", r.correct());
            }
            if (r.abstention() != null) {
                q.put("abstention", r.abstention());
            }
            if (r.error() != null) {
                q.put("error", r.error());
            }
        }
        return report;
    }

    /**
     * The leave-one-database-out report of the LLM-free translator on Spider dev's SQLite databases ({@code dbs}, all
     * when null): per database and pooled, for each target; results compared up to column order, and the pooled
     * figure with columns in order too.
     */
    public static String leaveOneOutText(Path data, List<String> dbs) throws Exception {
        List<Result> results = run(data, dbs);
        ObjectMapper json = new ObjectMapper();
        StringBuilder sb = new StringBuilder();
        for (double target : LOO_TARGETS) {
            sb.append(LeaveOneOut.text("spider dev", LeaveOneOut.evaluate(looItems(results, false), target)
                    .toJson(json))).append('\n');
            LeaveOneOut.Figures strict = LeaveOneOut.evaluate(looItems(results, true), target).pooled();
            sb.append(String.format(Locale.ROOT, "spider dev LOO at %.2f, columns compared in order: coverage %.3f, "
                    + "precision %.3f%n", target, strict.coverage(), strict.precision()));
        }
        return sb.toString().stripTrailing();
    }

    /** The results as leave-one-database-out items; {@code strict} judges with columns in order. */
    static List<LeaveOneOut.Item> looItems(List<Result> results, boolean strict) {
        return results.stream().map(r -> new LeaveOneOut.Item(r.db(), r.sql() != null, r.confidence(),
                Boolean.TRUE.equals(strict ? r.correct() : r.correctAnyColumnOrder()))).toList();
    }

    private static ObjectNode figures(ObjectMapper json, List<Result> results, double threshold) {
        long answered = results.stream().filter(r -> r.sql() != null && r.confidence() >= threshold).count();
        long correct = results.stream().filter(r -> r.sql() != null && r.confidence() >= threshold
                && Boolean.TRUE.equals(r.correctAnyColumnOrder())).count();
        long strict = results.stream().filter(r -> r.sql() != null && r.confidence() >= threshold
                && Boolean.TRUE.equals(r.correct())).count();
        ObjectNode f = json.createObjectNode();
        f.put("total", results.size());
        f.put("answered", answered);
        f.put("correct", correct);
        f.put("coverage", results.isEmpty() ? 0 : round((double) answered / results.size()));
        f.put("precision", answered == 0 ? 0 : round((double) correct / answered));
        f.put("correctColumnsInOrder", strict);
        f.put("precisionColumnsInOrder", answered == 0 ? 0 : round((double) strict / answered));
        return f;
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    private static void print(ObjectNode report) {
        System.out.println("threshold sweep (minConfidence: coverage, precision, answered/total):");
        for (JsonNode t : report.path("thresholds")) {
            System.out.printf(Locale.ROOT, "  %.2f: %.3f, %.3f (%d/%d)%n", t.path("minConfidence").asDouble(),
                    t.path("coverage").asDouble(), t.path("precision").asDouble(), t.path("answered").asLong(),
                    t.path("total").asLong());
        }
        System.out.println("by difficulty at minConfidence " + report.path("minConfidence").asDouble() + ":");
        report.path("byDifficulty").fields().forEachRemaining(e -> System.out.printf(Locale.ROOT,
                "  %-6s coverage %.3f, precision %.3f (%d/%d)%n", e.getKey(), e.getValue().path("coverage").asDouble(),
                e.getValue().path("precision").asDouble(), e.getValue().path("answered").asLong(),
                e.getValue().path("total").asLong()));
        for (JsonNode r : report.path("leaveOneOut")) {
            System.out.println(LeaveOneOut.text("spider dev", r));
        }
        JsonNode o = report.path("overall");
        System.out.printf(Locale.ROOT, "precision with columns compared in order (the spider harness's stricter rule): "
                + "%.3f (%d/%d)%n", o.path("precisionColumnsInOrder").asDouble(),
                o.path("correctColumnsInOrder").asLong(), o.path("answered").asLong());
        System.out.println("precision below: results equal up to column order, as Spider's official evaluation judges");
        System.out.printf(Locale.ROOT, "coverage: %.3f, precision: %.3f (%d/%d)%n", o.path("coverage").asDouble(),
                o.path("precision").asDouble(), o.path("answered").asLong(), o.path("total").asLong());
    }

    /**
     * The Spider harness's own difficulty and result comparison, used as they are so that
     * both benchmarks judge answers the same way.
     */
    static final class SpiderAccess {
        private SpiderAccess() {
        }

        static String hardness(JsonNode sql) {
            return Hardness.of(sql).label();
        }

        static List<String> rows(ResultSet rs) throws SQLException {
            return ResultComparator.rows(rs);
        }

        static boolean same(List<String> gold, List<String> predicted, boolean ordered) {
            return ResultComparator.same(gold, predicted, ordered);
        }

        static boolean ordersResult(String gold) {
            return ResultComparator.ordersResult(gold);
        }
    }
}
