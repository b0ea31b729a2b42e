package org.nljdbc.translator.llm;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the SQL out of a model's reply: drops reasoning blocks ({@code <think>...</think>}), prefers a fenced
 * code block, else takes the text from the first line that starts like a query; strips trailing semicolons
 * and explanations after a blank line. This works on the model's prose, not on SQL structure: the guard
 * parses whatever comes out.
 */
public final class SqlExtractor {
    private static final Pattern REASONING = Pattern.compile(
            "<(think|thinking|reasoning|reflection)>.*?(</\\1>|\\z)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern FENCE = Pattern.compile("```[ \\t]*([A-Za-z0-9_+-]*)[ \\t]*\\R(.*?)```", Pattern.DOTALL);
    private static final Pattern QUERY_START = Pattern.compile(
            "(?im)^[ \\t]*(select|with|values|table|insert|update|delete|merge|create|drop|alter|truncate|grant|revoke|call|exec|execute|explain|pragma|attach|copy|set|begin|commit|rollback|show|describe|use|lock|\\(\\s*select)\\b");

    private SqlExtractor() {
    }

    public static Optional<String> extract(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        String text = REASONING.matcher(reply).replaceAll("").trim();
        Matcher fence = FENCE.matcher(text);
        String best = null;
        while (fence.find()) {
            String lang = fence.group(1).toLowerCase(Locale.ROOT);
            String body = fence.group(2).trim();
            if (body.isEmpty()) {
                continue;
            }
            if (lang.isEmpty() || lang.contains("sql")) {
                if (QUERY_START.matcher(body).lookingAt() || lang.contains("sql")) {
                    best = body;
                    break;
                }
            }
        }
        if (best == null) {
            Matcher m = QUERY_START.matcher(text);
            if (!m.find()) {
                return Optional.empty();
            }
            best = text.substring(m.start()).trim();
            // An explanation after the query is separated by a blank line in practice.
            String[] paragraphs = best.split("\\R[ \\t]*\\R", 2);
            best = paragraphs[0].trim();
        }
        return Optional.of(stripTrailingSemicolons(best)).filter(s -> !s.isBlank());
    }

    static String stripTrailingSemicolons(String sql) {
        String s = sql.trim();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        return s;
    }
}
