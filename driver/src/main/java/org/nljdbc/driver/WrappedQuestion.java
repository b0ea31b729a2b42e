package org.nljdbc.driver;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.Optional;

/**
 * An NL question inside a query, as Spark, Tableau and Metabase wrap one: {@code SELECT * FROM (NL: how many orders
 * per status?) t WHERE 1=0}. The question runs from {@code NL:} to the parenthesis that closes the one it opened
 * (parentheses and quoted strings inside the question are respected; an apostrophe inside a word is not a quote). A
 * {@code ?} inside the question is text, never a parameter marker.
 *
 * <p>Finding it is not a security decision: whatever the outer text is, the whole statement with the translated
 * SQL spliced in goes through the guard, with the dialect's own lexical rules, before anything runs.
 *
 * <p>{@code (NL SHOWSQL: q)} is found the same way: its question is translated and checked, nothing of it runs,
 * and its report is spliced in as a literal-only derived table ({@link #showsSql}). {@code (NL EXPLAIN: q)} is
 * refused: its report is the explanation of SQL, a statement of its own.
 *
 * @param before the text up to and including the opening parenthesis, followed for the SHOWSQL form by its
 *               {@code NL SHOWSQL:} keywords (so that a copy with another question keeps the form)
 * @param after  the text from the closing parenthesis on
 */
record WrappedQuestion(String before, String question, String after) {

    /** The whole statement with {@code sql} in place of the question (and of the SHOWSQL form's keywords). */
    String around(String sql) {
        int open = findOpening(before, 0, WrappedQuestion::showSqlStart);
        return (open < 0 ? before : before.substring(0, open + 1)) + sql + after;
    }

    /** Whether this is {@code (NL SHOWSQL: q)}, answered with the report's row rather than the question's rows. */
    boolean showsSql() {
        return findOpening(before, 0, WrappedQuestion::showSqlStart) >= 0;
    }

    /** The wrapped question of {@code sql}, or empty when it has none (then it is plain SQL or an NL form). */
    static Optional<WrappedQuestion> find(String sql) throws SQLException {
        if (sql == null) {
            return Optional.empty();
        }
        int query = findOpening(sql, 0);
        int report = findOpening(sql, 0, WrappedQuestion::reportFormStart);
        if (query < 0 && report < 0) {
            return Optional.empty();
        }
        if (query >= 0 && report >= 0) {
            throw oneQuestionOnly();
        }
        int open = Math.max(query, report);
        int colon = query >= 0 ? questionStart(sql, open) : reportStart(sql, open);
        if (report >= 0 && !showSqlStart(sql, open)) {
            throw new java.sql.SQLFeatureNotSupportedException("NL EXPLAIN answers as a statement of its own, not "
                    + "inside a query (as Spark's query= and Tableau's custom SQL send it): run \"NL EXPLAIN: "
                    + "<question>\" on its own, or wrap \"(NL SHOWSQL: <question>)\" or \"(NL: <question>)\"", "0A000");
        }
        int close = closing(sql, colon);
        if (close < 0) {
            throw new SQLSyntaxErrorException("the NL question opened with \"(NL" + (query >= 0 ? ":" : " SHOWSQL:")
                    + "\" is not closed: end it with \")\"", "42000");
        }
        String question = sql.substring(colon, close).trim();
        if (question.isEmpty()) {
            throw new SQLSyntaxErrorException("empty question inside (NL: ...): write it after the colon", "42000");
        }
        if (findOpening(sql, close) >= 0 || findOpening(sql, close, WrappedQuestion::reportFormStart) >= 0) {
            throw oneQuestionOnly();
        }
        return Optional.of(new WrappedQuestion(sql.substring(0, query >= 0 ? open + 1 : colon), question,
                sql.substring(close)));
    }

    private static SQLException oneQuestionOnly() {
        return new java.sql.SQLFeatureNotSupportedException("one NL question per statement: this one wraps more "
                + "than one (NL: ...)", "0A000");
    }

    /** Index of the {@code (} that opens {@code (NL:} outside literals and comments, or -1. */
    private static int findOpening(String s, int from) {
        return findOpening(s, from, (text, open) -> questionStart(text, open) > 0);
    }

    private interface Opening {
        boolean at(String s, int open);
    }

    /** Whether {@code (NL SHOWSQL:} or {@code (NL EXPLAIN:} starts at the parenthesis at {@code open}. */
    private static boolean reportFormStart(String s, int open) {
        return reportStart(s, open) > 0;
    }

    /** Whether {@code (NL SHOWSQL:} starts at the parenthesis at {@code open}. */
    private static boolean showSqlStart(String s, int open) {
        return reportStart(s, open, "SHOWSQL") > 0;
    }

    /**
     * Index just after the colon of {@code NL SHOWSQL:} or {@code NL EXPLAIN:} following the parenthesis at
     * {@code open}, or -1.
     */
    private static int reportStart(String s, int open) {
        return Math.max(reportStart(s, open, "SHOWSQL"), reportStart(s, open, "EXPLAIN"));
    }

    private static int reportStart(String s, int open, String form) {
        int i = NlCommand.skipCommentsAndSpace(s, open + 1);
        if (!s.regionMatches(true, i, "NL", 0, 2) || i + 2 >= s.length() || !Character.isWhitespace(s.charAt(i + 2))) {
            return -1;
        }
        int j = i + 2;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        if (!s.regionMatches(true, j, form, 0, form.length())) {
            return -1;
        }
        int k = j + form.length();
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
            k++;
        }
        return k < s.length() && s.charAt(k) == ':' ? k + 1 : -1;
    }

    /** Index of the first {@code (} outside literals and comments where {@code opening} holds, or -1. */
    private static int findOpening(String s, int from, Opening opening) {
        int i = from;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '-' && s.startsWith("--", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                i = endOfQuoted(s, i);
            } else if (c == '(' && opening.at(s, i)) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** Index just after the colon of {@code NL:} following the parenthesis at {@code open}, or -1. */
    private static int questionStart(String s, int open) {
        int i = NlCommand.skipCommentsAndSpace(s, open + 1);
        if (!s.regionMatches(true, i, "NL", 0, 2)) {
            return -1;
        }
        int j = i + 2;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return j < s.length() && s.charAt(j) == ':' ? j + 1 : -1;
    }

    /** Index of the parenthesis closing the question that starts at {@code from}, or -1. */
    private static int closing(String s, int from) {
        int depth = 0;
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean quote = c == '"' || c == '\'' && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)));
            if (quote && s.indexOf(c, i + 1) > 0) {
                i = endOfQuoted(s, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
            i++;
        }
        return -1;
    }

    /** Index just past the quoted text starting at {@code i} (a doubled quote is part of it). */
    private static int endOfQuoted(String s, int i) {
        char q = s.charAt(i);
        int j = i + 1;
        while (j < s.length()) {
            if (s.charAt(j) == q) {
                if (j + 1 < s.length() && s.charAt(j + 1) == q) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return s.length();
    }
}
