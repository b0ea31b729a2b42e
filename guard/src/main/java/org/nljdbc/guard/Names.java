package org.nljdbc.guard;

import java.util.Locale;

/**
 * How a dialect compares names, for the guard's resolution of tables, CTEs, range variables and columns.
 *
 * <p>PostgreSQL folds unquoted names to lower case and compares exactly. Elsewhere the rule depends on server
 * settings the guard cannot see (MySQL's {@code lower_case_table_names}, H2's {@code DATABASE_TO_UPPER} and
 * {@code DATABASE_TO_LOWER}, SQL Server's collation, Oracle and Snowflake catalogs that hold quoted lower-case
 * names next to folded upper-case ones), so a name that differs only in
 * case is a {@link Match#CASE_ONLY} match: it may or may not be the same object, and resolution refuses a query
 * where the two readings would read different objects.
 */
final class Names {
    enum Match { EXACT, CASE_ONLY, NONE }

    /** An identifier as written in the query: its text without quotes, and whether it was quoted. */
    record Ident(String text, boolean quoted) {
        static Ident of(String raw) {
            return new Ident(Identifiers.unquote(raw), Identifiers.isQuoted(raw));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private Names() {
    }

    private static boolean folds(Dialect d) {
        return d == Dialect.POSTGRESQL;
    }

    /** The name as the database holds it, for a dialect that folds; the text as written elsewhere. */
    static String canonical(Ident id, Dialect d) {
        return id.quoted() || !folds(d) ? id.text() : id.text().toLowerCase(Locale.ROOT);
    }

    /**
     * Compares two names written in the query (a reference and a CTE name or range variable). Where the dialect's
     * folding is unknown, a quoted and an unquoted name are the same at most up to case: H2 reads {@code "orders"}
     * and {@code orders} as two names.
     */
    static Match match(Ident ref, Ident declared, Dialect d) {
        Match m = compare(canonical(ref, d), canonical(declared, d), d);
        return m == Match.EXACT && !folds(d) && ref.quoted() != declared.quoted() ? Match.CASE_ONLY : m;
    }

    /** Compares a name written in the query with one stored in the catalog. */
    static Match matchStored(Ident ref, String stored, Dialect d) {
        return stored == null ? Match.NONE : compare(canonical(ref, d), stored, d);
    }

    private static Match compare(String a, String b, Dialect d) {
        if (a.equals(b)) {
            return Match.EXACT;
        }
        if (!folds(d) && a.equalsIgnoreCase(b)) {
            return Match.CASE_ONLY;
        }
        return Match.NONE;
    }
}
