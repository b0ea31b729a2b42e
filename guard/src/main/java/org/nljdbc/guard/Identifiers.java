package org.nljdbc.guard;

import java.util.regex.Pattern;

/** Quoting rules of identifiers, per dialect. */
final class Identifiers {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Identifiers() {
    }

    static boolean isQuoted(String id) {
        if (id == null || id.length() < 2) {
            return false;
        }
        char f = id.charAt(0);
        char l = id.charAt(id.length() - 1);
        return (f == '"' && l == '"') || (f == '`' && l == '`') || (f == '[' && l == ']');
    }

    /** The identifier as the database stores it when quoted; unquoted ones are returned as written. */
    static String unquote(String id) {
        if (id == null) {
            return null;
        }
        if (!isQuoted(id)) {
            return id;
        }
        char f = id.charAt(0);
        String body = id.substring(1, id.length() - 1);
        return switch (f) {
            case '"' -> body.replace("\"\"", "\"");
            case '`' -> body.replace("``", "`");
            default -> body.replace("]]", "]");
        };
    }

    /**
     * Quotes a column name the administrator wrote in the policy (a mask, the tenant column) when the dialect would
     * otherwise fold or reject it. Unlike {@link Dialect#quote}, which writes names as the catalog stores them, an
     * all-lower-case name on H2 or Oracle is taken to mean the folded one: that is how people type them.
     */
    static String quoteIfNeeded(String name, Dialect dialect) {
        boolean plain = PLAIN.matcher(name).matches();
        boolean needs = switch (dialect) {
            case POSTGRESQL, TRINO, GENERIC -> !plain || !name.equals(name.toLowerCase(java.util.Locale.ROOT));
            // Names folded to upper case: an all-lower-case name most likely means the folded one too.
            case ORACLE, H2, SNOWFLAKE -> !plain || (!name.equals(name.toUpperCase(java.util.Locale.ROOT))
                    && !name.equals(name.toLowerCase(java.util.Locale.ROOT)));
            default -> !plain;
        };
        return needs ? dialect.quoted(name) : name;
    }
}
