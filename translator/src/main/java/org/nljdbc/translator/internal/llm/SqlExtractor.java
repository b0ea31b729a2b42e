package org.nljdbc.translator.internal.llm;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.PolicyRefusedException;

/**
 * Pulls the SQL out of a model's reply. Drops reasoning ({@code <think>}, {@code <thinking>}, {@code <reasoning>}
 * blocks, an orphan {@code </think>} with everything before it, a harmony "analysis" channel); prefers a fenced
 * code block ({@code ```sql}, an unlabeled fence holding a query, {@code ~~~}, or an unclosed fence cut off by
 * {@code max_tokens}); else takes the first line that starts like a statement (after an optional
 * {@code SQL:} label), or an inline {@code `SELECT ...`} or upper-case {@code SELECT ...} after leading prose.
 * Explanations after the query (after a blank line, or a line that starts like prose) are cut, and so are
 * trailing semicolons and comments. Anything else after the first statement's semicolon (a second statement, or
 * text hidden behind an invisible character) is refused, never cut away: a reply that smuggles a second statement
 * was steered by something (a question, a data value in the prompt), and its first statement is not trusted either.
 * So is an invisible character (Unicode format or separator characters such as U+200B, U+2060, U+FEFF, U+00A0)
 * anywhere outside a string literal, because databases and parsers disagree on what it is. Both refusals are
 * security refusals ({@link PolicyRefusedException}, SQLState 42501), so the model is not asked to "repair" them
 * into something better disguised. This works on the model's prose, not on SQL structure: the guard parses
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

    /**
     * The SQL in {@code reply}, or empty when the reply holds none (a refusal or an explanation).
     *
     * @throws PolicyRefusedException when the SQL holds more than one statement, or an invisible character outside
     *                                a string literal; nothing of such a reply may run
     */
    public static Optional<String> extract(String reply) throws PolicyRefusedException {
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
        refuseInvisibleCharacters(best);
        return Optional.of(stripTrailingSemicolons(cutAfterTerminator(best))).filter(s -> !s.isBlank());
    }

    /**
     * Refuses a format character (category Cf: U+200B..U+200F, U+2060, U+FEFF, ...), a separator other than the
     * ASCII space (U+00A0, U+2028, U+3000, ...) or a control character other than tab, line feed, form feed and
     * carriage return, outside single-quoted literals. Literals are found both with and without backslash escapes,
     * since the dialect is not known here: a character outside a literal by either reading is refused.
     */
    static void refuseInvisibleCharacters(String sql) throws PolicyRefusedException {
        for (boolean backslash : new boolean[] {false, true}) {
            int n = sql.length();
            for (int i = 0; i < n; i++) {
                char c = sql.charAt(i);
                if (c == '\'') {
                    i = endOfLiteral(sql, i, backslash);
                    if (i < 0) {
                        break;
                    }
                } else if (invisible(c)) {
                    throw new PolicyRefusedException(new Verdict.Refused(Verdict.Reason.UNSUPPORTED, String.format(
                            "refused: the model's SQL holds an invisible character (U+%04X) outside a string literal, "
                                    + "at position %d; databases and parsers read such characters differently, so "
                                    + "nothing of this reply runs", (int) c, i)), sql);
                }
            }
        }
    }

    private static boolean invisible(char c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.SPACE_SEPARATOR && c != ' '
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.CONTROL && c != '\t' && c != '\n' && c != '\r' && c != '\f';
    }

    /** Index of the quote that closes the literal opened at {@code start}, or -1 when it is not closed. */
    private static int endOfLiteral(String sql, int start, boolean backslash) {
        for (int j = start + 1; j < sql.length(); j++) {
            char c = sql.charAt(j);
            if (c == '\\' && backslash) {
                j++;
            } else if (c == '\'') {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == '\'') {
                    j++;
                } else {
                    return j;
                }
            }
        }
        return -1;
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
     * Cuts at the first semicolon outside quotes and comments when only blanks, semicolons and comments follow it
     * ({@code SELECT 1; -- done}). Anything else after it is refused as a second statement; when the readings with
     * and without backslash escapes disagree on where that semicolon is, the whole text stays, for the guard (which
     * knows the dialect) to decide.
     */
    static String cutAfterTerminator(String sql) throws PolicyRefusedException {
        int plain = terminator(sql, false);
        if (plain < 0) {
            return sql;
        }
        if (blank(sql.substring(plain + 1))) {
            return sql.substring(0, plain);
        }
        if (terminator(sql, true) != plain) {
            return sql;
        }
        String rest = sql.substring(plain + 1).strip();
        throw new PolicyRefusedException(new Verdict.Refused(Verdict.Reason.MULTIPLE_STATEMENTS,
                "refused: the model's reply holds more than one statement (after the first ';' comes \""
                        + (rest.length() > 60 ? rest.substring(0, 60) + "..." : rest)
                        + "\"); only a single read-only query runs, and nothing of this reply does"), sql);
    }

    /** Index of the first semicolon outside quotes and comments, or -1. */
    private static int terminator(String sql, boolean backslash) {
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                while (j < n) {
                    char d = sql.charAt(j);
                    if (backslash && c == '\'' && d == '\\') {
                        j += 2;
                    } else if (d == c && j + 1 < n && sql.charAt(j + 1) == c) {
                        j += 2; // a doubled quote
                    } else if (d == c) {
                        break;
                    } else {
                        j++;
                    }
                }
                if (j >= n) {
                    return -1;
                }
                i = j;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int j = sql.indexOf('\n', i);
                if (j < 0) {
                    return -1;
                }
                i = j;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int j = sql.indexOf("*/", i + 2);
                if (j < 0) {
                    return -1;
                }
                i = j + 1;
            } else if (c == ';') {
                return i;
            }
        }
        return -1;
    }

    /** Only ASCII blanks, semicolons and comments: an invisible character is not blank. */
    private static boolean blank(String s) {
        String t = s;
        while (true) {
            t = t.replaceFirst("\\A[ \\t\\r\\n\\f;]+", "");
            if (t.startsWith("--")) {
                int nl = t.indexOf('\n');
                t = nl < 0 ? "" : t.substring(nl + 1);
            } else if (t.startsWith("/*")) {
                int end = t.indexOf("*/");
                if (end < 0) {
                    return false;
                }
                t = t.substring(end + 2);
            } else {
                return t.isEmpty();
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
