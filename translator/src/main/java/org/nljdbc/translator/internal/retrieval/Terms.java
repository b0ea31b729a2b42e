package org.nljdbc.translator.internal.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.WordForms;

/**
 * Turns identifiers and questions into comparable terms: identifiers are split at underscores, camelCase,
 * letter/digit boundaries; common abbreviations are expanded ({@code qty}, {@code amt}, {@code cust}, ...);
 * function words are dropped; every term is lower-cased and stemmed with a small suffix stemmer
 * (plural and verb endings), so that {@code countries}, {@code Country} and {@code country_id} meet.
 */
final class Terms {
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("qty", "quantity"), Map.entry("amt", "amount"), Map.entry("cust", "customer"),
            Map.entry("num", "number"), Map.entry("nbr", "number"), Map.entry("no", "number"),
            Map.entry("dt", "date"), Map.entry("desc", "description"), Map.entry("descr", "description"),
            Map.entry("addr", "address"), Map.entry("emp", "employee"), Map.entry("empl", "employee"),
            Map.entry("dept", "department"), Map.entry("mgr", "manager"), Map.entry("prod", "product"),
            Map.entry("acct", "account"), Map.entry("txn", "transaction"), Map.entry("trans", "transaction"),
            Map.entry("org", "organization"), Map.entry("info", "information"), Map.entry("yr", "year"),
            Map.entry("avg", "average"), Map.entry("pct", "percent"), Map.entry("tel", "telephone"),
            Map.entry("stu", "student"), Map.entry("stuid", "student"), Map.entry("prof", "professor"),
            Map.entry("dob", "birth"), Map.entry("fname", "first"), Map.entry("lname", "last"),
            Map.entry("sal", "salary"), Map.entry("bal", "balance"), Map.entry("loc", "location"),
            Map.entry("pos", "position"), Map.entry("cnt", "count"), Map.entry("tot", "total"),
            Map.entry("cat", "category"), Map.entry("inv", "invoice"), Map.entry("ord", "order"),
            Map.entry("pmt", "payment"), Map.entry("ref", "reference"), Map.entry("nm", "name"),
            Map.entry("ctry", "country"), Map.entry("lang", "language"), Map.entry("req", "requirement"),
            Map.entry("hr", "hour"), Map.entry("min", "minimum"), Map.entry("max", "maximum"),
            Map.entry("fk", "key"), Map.entry("pk", "key"), Map.entry("attr", "attribute"),
            Map.entry("cert", "certificate"), Map.entry("crs", "course"), Map.entry("dorm", "dormitory"),
            Map.entry("mpg", "gallon"), Map.entry("hp", "horsepower"), Map.entry("gdp", "product"));

    private static final Set<String> STOPWORDS = Set.of("a", "an", "the", "of", "in", "on", "at", "to", "for",
            "from", "by", "with", "and", "or", "not", "is", "are", "was", "were", "be", "been", "being", "do", "does",
            "did", "what", "which", "who", "whom", "whose", "how", "many", "much", "show", "list", "give", "find",
            "return", "display", "tell", "me", "all", "each", "every", "that", "this", "these", "those", "their",
            "its", "his", "her", "there", "than", "as", "have", "has", "had", "i", "you", "we", "they", "it", "please",
            "also", "only", "any", "some", "where", "when", "them", "both", "either", "per", "into",
            "but", "if", "so", "such", "can", "could", "would", "should", "will", "whether", "about", "between",
            "s", "t", "get", "out", "up", "just", "same", "different", "other", "one", "more", "less", "most",
            "least", "together", "order", "sorted", "sort", "descending", "ascending", "alphabetical",
            "distinct", "unique", "total", "sum", "average", "count", "number", "maximum", "minimum", "max", "min",
            "name", "names", "id", "ids");

    /** Stopwords for questions only: they are too common in questions to mean a column, yet fine in identifiers. */
    private static final Set<String> IDENTIFIER_KEEP = Set.of("order", "number", "name", "names", "id", "count",
            "total", "average", "max", "min", "maximum", "minimum", "sum", "no");

    /** Irregular words retrieval adds to {@link WordForms#irregular}. */
    private static final Map<String, String> IRREGULAR = Map.of("staff", "staff", "business", "business");

    private Terms() {
    }

    /** Terms of an identifier such as {@code custOrderQty} or {@code home_town}. */
    static List<String> identifier(String name) {
        List<String> out = new ArrayList<>();
        for (String w : splitIdentifier(name)) {
            if (w.isEmpty() || w.equals("_")) {
                continue;
            }
            String expanded = ABBREVIATIONS.get(w);
            if (expanded != null) {
                out.add(stem(expanded));
            }
            if (!STOPWORDS.contains(w) || IDENTIFIER_KEEP.contains(w)) {
                out.add(stem(w));
            }
        }
        return out;
    }

    /** Terms of free text (a question, a comment): words, function words dropped, stemmed. */
    static List<String> text(String text) {
        List<String> out = new ArrayList<>();
        for (String w : words(text)) {
            if (!STOPWORDS.contains(w)) {
                for (String part : splitIdentifier(w)) {
                    out.add(stem(part));
                }
            }
        }
        return out;
    }

    /** Lower-cased words of free text, nothing dropped. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char ch = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(ch) || ch == '_' && cur.length() > 0) {
                cur.append(Character.toLowerCase(ch));
            } else if (cur.length() > 0) {
                out.add(cur.toString());
                cur.setLength(0);
            }
        }
        return out;
    }

    static boolean isStopword(String lowerWord) {
        return STOPWORDS.contains(lowerWord);
    }

    /** Splits at non-alphanumerics, lower-to-upper case changes, acronym ends and letter/digit changes. */
    static List<String> splitIdentifier(String name) {
        return WordForms.splitAcronyms(name);
    }

    /** A small suffix stemmer: plurals, -ing, -ed, -est, a final e. Both sides use it, so only consistency matters. */
    static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        String irregular = IRREGULAR.getOrDefault(w, WordForms.irregular(w));
        if (irregular != null) {
            return irregular;
        }
        if (w.length() <= 3 || !Character.isLetter(w.charAt(w.length() - 1))) {
            return w;
        }
        w = WordForms.singular(w);
        // Beyond plurals, retrieval's variant also cuts verb and superlative endings: both sides of its index use it.
        if (w.endsWith("ing") && w.length() >= 7) {
            w = w.substring(0, w.length() - 3);
        } else if (w.endsWith("ed") && w.length() >= 6) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("est") && w.length() >= 7) {
            w = w.substring(0, w.length() - 3);
        }
        if (w.endsWith("e") && w.length() > 4) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }
}
