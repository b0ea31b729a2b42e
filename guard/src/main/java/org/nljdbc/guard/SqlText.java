package org.nljdbc.guard;

import org.nljdbc.guard.Verdict.Reason;

/**
 * A lexical screen of the raw text, before parsing. Parsers drop comments, and databases disagree with
 * JSqlParser on a few lexical points; this is where those differences are refused, so that the text the
 * guard parsed is the text the database executes. It never accepts anything by itself.
 */
final class SqlText {
    /** Index just past the last character of code: trailing blanks, semicolons and comments excluded. */
    final int endOfCode;
    /** Whether the text ends inside a line comment (an appended clause must then start on a new line). */
    final boolean endsInLineComment;

    private SqlText(int endOfCode, boolean endsInLineComment) {
        this.endOfCode = endOfCode;
        this.endsInLineComment = endsInLineComment;
    }

    static SqlText screen(String sql, Dialect dialect) {
        return screen(sql, dialect, false);
    }

    /**
     * @param pgStandardStrings the text runs on PostgreSQL with {@code standard_conforming_strings} pinned on (the
     *                          driver's read-only transaction sets it), so a backslash in a plain literal is an
     *                          ordinary character there, as JSqlParser reads it; escape strings stay refused
     */
    static SqlText screen(String sql, Dialect dialect, boolean pgStandardStrings) {
        // Executable comments run on MySQL/MariaDB whatever the guard thinks; refused anywhere in the text
        // (even inside a literal), because the guard cannot know the server's quoting mode for sure.
        if (sql.contains("/*!") || sql.contains("/*M!") || sql.contains("/*m!")) {
            throw new Refusal(Reason.EXECUTABLE_COMMENT,
                    "refused: MySQL executable comments (/*! ... */) run as code on the server; remove the comment");
        }
        boolean mysql = dialect == Dialect.MYSQL || dialect == Dialect.MARIADB;
        // Snowflake reads backslash escapes in literals as MySQL does; JSqlParser is told the same.
        boolean backslashEscapes = mysql || dialect == Dialect.SNOWFLAKE;
        boolean dollarQuotes = pgLike(dialect);
        boolean pg = dialect == Dialect.POSTGRESQL;
        boolean generic = dialect == Dialect.GENERIC;
        boolean brackets = dialect == Dialect.SQLSERVER || dialect == Dialect.SQLITE;
        int n = sql.length();
        int end = 0;
        boolean lineComment = false;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
            lineComment = false;
            if (c == '\0') {
                throw new Refusal(Reason.SYNTAX, "refused: the text contains a NUL character");
            }
            if (c == '-' && next == '-') {
                if (mysql && i + 2 < n && !Character.isWhitespace(sql.charAt(i + 2))) {
                    throw new Refusal(Reason.EXECUTABLE_COMMENT,
                            "refused: '--' not followed by a space is not a comment in MySQL, so the server would run "
                                    + "what the guard reads as a comment");
                }
                i = skipLine(sql, i);
                lineComment = true;
                continue;
            }
            if (c == '#' && mysql) {
                i = skipLine(sql, i);
                lineComment = true;
                continue;
            }
            if (c == '/' && next == '*') {
                int j = i + 2;
                boolean closed = false;
                while (j < n) {
                    if (sql.charAt(j) == '/' && j + 1 < n && sql.charAt(j + 1) == '*') {
                        throw new Refusal(Reason.EXECUTABLE_COMMENT,
                                "refused: nested comments end in different places for different databases");
                    }
                    if (sql.charAt(j) == '*' && j + 1 < n && sql.charAt(j + 1) == '/') {
                        closed = true;
                        break;
                    }
                    j++;
                }
                i = closed ? j + 2 : n;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b || c == ';') {
                i++;
                continue;
            }
            // code from here on
            if (c == '&' && i > 0 && (sql.charAt(i - 1) == 'U' || sql.charAt(i - 1) == 'u')
                    && (next == '"' || next == '\'')
                    && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)) && sql.charAt(i - 2) != '_')) {
                // U&"pg\005fread\005ffile": JSqlParser reads "U & name", the database an escaped name.
                throw new Refusal(Reason.UNSUPPORTED, "refused: Unicode escapes (U&\"...\" or U&'...') are not "
                        + "accepted; write names and values plainly");
            }
            if (Character.getType(c) == Character.FORMAT || Character.isSpaceChar(c) && c != ' '
                    || Character.isWhitespace(c) && c > 0x7f) {
                // Invisible characters: databases and parsers disagree on whether they separate tokens.
                throw new Refusal(Reason.SYNTAX, "refused: the statement contains an invisible or non-ASCII space "
                        + "character (U+" + String.format("%04X", (int) c) + ") outside quotes");
            }
            if (c == '\'') {
                boolean escapeString = pg && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)) && sql.charAt(i - 2) != '_');
                if (generic) {
                    refuseBackslashInLiteral(sql, i);
                } else if (mysql || pg && !escapeString && !pgStandardStrings) {
                    refuseModeDependentLiteral(sql, i, '\'', pg);
                } else if (pg && !escapeString) {
                    refuseBackslashBeforeDoubledQuote(sql, i);
                }
                i = skipQuoted(sql, i, '\'', backslashEscapes, escapeString);
            } else if (c == '"') {
                if (mysql) {
                    refuseModeDependentLiteral(sql, i, '"', false);
                }
                i = skipQuoted(sql, i, '"', mysql, false);
            } else if (c == '`') {
                i = skipQuoted(sql, i, '`', false, false);
            } else if (c == '[' && brackets) {
                int j = sql.indexOf(']', i + 1);
                i = j < 0 ? n : j + 1;
            } else if (c == '$' && next == '$' && !dollarQuotes) {
                // JSqlParser reads $$...$$ as a literal; this database does not.
                throw new Refusal(Reason.UNSUPPORTED, "refused: $$ quoting is not understood by this database the way "
                        + "the guard reads it");
            } else if (c == '$' && dollarQuotes && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                i = skipDollarQuoted(sql, i);
            } else {
                i++;
            }
            end = i;
        }
        return new SqlText(end, lineComment);
    }

    private static boolean pgLike(Dialect d) {
        return d == Dialect.POSTGRESQL || d == Dialect.H2 || d == Dialect.SNOWFLAKE || d == Dialect.GENERIC;
    }

    /**
     * A literal whose end depends on a server setting: an odd run of backslashes before its quote character ends
     * it there where backslashes are plain characters (PostgreSQL with standard_conforming_strings off reads them
     * as escapes, MySQL and MariaDB with NO_BACKSLASH_ESCAPES do not), so the server would run as code what the
     * guard read as text. Without such a run both readings end every literal at the same quote.
     */
    private static void refuseModeDependentLiteral(String sql, int start, char q, boolean pg) {
        int j = start + 1;
        int n = sql.length();
        while (j < n) {
            char c = sql.charAt(j);
            if (c == '\\') {
                int k = 0;
                while (j + k < n && sql.charAt(j + k) == '\\') {
                    k++;
                }
                if (k % 2 == 1 && j + k < n && sql.charAt(j + k) == q) {
                    String before = sql.substring(0, start).stripTrailing().toUpperCase(java.util.Locale.ROOT);
                    boolean sparkEscape = k == 1 && j == start + 1 && q == '\'' && before.endsWith("ESCAPE");
                    throw new Refusal(Reason.SYNTAX, "refused: a backslash before a quote inside a string literal "
                            + "ends the literal or not depending on the server's " + (pg
                            ? "standard_conforming_strings" : "NO_BACKSLASH_ESCAPES") + " setting; write a quote "
                            + "inside a literal doubled (" + q + q + ")" + (sparkEscape ? ". ESCAPE '\\' is how Spark "
                            + "pushes down contains/startsWith/endsWith; here filter with = or IN instead, or write the "
                            + "LIKE without ESCAPE in the query text" : ""));
                }
                j += k;
                continue;
            }
            if (c == q) {
                if (j + 1 < n && sql.charAt(j + 1) == q) {
                    j += 2;
                    continue;
                }
                return;
            }
            j++;
        }
    }

    /**
     * With standard_conforming_strings pinned on, PostgreSQL ends a plain literal at the first quote that is not
     * doubled, backslashes or not, and JSqlParser ends {@code '\'} and {@code 'a\'} there too; but it reads an odd
     * run of backslashes before a doubled quote ({@code '\''...'}) otherwise, so that one form is refused.
     */
    private static void refuseBackslashBeforeDoubledQuote(String sql, int start) {
        int n = sql.length();
        int j = start + 1;
        while (j < n) {
            char c = sql.charAt(j);
            if (c == '\\') {
                int k = 0;
                while (j + k < n && sql.charAt(j + k) == '\\') {
                    k++;
                }
                if (k % 2 == 1 && j + k + 1 < n && sql.charAt(j + k) == '\'' && sql.charAt(j + k + 1) == '\'') {
                    throw new Refusal(Reason.SYNTAX, "refused: a backslash right before a doubled quote ('\\''...') "
                            + "inside a string literal is read differently by the guard's parser and by PostgreSQL; "
                            + "put the backslash elsewhere, or write the quote with chr(39)");
                }
                j += k;
                continue;
            }
            if (c == '\'') {
                if (j + 1 < n && sql.charAt(j + 1) == '\'') {
                    j += 2;
                    continue;
                }
                return;
            }
            j++;
        }
    }

    /** With the database unknown, a backslash in a literal may or may not escape the quote after it. */
    private static void refuseBackslashInLiteral(String sql, int start) {
        int j = start + 1;
        while (j < sql.length()) {
            char c = sql.charAt(j);
            if (c == '\\') {
                throw new Refusal(Reason.UNSUPPORTED, "refused: a backslash in a string literal is read differently "
                        + "by different databases, and the database here is unknown");
            }
            if (c == '\'') {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == '\'') {
                    j += 2;
                    continue;
                }
                return;
            }
            j++;
        }
    }

    private static int skipLine(String sql, int i) {
        int j = sql.indexOf('\n', i);
        return j < 0 ? sql.length() : j + 1;
    }

    private static int skipQuoted(String sql, int start, char q, boolean backslash, boolean pgEscapeString) {
        int n = sql.length();
        int j = start + 1;
        while (j < n) {
            char c = sql.charAt(j);
            if (c == '\\' && pgEscapeString) {
                // JSqlParser reads E'..\'..' as an ordinary literal; PostgreSQL does not.
                throw new Refusal(Reason.UNSUPPORTED,
                        "refused: escape strings with backslashes (E'...\\...') are not supported; use a plain literal");
            }
            if (c == '\\' && backslash) {
                j += 2;
                continue;
            }
            if (c == q) {
                if (j + 1 < n && sql.charAt(j + 1) == q) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return n;
    }

    private static int skipDollarQuoted(String sql, int start) {
        int n = sql.length();
        int j = start + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j >= n || sql.charAt(j) != '$' || (j > start + 1 && Character.isDigit(sql.charAt(start + 1)))) {
            return start + 1; // a positional parameter ($1) or a lone dollar
        }
        String tag = sql.substring(start, j + 1);
        int close = sql.indexOf(tag, j + 1);
        return close < 0 ? n : close + tag.length();
    }
}
