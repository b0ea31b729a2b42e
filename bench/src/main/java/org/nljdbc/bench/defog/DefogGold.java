package org.nljdbc.bench.defog;

import java.util.ArrayList;
import java.util.List;

/**
 * Defog's gold notation, read as defog's own evaluation reads it ({@code ../shared/data/defog/README.md}):
 * {@code ;} separates acceptable gold queries; {@code {a, b}} in a select list lets the answer name the entity by any
 * non-empty choice of those columns (each choice is one runnable gold query), and {@code GROUP BY {}} repeats the
 * choice just made. Separators and braces inside quoted text or identifiers are text, not notation.
 */
public final class DefogGold {
    private DefogGold() {
    }

    /** Every runnable gold query: each {@code ;}-separated alternative with each choice of its braces, in order. */
    public static List<String> queries(String gold) {
        List<String> out = new ArrayList<>();
        for (String alternative : alternatives(gold)) {
            out.addAll(expand(alternative));
        }
        return out;
    }

    /** The {@code ;}-separated alternatives, trimmed, empty ones dropped. */
    public static List<String> alternatives(String gold) {
        return splitTopLevel(gold, ';');
    }

    private static void add(List<String> out, String part) {
        if (!part.isBlank()) {
            out.add(part.trim());
        }
    }

    /** One alternative's brace choices: every non-empty subset of each group's options, in their order. */
    static List<String> expand(String sql) {
        int open = find(sql, '{', 0);
        if (open < 0) {
            return List.of(sql);
        }
        int close = find(sql, '}', open);
        if (close < 0) {
            return List.of(sql);
        }
        String inner = sql.substring(open + 1, close);
        List<String> options = splitTopLevel(inner, ',');
        if (options.isEmpty()) {
            // A "{}" with no choice before it: nothing to repeat, leave it for the database to reject.
            return List.of(sql);
        }
        List<String> out = new ArrayList<>();
        int n = options.size();
        for (int size = 1; size <= n; size++) {
            for (List<String> choice : combinations(options, size)) {
                String chosen = String.join(", ", choice);
                String rest = sql.substring(close + 1);
                int empty;
                StringBuilder sb = new StringBuilder();
                // Each "{}" after the group repeats this choice, up to the next group with options.
                while ((empty = find(rest, '{', 0)) >= 0 && rest.startsWith("{}", empty)) {
                    sb.append(rest, 0, empty).append(chosen);
                    rest = rest.substring(empty + 2);
                }
                sb.append(rest);
                out.addAll(expand(sql.substring(0, open) + chosen + sb));
            }
        }
        return out;
    }

    private static List<List<String>> combinations(List<String> options, int size) {
        List<List<String>> out = new ArrayList<>();
        combine(options, size, 0, new ArrayList<>(), out);
        return out;
    }

    private static void combine(List<String> options, int size, int from, List<String> current,
                                List<List<String>> out) {
        if (current.size() == size) {
            out.add(List.copyOf(current));
            return;
        }
        for (int i = from; i < options.size(); i++) {
            current.add(options.get(i));
            combine(options, size, i + 1, current, out);
            current.remove(current.size() - 1);
        }
    }

    /** The parts of {@code text} between separators outside parentheses and quotes, trimmed, blank ones dropped. */
    static List<String> splitTopLevel(String text, char separator) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == separator && depth == 0) {
                add(out, text.substring(start, i));
                start = i + 1;
            }
        }
        add(out, text.substring(start));
        return out;
    }

    /** The index of {@code target} at or after {@code from} outside quotes, or -1. */
    private static int find(String s, char target, int from) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == target && i >= from) {
                return i;
            }
        }
        return -1;
    }
}
