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
     * @param tuned      how many times the answer made the guess whose factor {@link #nested} tunes (0 when none)
     */
    public record Item(String db, boolean answered, double confidence, boolean correct, int tuned) {
        public Item(String db, boolean answered, double confidence, boolean correct) {
            this(db, answered, confidence, correct, 0);
        }

        /** This item had the tuned guess weighed {@code to} instead of {@code from}: the SQL is the same. */
        Item reweighed(double from, double to) {
            return tuned == 0 || from == to ? this
                    : new Item(db, answered, confidence * Math.pow(to / from, tuned), correct, tuned);
        }
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

    /**
     * One fold of the nested evaluation: the guess factor and the threshold both chosen on the other databases.
     *
     * @param innerHeldOut the other databases' own leave-one-out figures at the chosen factor (what it was chosen by)
     */
    public record NestedFold(String db, double factor, double threshold, Figures innerHeldOut, Figures heldOut) {
    }

    /** The nested evaluation of a guess factor and a threshold, pooled over the held-out databases. */
    public record NestedReport(double target, double current, List<NestedFold> folds, Figures pooled) {
        public ObjectNode toJson(ObjectMapper json) {
            ObjectNode root = json.createObjectNode();
            root.put("target", target).put("currentFactor", current);
            putFigures(root.putObject("pooled"), pooled);
            ObjectNode by = root.putObject("byDatabase");
            for (NestedFold f : folds) {
                ObjectNode n = by.putObject(f.db());
                n.put("factor", f.factor());
                n.put("threshold", Double.isInfinite(f.threshold()) ? null : round(f.threshold()));
                putFigures(n, f.heldOut());
                n.put("innerPrecision", round(f.innerHeldOut().precision()))
                        .put("innerCoverage", round(f.innerHeldOut().coverage()));
            }
            return root;
        }
    }

    private LeaveOneOut() {
    }

    /**
     * Leave-one-database-out with the factor of one guess chosen inside each fold, so that neither the factor nor
     * the threshold has seen the held-out database: for each held-out database and each candidate factor, the other
     * databases are themselves evaluated leave-one-out ({@link #evaluate(List, double)}); the factor whose inner
     * figures reach the target with the most coverage wins (when none reaches it, the most precise; ties go to the
     * factor nearest {@code current}); the threshold is then chosen on all the other databases at that factor.
     *
     * @param current    the factor the items' confidences were computed with
     * @param candidates the factors tried
     */
    public static NestedReport nested(List<Item> items, double target, double current, double... candidates) {
        Map<String, List<Item>> byDb = new TreeMap<>();
        items.forEach(i -> byDb.computeIfAbsent(i.db(), k -> new ArrayList<>()).add(i));
        List<NestedFold> folds = new ArrayList<>();
        Figures pooled = new Figures(0, 0, 0);
        for (Map.Entry<String, List<Item>> e : byDb.entrySet()) {
            List<Item> train = items.stream().filter(i -> !i.db().equals(e.getKey())).toList();
            double bestFactor = current;
            Figures best = null;
            for (double f : candidates) {
                Figures inner = evaluate(reweighed(train, current, f), target).pooled();
                if (best == null || better(inner, best, target)
                        || !better(best, inner, target) && Math.abs(f - current) < Math.abs(bestFactor - current)) {
                    best = inner;
                    bestFactor = f;
                }
            }
            double t = threshold(reweighed(train, current, bestFactor), target);
            Figures held = Figures.at(reweighed(e.getValue(), current, bestFactor), t);
            folds.add(new NestedFold(e.getKey(), bestFactor, t, best, held));
            pooled = pooled.plus(held);
        }
        return new NestedReport(target, current, folds, pooled);
    }

    /** Whether {@code a} is a better choice than {@code b}: reaching the target first, then coverage or precision. */
    private static boolean better(Figures a, Figures b, double target) {
        boolean aMeets = a.precision() >= target - 1e-12;
        boolean bMeets = b.precision() >= target - 1e-12;
        if (aMeets != bMeets) {
            return aMeets;
        }
        return aMeets ? a.answered() > b.answered() : a.precision() > b.precision() + 1e-12;
    }

    private static List<Item> reweighed(List<Item> items, double from, double to) {
        return items.stream().map(i -> i.reweighed(from, to)).toList();
    }

    /** Per-database and pooled lines of a {@link NestedReport#toJson}. */
    public static String nestedText(String label, String guess, JsonNode r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s nested leave-one-database-out, target %.2f: %s's factor (now %s) and "
                + "the threshold chosen on the other databases:%n", label, r.path("target").asDouble(), guess,
                r.path("currentFactor").asText()));
        r.path("byDatabase").fields().forEachRemaining(e -> sb.append(String.format(Locale.ROOT,
                "  %-28s factor %-4s threshold %-6s precision %.3f (%d/%d answered, %d correct)%n", e.getKey(),
                e.getValue().path("factor").asText(),
                e.getValue().path("threshold").isNull() ? "none" : e.getValue().path("threshold").asText(),
                e.getValue().path("precision").asDouble(), e.getValue().path("answered").asInt(),
                e.getValue().path("total").asInt(), e.getValue().path("correct").asInt())));
        JsonNode p = r.path("pooled");
        sb.append(String.format(Locale.ROOT, "%s nested LOO at %.2f: coverage %.3f, precision %.3f (%d/%d answered, "
                + "%d correct)", label, r.path("target").asDouble(), p.path("coverage").asDouble(),
                p.path("precision").asDouble(), p.path("answered").asInt(), p.path("total").asInt(),
                p.path("correct").asInt()));
        return sb.toString();
    }

    /**
     * A fixed cut-off, chosen on no data: each database's figures at it and the pooled ones. Because nothing is tuned,
     * these are its leave-one-database-out figures as they stand.
     */
    public static String fixedText(String label, String what, List<Item> items, double cutOff) {
        Map<String, List<Item>> byDb = new TreeMap<>();
        items.forEach(i -> byDb.computeIfAbsent(i.db(), k -> new ArrayList<>()).add(i));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s at the fixed cut-off %s (%s):%n", label, cutOff, what));
        byDb.forEach((db, list) -> {
            Figures f = Figures.at(list, cutOff);
            sb.append(String.format(Locale.ROOT, "  %-28s coverage %.3f, precision %.3f (%d/%d answered, %d correct)%n",
                    db, f.coverage(), f.precision(), f.answered(), f.total(), f.correct()));
        });
        Figures all = Figures.at(items, cutOff);
        sb.append(String.format(Locale.ROOT, "%s at cut-off %s: coverage %.3f, precision %.3f (%d/%d answered, "
                + "%d correct)", label, cutOff, all.coverage(), all.precision(), all.answered(), all.total(),
                all.correct()));
        return sb.toString();
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
