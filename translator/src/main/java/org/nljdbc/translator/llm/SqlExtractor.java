package org.nljdbc.translator.llm;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the SQL out of a model's reply. Drops reasoning ({@code <think>}, {@code <thinking>}, {@code <reasoning>}
 * blocks, an orphan {@code </think>} with everything before it, a harmony "analysis" channel); prefers a fenced
 * code block ({@code ```sql}, an unlabeled fence holding a query, {@code ~~~}, or an unclosed fence cut off by
 * {@code max_tokens}); else takes the first line that starts like a statement (after an optional
 * {@code SQL:} label), or an inline {@code `SELECT ...`} or upper-case {@code SELECT ...} after leading prose.
 * Trailing semicolons and explanations after the query (after a blank line, after a terminating semicolon, or
 * a line that starts like prose) are cut. A second statement after a semicolon is kept, so the guard refuses it
 * rather than the extractor hiding it. This works on the model's prose, not on SQL structure: the guard parses
 * whatever comes out.
 */
public final class SqlExtractor {
    private static final Pattern REASONING = Pattern.compile(
            "<(think|thinking|reasoning|reflection|analysis)>.*?(</\\1>|\\z)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern ORPHAN_CLOSE = Pattern.compile(
            "\\A.*</(think|thinking|reasoning|reflection|analysis)>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final String HARMONY_FINAL = "<|channel|>final<|message|>";
    private static final Pattern FENCE = Pattern.compile(
            "(```|~~~)[ \\t]*([A-Za-z0-9_+-]*)[^\\n]*\\R(.*?)(?:\\1|\\z)", Pattern.DOTALL);
    /**
     * A statement start on its own line. Stricter than "any SQL keyword" so that prose such as "With this schema
     * it is not possible ..." is not taken for SQL; the write verbs are here so that the guard refuses them loudly.
     */
    private static final Pattern STATEMENT_LINE = Pattern.compile("(?im)^[ \\t]*(?:(?:sql|query)[ \\t]*:[ \\t]*)?("
            + "select\\s+(?:distinct\\s+|all\\s+|top\\s*\\(?\\s*\\d+\\s*\\)?\\s+)?[\\w\"`\\[(*'-]"
            + "|with\\s+(?:recursive\\s+)?[\\w\"`\\[]+\\s*(?:\\([^)]*\\)\\s*)?as\\s*(?:not\\s+)?(?:materialized\\s+)?\\("
            + "|\\(\\s*select\\s"
            + "|values\\s*\\("
            + "|explain\\s+(?:analy[sz]e\\s+)?(?:select|with)\\s"
            + "|insert\\s+(?:into|overwrite)\\s"
            + "|update\\s+[\\w\"`.\\[\\]]+\\s+set\\s"
            + "|delete\\s+from\\s"
            + "|merge\\s+into\\s"
            + "|(?:drop|create|alter|truncate)\\s+(?:or\\s+replace\\s+|if\\s+exists\\s+|temp(?:orary)?\\s+|unique\\s+|materialized\\s+)?"
            + "(?:table|view|index|database|schema|user|role|function|procedure|trigger|sequence)\\b"
            + "|truncate\\s+[\\w\"`]"
            + "|(?:grant|revoke)\\s+\\w"
            + "|(?:call|exec(?:ute)?)\\s+[\\w.]+\\s*\\(?"
            + "|copy\\s+[\\w\".]+\\s+(?:from|to)\\s"
            + "|pragma\\s+\\w"
            + "|attach\\s+(?:database\\s+)?'"
            + "|lock\\s+tables?\\s"
            + ")");
    private static final Pattern INLINE_CODE = Pattern.compile("`((?:select|with)\\s[^`]+)`", Pattern.CASE_INSENSITIVE);
    /** Upper case only: "SELECT" in the middle of a sentence is SQL, "select" is an English verb. */
    private static final Pattern INLINE_UPPER = Pattern.compile("\\b(SELECT\\s+\\S.*?\\sFROM\\s|WITH\\s+\\w+\\s+AS\\s*\\()", Pattern.DOTALL);
    private static final Pattern STARTS_LIKE_SQL = Pattern.compile(
            "(?is)\\A\\s*(select|with|insert|update|delete|merge|drop|create|alter|truncate|grant|revoke|call|exec|execute|copy|pragma|attach|set|lock|begin|commit|rollback|values|explain|show|use|declare|do|vacuum|analyze|load|replace|rename|\\()\\b");
    private static final Pattern PROSE_LINE = Pattern.compile(
            "(?im)^[ \\t]*(?:this|these|note|notes|explanation|the (?:above|query|result|sql)|here|it|i|in this|assuming|where\\s*:|\\*\\*)\\b");

    private SqlExtractor() {
    }

    /** The SQL in {@code reply}, or empty when the reply holds none (a refusal or an explanation). */
    public static Optional<String> extract(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        String text = withoutReasoning(reply);
        String best = fenced(text);
        if (best == null) {
            best = unfenced(text);
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(stripTrailingSemicolons(cutAfterTerminator(best))).filter(s -> !s.isBlank());
    }

    static String withoutReasoning(String reply) {
        String text = reply;
        int harmony = text.lastIndexOf(HARMONY_FINAL);
        if (harmony >= 0) {
            text = text.substring(harmony + HARMONY_FINAL.length());
        }
        text = REASONING.matcher(text).replaceAll("");
        text = ORPHAN_CLOSE.matcher(text).replaceFirst("");
        return text.trim();
    }

    private static String fenced(String text) {
        Matcher fence = FENCE.matcher(text);
        String unlabeled = null;
        while (fence.find()) {
            String lang = fence.group(2).toLowerCase(Locale.ROOT);
            String body = fence.group(3).trim();
            if (body.isEmpty()) {
                continue;
            }
            if (lang.contains("sql")) {
                return body;
            }
            if (unlabeled == null && (lang.isEmpty() || lang.equals("text")) && STARTS_LIKE_SQL.matcher(body).lookingAt()) {
                unlabeled = body;
            }
        }
        return unlabeled;
    }

    private static String unfenced(String text) {
        Matcher line = STATEMENT_LINE.matcher(text);
        if (line.find()) {
            String rest = text.substring(line.start(1));
            // An explanation after the query is a new paragraph, or a line that reads like prose.
            rest = rest.split("\\R[ \\t]*\\R", 2)[0];
            Matcher prose = PROSE_LINE.matcher(rest);
            while (prose.find()) {
                if (prose.start() > 0) {
                    rest = rest.substring(0, prose.start());
                    break;
                }
            }
            return rest.trim();
        }
        Matcher inline = INLINE_CODE.matcher(text);
        if (inline.find()) {
            return inline.group(1).trim();
        }
        Matcher upper = INLINE_UPPER.matcher(text);
        if (upper.find()) {
            String rest = text.substring(upper.start()).split("\\R[ \\t]*\\R", 2)[0];
            return rest.trim();
        }
        return null;
    }

    /**
     * Cuts at the first semicolon outside quotes and comments when what follows is not another statement
     * ("SELECT 1; This returns one row." loses the sentence, "SELECT 1; DROP TABLE t" keeps both for the guard).
     */
    static String cutAfterTerminator(String sql) {
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int j = sql.indexOf(c, i + 1);
                while (j > 0 && j + 1 < n && sql.charAt(j + 1) == c) {
                    j = sql.indexOf(c, j + 2);
                }
                if (j < 0) {
                    return sql;
                }
                i = j;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int j = sql.indexOf('\n', i);
                if (j < 0) {
                    return sql;
                }
                i = j;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int j = sql.indexOf("*/", i + 2);
                if (j < 0) {
                    return sql;
                }
                i = j + 1;
            } else if (c == ';') {
                // Another statement after the terminator stays, for the guard to refuse; prose or comments go.
                return STARTS_LIKE_SQL.matcher(withoutLeadingComments(sql.substring(i + 1))).lookingAt()
                        ? sql : sql.substring(0, i);
            }
        }
        return sql;
    }

    private static String withoutLeadingComments(String s) {
        String t = s.stripLeading();
        while (true) {
            if (t.startsWith("--")) {
                int nl = t.indexOf('\n');
                t = nl < 0 ? "" : t.substring(nl + 1).stripLeading();
            } else if (t.startsWith("/*")) {
                int end = t.indexOf("*/");
                t = end < 0 ? "" : t.substring(end + 2).stripLeading();
            } else {
                return t;
            }
        }
    }

    static String stripTrailingSemicolons(String sql) {
        String s = sql.trim();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        return s;
    }
}
