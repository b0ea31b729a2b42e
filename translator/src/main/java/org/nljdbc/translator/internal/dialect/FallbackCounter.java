package org.nljdbc.translator.internal.dialect;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts how often validation or rendering had to pass SQL through unchanged because Calcite could not handle it,
 * by stage and reason, against how often each stage ran. Thread-safe.
 */
public final class FallbackCounter {
    /** A pipeline stage that can fall back. */
    public enum Stage { VALIDATION, RENDERING }

    private final Map<Stage, LongAdder> attempts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final Map<Stage, LongAdder> fallbacks = new ConcurrentHashMap<>();

    void attempted(Stage stage) {
        attempts.computeIfAbsent(stage, s -> new LongAdder()).increment();
    }

    void fellBack(Stage stage, String reason) {
        fallbacks.computeIfAbsent(stage, s -> new LongAdder()).increment();
        reasons.computeIfAbsent(stage.name().toLowerCase(java.util.Locale.ROOT) + ": " + category(reason),
                r -> new LongAdder()).increment();
    }

    /** How many times {@code stage} ran. */
    public long attempts(Stage stage) {
        LongAdder a = attempts.get(stage);
        return a == null ? 0 : a.sum();
    }

    /** How many times {@code stage} passed the SQL through unchanged. */
    public long fallbacks(Stage stage) {
        LongAdder a = fallbacks.get(stage);
        return a == null ? 0 : a.sum();
    }

    /** Fallbacks of {@code stage} over its attempts; 0 when it never ran. */
    public double rate(Stage stage) {
        long n = attempts(stage);
        return n == 0 ? 0 : (double) fallbacks(stage) / n;
    }

    /** Fallback counts by "stage: reason", the reason cut to its stable first part (no query text). */
    public Map<String, Long> byReason() {
        Map<String, Long> out = new TreeMap<>();
        reasons.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The reason up to its first quote or digit, so counts group by kind rather than by query. */
    static String category(String reason) {
        if (reason == null) {
            return "unknown";
        }
        int cut = reason.length();
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '\n' || Character.isDigit(c)) {
                cut = i;
                break;
            }
        }
        return reason.substring(0, Math.min(cut, 80)).strip();
    }

    @Override
    public String toString() {
        return "FallbackCounter[validation " + fallbacks(Stage.VALIDATION) + "/" + attempts(Stage.VALIDATION)
                + ", rendering " + fallbacks(Stage.RENDERING) + "/" + attempts(Stage.RENDERING) + "]";
    }
}
