package org.nljdbc.bench.spider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The figures of one run: JSON for tools, an HTML chart for people, a table and a headline for the terminal. */
final class SpiderReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Counts of one slice (a difficulty, a database, or everything). */
    record Slice(int asked, int goldFailed, int total, int correct, int correctAnyColumnOrder) {
        Slice(int asked, int goldFailed, int total, int correct) {
            this(asked, goldFailed, total, correct, correct);
        }

        double accuracy() {
            return total == 0 ? 0 : (double) correct / total;
        }

        /** Accuracy by Spider's official rule, which accepts the right result in another order of its columns. */
        double accuracyAnyColumnOrder() {
            return total == 0 ? 0 : (double) correctAnyColumnOrder / total;
        }

        static Slice of(List<QuestionResult> rs) {
            int gf = (int) rs.stream().filter(r -> !r.scored()).count();
            int correct = (int) rs.stream().filter(r -> r.outcome() == QuestionResult.Outcome.CORRECT).count();
            int any = (int) rs.stream().filter(r -> r.scored() && (r.outcome() == QuestionResult.Outcome.CORRECT
                    || r.rightUpToColumnOrder())).count();
            return new Slice(rs.size(), gf, rs.size() - gf, correct, any);
        }
    }

    private final SpiderBenchmark.Options options;
    private final List<QuestionResult> results;
    private final Map<String, List<String>> loadNotes;
    private final Map<SpiderBenchmark.Pass, List<QuestionResult>> passes;
    private final SpiderBenchmark.Pass primary;

    /** The run's figures are those of the first pass; the others are compared with it. */
    SpiderReport(SpiderBenchmark.Options options, Map<SpiderBenchmark.Pass, List<QuestionResult>> passes,
                 Map<String, List<String>> loadNotes) {
        this.options = options;
        this.passes = new LinkedHashMap<>(passes);
        this.primary = passes.keySet().iterator().next();
        this.results = List.copyOf(passes.get(primary));
        this.loadNotes = Map.copyOf(loadNotes);
    }

    /** Questions (by dev.json index) whose outcome or SQL differs between two passes over the same questions. */
    static List<Integer> differing(List<QuestionResult> a, List<QuestionResult> b) {
        Map<Integer, QuestionResult> byIndex = new LinkedHashMap<>();
        b.forEach(r -> byIndex.put(r.index(), r));
        List<Integer> out = new ArrayList<>();
        for (QuestionResult r : a) {
            QuestionResult o = byIndex.get(r.index());
            if (o == null || o.outcome() != r.outcome() || !java.util.Objects.equals(o.sql(), r.sql())) {
                out.add(r.index());
            }
        }
        return out;
    }

    /** How many questions' outcome (right, wrong, unanswered, ...) differs between two passes. */
    static long outcomeChanges(List<QuestionResult> a, List<QuestionResult> b) {
        Map<Integer, QuestionResult.Outcome> byIndex = new LinkedHashMap<>();
        b.forEach(r -> byIndex.put(r.index(), r.outcome()));
        return a.stream().filter(r -> r.outcome() != byIndex.get(r.index())).count();
    }

    private List<QuestionResult> pass(String mode, String symbolic) {
        return passes.get(new SpiderBenchmark.Pass(mode, symbolic));
    }

    /** Lines comparing the passes: each one's accuracy, row against alone, product default against model alone. */
    List<String> comparisonLines() {
        List<String> lines = new ArrayList<>();
        passes.forEach((p, rs) -> {
            Slice s = Slice.of(rs);
            lines.add(String.format(Locale.ROOT, "%-32s execution accuracy %.3f (%d/%d); columns in any order %.3f "
                    + "(%d/%d)", p.label() + ":", s.accuracy(), s.correct(), s.total(), s.accuracyAnyColumnOrder(),
                    s.correctAnyColumnOrder(), s.total()));
        });
        if (options.llm().equals("none")) {
            long answered = asked().stream().filter(QuestionResult::answered).count();
            Slice s = overall();
            lines.add(String.format(Locale.ROOT, "coverage: %.3f, precision: %.3f (%d right of %d answered, %d scored)",
                    s.total() == 0 ? 0 : (double) answered / s.total(), answered == 0 ? 1 : (double) s.correct() / answered,
                    s.correct(), answered, s.total()));
        }
        for (String sym : List.of("product", "off")) {
            if (pass("row", sym) != null && pass("alone", sym) != null) {
                List<Integer> d = differing(pass("row", sym), pass("alone", sym));
                long outcomes = outcomeChanges(pass("row", sym), pass("alone", sym));
                lines.add(String.format(Locale.ROOT, "answers differing between row and alone (%s): %d of %d%s",
                        sym.equals("off") ? "model alone" : "product default", d.size(), pass("row", sym).size(),
                        d.isEmpty() ? "" : " (" + outcomes + " with another outcome); first: "
                                + d.subList(0, Math.min(10, d.size()))));
            }
        }
        for (String mode : List.of("row", "alone")) {
            if (pass(mode, "product") != null && pass(mode, "off") != null) {
                Slice product = Slice.of(pass(mode, "product"));
                Slice alone = Slice.of(pass(mode, "off"));
                lines.add(String.format(Locale.ROOT, "product default vs model alone (%s): %.3f vs %.3f, %+.1f points; "
                        + "columns in any order (Spider's official rule): %.3f vs %.3f, %+.1f points", mode,
                        product.accuracy(), alone.accuracy(), (product.accuracy() - alone.accuracy()) * 100,
                        product.accuracyAnyColumnOrder(), alone.accuracyAnyColumnOrder(),
                        (product.accuracyAnyColumnOrder() - alone.accuracyAnyColumnOrder()) * 100));
            }
        }
        return lines;
    }

    Slice overall() {
        return Slice.of(results);
    }

    Map<String, Slice> byDifficulty() {
        Map<String, Slice> out = new LinkedHashMap<>();
        for (Hardness h : Hardness.values()) {
            out.put(h.label(), Slice.of(results.stream().filter(r -> r.hardness() == h).toList()));
        }
        return out;
    }

    Map<String, Slice> byDatabase() {
        Map<String, List<QuestionResult>> groups = new TreeMap<>();
        results.forEach(r -> groups.computeIfAbsent(r.db(), k -> new ArrayList<>()).add(r));
        Map<String, Slice> out = new LinkedHashMap<>();
        groups.forEach((db, rs) -> out.put(db, Slice.of(rs)));
        return out;
    }

    String headline() {
        Slice s = overall();
        return String.format(Locale.ROOT, "execution accuracy: %.3f (%d/%d)", s.accuracy(), s.correct(), s.total());
    }

    static Path htmlPath(Path json) {
        String name = json.getFileName().toString();
        return json.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".html");
    }

    void write(Path jsonFile) throws IOException {
        Path dir = jsonFile.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        JSON.writeValue(jsonFile.toFile(), toJson());
        Files.writeString(htmlPath(jsonFile), html(), StandardCharsets.UTF_8);
    }

    private List<QuestionResult> asked() {
        return results.stream().filter(QuestionResult::scored).toList();
    }

    ObjectNode toJson() {
        Slice s = overall();
        List<QuestionResult> asked = asked();
        ObjectNode root = JSON.createObjectNode();
        root.put("benchmark", "spider").put("target", options.target()).put("llm", options.llm())
                .put("data", options.data().toString()).put("limit", options.limit())
                .put("finishedAt", Instant.now().toString());
        root.put("accuracy", round(s.accuracy())).put("correct", s.correct()).put("total", s.total())
                .put("answered", asked.stream().filter(QuestionResult::answered).count())
                .put("goldFailed", s.goldFailed()).put("asked", s.asked());
        int[] prompt = asked.stream().mapToInt(QuestionResult::promptTokens).filter(t -> t > 0).sorted().toArray();
        root.put("meanPromptTokens", round(mean(prompt))).put("medianPromptTokens", percentile(prompt, 50))
                .put("promptTokensMeasuredOn", prompt.length);
        // The prompt had the whole schema been sent: the same prompt with the retrieved schema swapped for all of it.
        int[] full = asked.stream().filter(r -> r.fullSchemaTokens() >= 0 && r.promptTokens() > 0)
                .mapToInt(r -> r.promptTokens() - r.schemaTokens() + r.fullSchemaTokens()).sorted().toArray();
        root.put("fullSchemaPromptTokens", round(mean(full))).put("fullSchemaPromptTokensMeasuredOn", full.length);
        List<QuestionResult> known = asked.stream().filter(r -> r.goldTablesInPrompt() != null).toList();
        if (known.isEmpty()) {
            root.putNull("tableRecall"); // no prompt was seen (no LLM): unknown, not zero
        } else {
            root.put("tableRecall", round((double) known.stream().filter(QuestionResult::goldTablesInPrompt).count()
                    / known.size()));
        }
        root.put("tableRecallMeasuredOn", known.size());
        double[] latency = asked.stream().mapToDouble(QuestionResult::latencyMs).sorted().toArray();
        root.put("p50LatencyMs", round(percentile(latency, 50))).put("p95LatencyMs", round(percentile(latency, 95)))
                .put("latencyExcludesLlm", options.llm().equals("scripted") || options.llm().equals("none"));
        root.put("meanScriptedLlmMs", round(asked.stream().mapToDouble(QuestionResult::llmMs).average().orElse(0)));
        ObjectNode outcomes = root.putObject("outcomes");
        for (QuestionResult.Outcome o : QuestionResult.Outcome.values()) {
            outcomes.put(o.label(), results.stream().filter(r -> r.outcome() == o).count());
        }
        root.put("mode", options.mode()).put("symbolic", options.symbolic()).put("maxRows", SpiderBenchmark.MAX_ROWS);
        ArrayNode passNodes = root.putArray("passes");
        passes.forEach((p, rs) -> {
            Slice ps = Slice.of(rs);
            passNodes.addObject().put("mode", p.mode()).put("symbolic", p.symbolic()).put("label", p.label())
                    .put("accuracy", round(ps.accuracy())).put("correct", ps.correct()).put("total", ps.total())
                    .put("accuracyAnyColumnOrder", round(ps.accuracyAnyColumnOrder()))
                    .put("correctAnyColumnOrder", ps.correctAnyColumnOrder())
                    .put("answered", rs.stream().filter(r -> r.scored() && r.answered()).count());
        });
        ObjectNode rowVsAlone = root.putObject("rowVsAlone");
        for (String sym : List.of("product", "off")) {
            if (pass("row", sym) != null && pass("alone", sym) != null) {
                ArrayNode d = rowVsAlone.putArray(sym);
                differing(pass("row", sym), pass("alone", sym)).forEach(d::add);
            }
        }
        if (pass("row", "product") != null && pass("row", "off") != null) {
            Slice p = Slice.of(pass("row", "product"));
            Slice m = Slice.of(pass("row", "off"));
            root.putObject("productVsModelAlone").put("product", round(p.accuracy())).put("modelAlone",
                            round(m.accuracy())).put("points", Math.round((p.accuracy() - m.accuracy()) * 1000) / 10.0)
                    .put("productAnyColumnOrder", round(p.accuracyAnyColumnOrder()))
                    .put("modelAloneAnyColumnOrder", round(m.accuracyAnyColumnOrder()))
                    .put("pointsAnyColumnOrder", Math.round((p.accuracyAnyColumnOrder()
                            - m.accuracyAnyColumnOrder()) * 1000) / 10.0);
        }
        putSlices(root.putObject("byDifficulty"), byDifficulty());
        putSlices(root.putObject("byDatabase"), byDatabase());
        ObjectNode notes = root.putObject("loadNotes");
        loadNotes.forEach((db, ns) -> {
            ArrayNode a = notes.putArray(db);
            ns.forEach(a::add);
        });
        ArrayNode qs = root.putArray("questions");
        Map<SpiderBenchmark.Pass, Map<Integer, QuestionResult>> others = new LinkedHashMap<>();
        passes.forEach((p, rs) -> {
            if (!p.equals(primary)) {
                Map<Integer, QuestionResult> m = new LinkedHashMap<>();
                rs.forEach(r -> m.put(r.index(), r));
                others.put(p, m);
            }
        });
        for (QuestionResult r : results) {
            ObjectNode q = qs.addObject();
            if (!others.isEmpty()) {
                ObjectNode elsewhere = q.putObject("otherPasses");
                others.forEach((p, m) -> {
                    QuestionResult o = m.get(r.index());
                    if (o != null) {
                        elsewhere.putObject(p.label()).put("outcome", o.outcome().label()).put("sql", o.sql())
                                .put("rightUpToColumnOrder", o.rightUpToColumnOrder());
                    }
                });
            }
            q.put("index", r.index()).put("question", r.question()).put("db", r.db())
                    .put("difficulty", r.hardness().label()).put("gold", r.gold()).put("sql", r.sql())
                    .put("outcome", r.outcome().label()).put("rightUpToColumnOrder", r.rightUpToColumnOrder());
            q.putObject("tokens").put("prompt", r.promptTokens()).put("completion", r.completionTokens())
                    .put("schema", r.schemaTokens()).put("fullSchema", r.fullSchemaTokens());
            if (r.goldTablesInPrompt() != null) {
                q.put("goldTablesInPrompt", r.goldTablesInPrompt());
            }
            q.put("attempts", r.attempts()).put("latencyMs", round(r.latencyMs())).put("llmMs", round(r.llmMs()))
                    .put("detail", r.detail());
        }
        return root;
    }

    private static void putSlices(ObjectNode into, Map<String, Slice> slices) {
        slices.forEach((k, v) -> into.putObject(k).put("accuracy", round(v.accuracy())).put("correct", v.correct())
                .put("total", v.total()).put("goldFailed", v.goldFailed()));
    }

    String summaryTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Spider execution accuracy: target %s, llm %s, %d questions (%s)%n",
                options.target(), options.llm(), results.size(), primary.label()));
        Function<Map.Entry<String, Slice>, String> row = e -> String.format(Locale.ROOT, "%-30s %6d %6d %6d %8.3f%n",
                e.getKey(), e.getValue().total(), e.getValue().goldFailed(), e.getValue().correct(),
                e.getValue().accuracy());
        String header = String.format(Locale.ROOT, "%-30s %6s %6s %6s %8s%n", "", "scored", "gold✗", "right", "accuracy");
        sb.append(header).append("-".repeat(60)).append('\n');
        byDifficulty().entrySet().forEach(e -> sb.append(row.apply(e)));
        sb.append(row.apply(Map.entry("all", overall()))).append("-".repeat(60)).append('\n');
        byDatabase().entrySet().forEach(e -> sb.append(row.apply(e)));
        ObjectNode j = toJson();
        sb.append(String.format(Locale.ROOT, "answered %d; prompt tokens mean %.0f (full schema %.0f); table recall %.3f; "
                        + "latency p50 %.1f ms, p95 %.1f ms%s; outcomes %s",
                j.get("answered").asInt(), j.get("meanPromptTokens").asDouble(), j.get("fullSchemaPromptTokens").asDouble(),
                j.get("tableRecall").asDouble(), j.get("p50LatencyMs").asDouble(), j.get("p95LatencyMs").asDouble(),
                j.get("latencyExcludesLlm").asBoolean() ? " (LLM time excluded)" : " (LLM time included)",
                j.get("outcomes").toString()));
        return sb.toString();
    }

    /** A self-contained page: accuracy by difficulty as an inline SVG bar chart, then the per-database table. */
    String html() {
        Map<String, Slice> bars = new LinkedHashMap<>(byDifficulty());
        bars.put("all", overall());
        int barWidth = 80;
        int gap = 30;
        int height = 220;
        int width = bars.size() * (barWidth + gap) + gap;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height + 60).append("\" role=\"img\" aria-label=\"execution accuracy by difficulty\">\n");
        svg.append("<line x1=\"0\" y1=\"").append(height + 20).append("\" x2=\"").append(width).append("\" y2=\"")
                .append(height + 20).append("\" stroke=\"#999\"/>\n");
        int x = gap;
        for (Map.Entry<String, Slice> e : bars.entrySet()) {
            double acc = e.getValue().accuracy();
            int h = (int) Math.round(acc * height);
            int y = height + 20 - h;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", x, y, barWidth, h,
                    e.getKey().equals("all") ? "#444" : "#4a7bd0"));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">%.3f</text>%n",
                    x + barWidth / 2, y - 5, acc));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">%s (%d/%d)</text>%n",
                    x + barWidth / 2, height + 40, escape(e.getKey()), e.getValue().correct(), e.getValue().total()));
            x += barWidth + gap;
        }
        svg.append("</svg>\n");
        StringBuilder table = new StringBuilder("<table><tr><th>database</th><th>scored</th><th>gold failed</th>"
                + "<th>correct</th><th>accuracy</th></tr>\n");
        byDatabase().forEach((db, s) -> table.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%.3f</td></tr>%n", escape(db), s.total(),
                s.goldFailed(), s.correct(), s.accuracy())));
        table.append("</table>\n");
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>nljdbc Spider: " + escape(options.target())
                + ", " + escape(options.llm()) + "</title>\n<style>body{font-family:sans-serif;margin:2em}"
                + "td,th{padding:2px 10px;text-align:right}td:first-child{text-align:left}</style></head><body>\n"
                + "<h1>Spider execution accuracy by difficulty</h1>\n<p>target " + escape(options.target()) + ", llm "
                + escape(options.llm()) + "; " + escape(headline()) + "</p>\n" + svg + "<h2>By database</h2>\n" + table
                + "</body></html>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static double mean(int[] xs) {
        return Arrays.stream(xs).average().orElse(0);
    }

    private static int percentile(int[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
