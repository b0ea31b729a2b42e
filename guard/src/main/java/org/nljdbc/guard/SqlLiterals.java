package org.nljdbc.guard;

import java.util.regex.Pattern;

/**
 * SQL literals for values that come from outside the SQL (a question's words, a follow-up, a sampled column value):
 * the only way such a value may enter SQL text. Each method returns a literal that the dialect's lexer reads back as
 * exactly one token holding exactly the value, or throws {@link IllegalArgumentException}.
 *
 * <p>Assumptions the driver enforces per session: PostgreSQL runs with {@code standard_conforming_strings=on}
 * (backslash is an ordinary character), and MySQL/MariaDB sessions have neither {@code NO_BACKSLASH_ESCAPES} nor
 * {@code ANSI_QUOTES} (backslash is an escape character, so it is doubled here). A literal for one dialect must not
 * be sent to another.
 *
 * <p>A literal from {@link #string} can be put into a JSqlParser tree as {@code new StringValue(literal)}: that
 * constructor strips the outer quotes once and prints the body unchanged, so the body must already be escaped, as it
 * is here. ({@code StringValue.setValue(raw)} does not escape anything.)
 */
public final class SqlLiterals {
    /** A plain decimal numeral, optionally with an exponent; no sign other than a leading minus, no spaces. */
    private static final Pattern NUMERAL = Pattern.compile("-?\\d{1,40}(\\.\\d{1,40})?([eE][-+]?\\d{1,4})?");

    private SqlLiterals() {
    }

    /**
     * {@code value} as a quoted string literal of {@code dialect}: single quotes doubled; for MySQL, MariaDB and
     * Snowflake, whose default lexers read backslash as an escape, backslashes doubled (both the database and the
     * guard's parser read every such literal back as the value). Characters
     * that only look like quotes (U+2019, U+02BC, U+FF07) are ordinary characters to every lexer and stay as they are.
     *
     * @throws IllegalArgumentException for a NUL character (several databases end the text there or refuse it) or
     *                                  an unpaired surrogate (it cannot be sent as UTF-8 and would be replaced),
     *                                  a backslash for {@link Dialect#GENERIC}, whose escaping is unknown, or a
     *                                  backslash right before a quote (JSqlParser, the database and the database in
     *                                  its other string mode would end the literal at different places), or, on
     *                                  PostgreSQL, an odd run of them at the end
     */
    public static String string(String value, Dialect dialect) {
        if (value == null) {
            throw new IllegalArgumentException("a string literal needs a value, not null");
        }
        boolean backslashEscapes = backslashEscapes(dialect);
        StringBuilder sb = new StringBuilder(value.length() + 8).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw new IllegalArgumentException("a NUL character cannot be a value in SQL text");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                sb.append(c).append(value.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(String.format("an unpaired surrogate (U+%04X) cannot be a value in SQL text", (int) c));
            }
            if (c == '\'') {
                // Never \': a backslash before a quote ends the literal or not depending on a server setting
                // (NO_BACKSLASH_ESCAPES, standard_conforming_strings), and the guard refuses it.
                sb.append("''");
            } else if (c == '\\' && dialect == Dialect.GENERIC) {
                // Spark, BigQuery, ClickHouse and others read it as an escape, ANSI databases do not: no spelling
                // of it is safe for a database we do not know.
                throw new IllegalArgumentException("a backslash cannot be written safely for an unknown database");
            } else if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == '\'') {
                // Doubled or not, a backslash before a quote is read differently by the guard's parser, by the
                // database and by the same database in another mode.
                throw new IllegalArgumentException("a backslash right before a quote is read differently by the "
                        + "guard's parser and by " + dialect);
            } else if (c == '\\' && dialect == Dialect.POSTGRESQL && i + 1 == value.length() && oddRunAtEnd(value)) {
                // 'x\' ends at its last quote only while standard_conforming_strings is on.
                throw new IllegalArgumentException("a value ending in a backslash is read differently by " + dialect
                        + " in its other string mode");
            } else if (c == '\\' && backslashEscapes) {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    private static boolean oddRunAtEnd(String value) {
        int run = 0;
        for (int i = value.length() - 1; i >= 0 && value.charAt(i) == '\\'; i--) {
            run++;
        }
        return run % 2 == 1;
    }

    /**
     * A decimal numeral as it may appear in SQL: {@code -?digits[.digits][e[+-]digits]}. A negative number is put in
     * parentheses, so that it can never join a preceding minus into a {@code --} comment.
     *
     * @throws IllegalArgumentException for anything else (signs, spaces, hex, {@code NaN}, thousands separators)
     */
    public static String number(String numeral) {
        if (numeral == null || !NUMERAL.matcher(numeral).matches()) {
            throw new IllegalArgumentException("not a plain decimal number: "
                    + (numeral == null ? "null" : '"' + abbreviated(numeral) + '"'));
        }
        return numeral.startsWith("-") ? "(" + numeral + ")" : numeral;
    }

    /** {@code value} as an integer literal; a negative one in parentheses, as for {@link #number}. */
    public static String integer(long value) {
        return value < 0 ? "(" + value + ")" : Long.toString(value);
    }

    /** Whether {@code dialect}'s default string lexer reads backslash as an escape character. */
    static boolean backslashEscapes(Dialect dialect) {
        return switch (dialect) {
            case MYSQL, MARIADB, SNOWFLAKE -> true;
            case POSTGRESQL, SQLITE, H2, SQLSERVER, ORACLE, TRINO, GENERIC -> false;
        };
    }

    private static String abbreviated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
