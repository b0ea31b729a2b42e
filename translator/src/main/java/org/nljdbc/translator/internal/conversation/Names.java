package org.nljdbc.translator.internal.conversation;

import java.util.Locale;

/** Matching of the user's words to table and column names, and writing names into SQL. */
final class Names {
    private Names() {
    }

    /** {@code word} and {@code identifier} name the same thing, ignoring case, plurals and underscores. */
    static boolean sameNoun(String word, String identifier) {
        String a = singular(word.toLowerCase(Locale.ROOT).replace("_", " ").trim());
        String b = singular(identifier.toLowerCase(Locale.ROOT).replace("_", " ").trim());
        return !a.isEmpty() && a.equals(b);
    }

    static String singular(String w) {
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && w.length() > 3) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** An identifier from the catalog as SQL, by the dialect's one quoting rule. */
    static String sql(String identifier, org.nljdbc.guard.Dialect dialect) {
        return dialect.quote(identifier);
    }
}
