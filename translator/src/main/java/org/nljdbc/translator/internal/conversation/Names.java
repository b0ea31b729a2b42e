package org.nljdbc.translator.internal.conversation;

import java.util.Locale;
import org.nljdbc.translator.internal.catalog.WordForms;

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

    /** Follow-ups' variant of the singular: see {@link WordForms#phraseSingular}. */
    static String singular(String w) {
        return WordForms.phraseSingular(w);
    }

    /** An identifier from the catalog as SQL, by the dialect's one quoting rule. */
    static String sql(String identifier, org.nljdbc.guard.Dialect dialect) {
        return dialect.quote(identifier);
    }
}
