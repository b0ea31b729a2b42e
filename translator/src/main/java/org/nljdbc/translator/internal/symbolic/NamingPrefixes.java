package org.nljdbc.translator.internal.symbolic;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prefixes that naming conventions put before the words a question uses: a modelling prefix on a table
 * ({@code Ref_Template_Types}, {@code dim_customer}, {@code tbl_orders}), a namespace shared by every table of a
 * schema ({@code sbCustomer}, {@code sbTicker}; PostgreSQL folds them to {@code sbcustomer}), and a prefix shared by
 * every column of a table ({@code sbTxId}, {@code sbTxAmount}). None of them is a word of the question.
 */
final class NamingPrefixes {
    /** Data-modelling conventions (reference and lookup tables, Kimball dimensions and facts, Hungarian tbl_). */
    static final Set<String> MODELLING = Set.of("ref", "dim", "fact", "tbl", "lkp", "lookup", "stg");

    private NamingPrefixes() {
    }

    /**
     * The length of a namespace of two or three letters that starts every one of at least three table names, each
     * with at least four letters after it; 0 when there is none. The names must share exactly that start: tables
     * that all begin with a longer common word ({@code course}, {@code course_authors}) have no namespace.
     */
    static int namespaceLength(List<String> tables) {
        if (tables.size() < 3) {
            return 0;
        }
        int n = lcp(tables);
        if (n < 2 || n > 3 || !tables.get(0).substring(0, n).chars().allMatch(Character::isLetter)) {
            return 0;
        }
        for (String t : tables) {
            if (t.length() < n + 4 || !Character.isLetter(t.charAt(n))) {
                return 0;
            }
        }
        return n;
    }

    /** The length of the longest common start of the names, ignoring case. */
    private static int lcp(List<String> names) {
        String first = names.get(0).toLowerCase(Locale.ROOT);
        int n = first.length();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            int i = 0;
            while (i < n && i < lower.length() && lower.charAt(i) == first.charAt(i)) {
                i++;
            }
            n = i;
        }
        return n;
    }

    /** The table's words without its namespace or modelling prefix; empty when it has neither. */
    static List<String> subject(String table, int namespace) {
        if (namespace > 0) {
            return Words.stems(Words.split(table.substring(namespace)));
        }
        List<String> words = Words.split(table);
        if (words.size() > 1 && MODELLING.contains(words.get(0))) {
            return Words.stems(words.subList(1, words.size()));
        }
        return List.of();
    }

    /**
     * The length of the prefix, at least two letters, that every column of a table starts with when there are at
     * least three columns and each has at least two letters after it ({@code sbcustid, sbcustname, ...} give
     * {@code sbcust}); 0 when the columns share none.
     */
    static int commonLength(List<String> columns) {
        if (columns.size() < 3) {
            return 0;
        }
        String first = columns.get(0);
        int n = lcp(columns);
        while (n > 0 && !Character.isLetter(first.charAt(n - 1))) {
            n--; // Document_ID, Document_Name share "document_": the prefix ends at a letter
        }
        if (n < 2) {
            return 0;
        }
        for (String c : columns) {
            if (c.length() - n < 2) {
                return 0;
            }
        }
        return n;
    }
}
