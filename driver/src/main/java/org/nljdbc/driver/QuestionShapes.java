package org.nljdbc.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Templates of prepared questions by shape ({@code NL: revenue by category since ?}), so a report filled a thousand
 * times is translated twice, not a thousand times. The rule, precision first: after a full translation, each bound
 * value's literal must occur exactly once in the SQL (a date or time as its quoted literal, a number as a whole token), and the values must differ from each other; the SQL around them becomes the shape's template. The
 * template is used only once a second full translation, with other values, equals the template filled with them;
 * any disagreement (a value the SQL derives from, such as the day after a date, or a plan that changes with the
 * value) marks the shape as one that is always translated. Only dates, times, timestamps and numbers are
 * templated: a string can change which column or join the question means, and two fills agreeing prove nothing of a
 * third. A filled template still goes through the whole
 * checkpoint (guard, validation, cost, run) like any SQL no model wrote. 
 * Thread-safe; one per runtime, so shared by the connections of one data source.
 */
final class QuestionShapes {
    private static final int MAX_SHAPES = 1024;

    /** SQL cut at the values: {@code parts.size() == slots.size() + 1}; {@code slots} are value indexes. */
    private record Template(List<String> parts, List<Integer> slots, boolean confirmed, List<String> learntFrom) {
        String fill(List<String> literals) {
            StringBuilder sb = new StringBuilder(parts.get(0));
            for (int i = 0; i < slots.size(); i++) {
                sb.append(literals.get(slots.get(i))).append(parts.get(i + 1));
            }
            return sb.toString();
        }
    }

    /** A shape whose SQL does not follow its values as literals: always translated. */
    private static final Template UNUSABLE = new Template(List.of(""), List.of(), false, List.of());

    private record Key(String shape, String catalogFingerprint) {
    }

    private final Map<Key, Template> templates = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Template> eldest) {
                    return size() > MAX_SHAPES;
                }
            });

    /**
     * The SQL of {@code shape} with {@code literals} in it, when its template is confirmed.
     *
     * @param literals each value as SQL: {@link #sqlLiteral} of what the question reads
     */
    Optional<String> fill(String shape, String catalogFingerprint, List<String> literals) {
        Template t = templates.get(new Key(shape, catalogFingerprint));
        return t == null || !t.confirmed() ? Optional.empty() : Optional.of(t.fill(literals));
    }

    /** Learns from a full translation of {@code shape} with {@code literals}: its SQL before the guard's rewrites. */
    void learn(String shape, String catalogFingerprint, List<String> literals, String sql) {
        Key key = new Key(shape, catalogFingerprint);
        Template known = templates.get(key);
        if (known == UNUSABLE || known != null && known.confirmed()) {
            return;
        }
        if (known != null) {
            if (known.learntFrom().equals(literals)) {
                return; // the same values again prove nothing
            }
            templates.put(key, known.fill(literals).equals(sql)
                    ? new Template(known.parts(), known.slots(), true, known.learntFrom()) : UNUSABLE);
            return;
        }
        templates.put(key, cut(sql, literals).orElse(UNUSABLE));
    }

    /** The SQL cut at each literal, when each occurs exactly once and no two are the same. */
    static Optional<Template> cut(String sql, List<String> literals) {
        if (literals.isEmpty() || literals.stream().anyMatch(java.util.Objects::isNull) || literals.stream().distinct().count() < literals.size()) {
            return Optional.empty();
        }
        List<int[]> at = new ArrayList<>(); // {position, value index}
        for (int v = 0; v < literals.size(); v++) {
            List<Integer> found = occurrences(sql, literals.get(v));
            if (found.size() != 1) {
                return Optional.empty();
            }
            at.add(new int[] {found.get(0), v});
        }
        at.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<String> parts = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        int from = 0;
        for (int[] a : at) {
            if (a[0] < from) {
                return Optional.empty(); // overlapping literals
            }
            parts.add(sql.substring(from, a[0]));
            slots.add(a[1]);
            from = a[0] + literals.get(a[1]).length();
        }
        parts.add(sql.substring(from));
        return Optional.of(new Template(List.copyOf(parts), List.copyOf(slots), false, List.copyOf(literals)));
    }

    /** Where {@code literal} occurs as a whole: a quoted one anywhere, a number not inside a longer token. */
    private static List<Integer> occurrences(String sql, String literal) {
        List<Integer> out = new ArrayList<>();
        boolean quoted = literal.startsWith("'");
        for (int i = sql.indexOf(literal); i >= 0; i = sql.indexOf(literal, i + 1)) {
            int end = i + literal.length();
            if (quoted || !partOfToken(sql, i - 1) && !partOfToken(sql, end)) {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean partOfToken(String sql, int i) {
        if (i < 0 || i >= sql.length()) {
            return false;
        }
        char c = sql.charAt(i);
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '\'' || c == '"' || c == '-' || c == ':';
    }

    /**
     * A bound value as it appears in SQL written for the question: dates and times quoted, numbers as written; null
     * for a value no template may carry (a string, a boolean).
     *
     * @param questionLiteral the value as {@link QuestionParameters} wrote it into the question
     */
    static String sqlLiteral(Object value, String questionLiteral) {
        if (value instanceof Boolean || value instanceof String || questionLiteral.startsWith("'")) {
            // A string can change what the question means ('Brazil' is a country, 'Electronics' a category), so
            // two agreeing fills prove nothing about a third; spliced, a backslash could also end a MySQL literal.
            return null;
        }
        if (value instanceof Number) {
            return questionLiteral;
        }
        return "'" + questionLiteral + "'"; // dates, times and timestamps
    }
}
