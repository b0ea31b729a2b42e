package org.nljdbc.driver;

import java.sql.SQLException;
import java.util.Optional;

/**
 * An NL statement: {@code NL: q}, {@code NL SHOWSQL: q}, {@code NL EXPLAIN: q}, {@code NL RESET}, {@code NL REMEMBER},
 * {@code NL FORGET: q}, {@code NL EXAMPLES} or {@code NL STATS}, case-insensitive,
 * found after leading whitespace and SQL comments (tools such as Metabase prepend {@code -- Metabase:: ...}).
 * Anything else is plain SQL for the delegate.
 */
record NlCommand(Kind kind, String question) {
    enum Kind { QUERY, SHOWSQL, EXPLAIN, RESET, REMEMBER, FORGET, EXAMPLES, STATS }

    static Optional<NlCommand> parse(String sql) {
        if (sql == null) {
            return Optional.empty();
        }
        int i = skipCommentsAndSpace(sql, 0);
        if (!startsWithWord(sql, i, "NL")) {
            return Optional.empty();
        }
        int j = skipSpace(sql, i + 2);
        if (j < sql.length() && sql.charAt(j) == ':') {
            return Optional.of(new NlCommand(Kind.QUERY, question(sql, j + 1)));
        }
        for (Kind kind : new Kind[] {Kind.SHOWSQL, Kind.EXPLAIN, Kind.FORGET}) {
            if (j > i + 2 && startsWithWord(sql, j, kind.name())) {
                int k = skipSpace(sql, j + kind.name().length());
                if (k < sql.length() && sql.charAt(k) == ':') {
                    return Optional.of(new NlCommand(kind, question(sql, k + 1)));
                }
                return Optional.empty();
            }
        }
        for (Kind kind : new Kind[] {Kind.RESET, Kind.REMEMBER, Kind.EXAMPLES, Kind.STATS}) {
            if (j > i + 2 && startsWithWord(sql, j, kind.name())) {
                int k = skipSpace(sql, j + kind.name().length());
                while (k < sql.length() && sql.charAt(k) == ';') {
                    k = skipSpace(sql, k + 1);
                }
                return k == sql.length() ? Optional.of(new NlCommand(kind, "")) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String question(String sql, int from) {
        String q = sql.substring(from).trim();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).trim();
        }
        return q;
    }

    private static boolean startsWithWord(String s, int at, String word) {
        if (!s.regionMatches(true, at, word, 0, word.length())) {
            return false;
        }
        int end = at + word.length();
        return end == s.length() || !Character.isLetterOrDigit(s.charAt(end)) && s.charAt(end) != '_';
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Refuses an NL statement whose question is empty (SQLState 42000). */
    static void requireQuestion(String question) throws SQLException {
        if (question.isBlank()) {
            throw new java.sql.SQLSyntaxErrorException("empty question: write it after the colon, e.g. "
                    + "NL: how many orders were placed in 2024?", "42000");
        }
    }

    static int skipCommentsAndSpace(String s, int i) {
        while (true) {
            i = skipSpace(s, i);
            if (s.startsWith("--", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl + 1;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else {
                return i;
            }
        }
    }
}
