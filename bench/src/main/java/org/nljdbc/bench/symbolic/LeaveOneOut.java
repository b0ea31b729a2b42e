package org.nljdbc.bench.symbolic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Leave-one-database-out evaluation of a confidence threshold: for each database, the threshold is chosen on the
 * other databases only (the smallest confidence at which their precision reaches the target), then applied to the
 * held-out one. The pooled figures say what a threshold tuned on other data gives on data it never saw.
 */
public final class LeaveOneOut {

    /**
     * One question as the LLM-free translator handled it with no threshold.
     *
     * @param answered   whether it produced SQL (at any confidence)
     * @param confidence its confidence (meaningless when not answered)
     * @param correct    whether the answer's result was right (false when not answered)
     */
    public record Item(String db, boolean answered, double confidence, boolean correct) {
    }

    /** Coverage and precision of one slice at one threshold. */
    public record Figures(int total, int answered, int correct) {
        public double coverage() {
            return total == 0 ? 0 : (double) answered / total;
        }

        /** Correct among answered; 1 when nothing was answered (no wrong answer was given). */
        public double precision() {
            return answered == 0 ? 1 : (double) correct / answered;
        }

        static Figures at(List<Item> items, double threshold) {
            int answered = 0;
            int correct = 0;
            for (Item i : items) {
                if (i.answered() && i.confidence() >= threshold) {
                    answered++;
                    if (i.correct()) {
                        correct++;
                    }
                }
            }
            return new Figures(items.size(), answered, correct);
        }

        Figures plus(Figures o) {
            return new Figures(total + o.total, answered + o.answered, correct + o.correct);
        }
    }

    /** The held-out database's threshold (chosen without it) and its figures there. */
    public record Fold(String db, double threshold, Figures trained, Figures heldOut) {
    }

    /** Every fold and the held-out figures pooled over all of them. */
    public record Report(double target, List<Fold> folds, Figures pooled, Figures anyConfidence) {
        public ObjectNode toJson(ObjectMapper json) {
            ObjectNode root = json.createObjectNode();
            root.put("target", target);
            putFigures(root.putObject("pooled"), pooled);
            putFigures(root.putObject("anyConfidence"), anyConfidence);
            ObjectNode by = root.putObject("byDatabase");
            for (Fold f : folds) {
                ObjectNode n = by.putObject(f.db());
                n.put("threshold", Double.isInfinite(f.threshold()) ? null : round(f.threshold()));
                putFigures(n, f.heldOut());
                n.put("trainPrecision", round(f.trained().precision())).put("trainCoverage",
                        round(f.trained().coverage()));
            }
            return root;
        }
    }

    private LeaveOneOut() {
    }

    /**
     * The smallest threshold among the answered items' confidences at which {@code items}' precision is at least
     * {@code target}; {@link Double#POSITIVE_INFINITY} (answer nothing) when none reaches it.
     */
    public static double threshold(List<Item> items, double target) {
        TreeSet<Double> candidates = new TreeSet<>();
        items.stream().filter(Item::answered).forEach(i -> candidates.add(i.confidence()));
        for (double t : candidates) {
            Figures f = Figures.at(items, t);
            if (f.answered() > 0 && f.precision() >= target - 1e-12) {
                return t;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** One fold per database, in name order. */
    public static Report evaluate(List<Item> items, double target) {
        Map<String, List<Item>> byDb = new TreeMap<>();
        items.forEach(i -> byDb.computeIfAbsent(i.db(), k -> new ArrayList<>()).add(i));
        List<Fold> folds = new ArrayList<>();
        Figures pooled = new Figures(0, 0, 0);
        for (Map.Entry<String, List<Item>> e : byDb.entrySet()) {
            List<Item> train = items.stream().filter(i -> !i.db().equals(e.getKey())).toList();
            double t = threshold(train, target);
            Figures held = Figures.at(e.getValue(), t);
            folds.add(new Fold(e.getKey(), t, Figures.at(train, t), held));
            pooled = pooled.plus(held);
        }
        return new Report(target, folds, pooled, Figures.at(items, Double.NEGATIVE_INFINITY));
    }

    /** Reports for several targets, keyed by target. */
    public static Map<Double, Report> evaluate(List<Item> items, double... targets) {
        Map<Double, Report> out = new LinkedHashMap<>();
        for (double t : targets) {
            out.put(t, evaluate(items, t));
        }
        return out;
    }

    /** Per-database lines and, last, the pooled held-out coverage and precision, from {@link Report#toJson}. */
    public static String text(String label, JsonNode r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s leave-one-database-out, target precision %.2f (threshold chosen on "
                + "the other databases):%n", label, r.path("target").asDouble()));
        r.path("byDatabase").fields().forEachRemaining(e -> sb.append(String.format(Locale.ROOT,
                "  %-28s threshold %-6s coverage %.3f, precision %.3f (%d/%d answered, %d correct)%n", e.getKey(),
                e.getValue().path("threshold").isNull() ? "none" : e.getValue().path("threshold").asText(),
                e.getValue().path("coverage").asDouble(), e.getValue().path("precision").asDouble(),
                e.getValue().path("answered").asInt(), e.getValue().path("total").asInt(),
                e.getValue().path("correct").asInt())));
        JsonNode any = r.path("anyConfidence");
        sb.append(String.format(Locale.ROOT, "  (at any confidence: %d/%d answered, %d correct)%n",
                any.path("answered").asInt(), any.path("total").asInt(), any.path("correct").asInt()));
        JsonNode p = r.path("pooled");
        sb.append(String.format(Locale.ROOT, "%s LOO at %.2f: coverage %.3f, precision %.3f (%d/%d answered, %d correct)",
                label, r.path("target").asDouble(), p.path("coverage").asDouble(), p.path("precision").asDouble(),
                p.path("answered").asInt(), p.path("total").asInt(), p.path("correct").asInt()));
        return sb.toString();
    }

    static void putFigures(ObjectNode n, Figures f) {
        n.put("total", f.total()).put("answered", f.answered()).put("correct", f.correct())
                .put("coverage", round(f.coverage())).put("precision", round(f.precision()));
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
