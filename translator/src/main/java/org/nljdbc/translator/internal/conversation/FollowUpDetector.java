package org.nljdbc.translator.internal.conversation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * Decides whether a question refines the previous one or stands on its own. A follow-up is a question that cannot
 * stand alone: a fragment or refinement ("only in 2024", "top 3", "same for Canada", "now by region", "count
 * instead") or a question whose subject is only referred to ("how many are there?", "which one has the most?",
 * "that supplier's products", "those customers"). A question that names what it asks for (a table of the catalog) and
 * reads as a whole question is new, whatever came before, so old filters never leak into it. The rules are about
 * the shape of the question only: no word is chosen for a particular database.
 */
final class FollowUpDetector {
    /**
     * Phrases that always refer back. "same" and "above" alone do not: "singers above age 20" and "students with the
     * same age" are questions of their own.
     */
    private static final List<String> BACK_REFERENCE_PHRASES = List.of("same for ", "same but ", "same thing",
            "same question", "same query", "same again", "the same with ", "same with ", "do the same", "the above",
            "as above", "above result", "above query", "above list", "above table", "that one", "those ones",
            "the previous ", "the last query", "the last result", "the last one");
    /** Words that refer back unless the question is a whole one ("... list their ids instead of names"). */
    private static final Set<String> WEAK_BACK_REFERENCES = Set.of("instead", "previous", "rather");
    /** Pronouns: a follow-up when nothing the question itself names comes before them. */
    private static final Set<String> PRONOUNS = Set.of("it", "its", "they", "them", "their", "theirs", "those",
            "these", "he", "she", "his", "her", "him");
    /** Determiners that point back when what follows is not named earlier in the question ("that supplier's"). */
    private static final Set<String> DEMONSTRATIVES = Set.of("that", "this", "these", "those");
    /** Openings that make a fragment whatever follows: they only make sense against an earlier answer. */
    private static final List<String> ELLIPTICAL_OPENINGS = List.of("now ", "only ", "just ", "and ", "also ",
            "but ", "instead ", "same ", "what about ", "how about ", "then ", "plus ", "vs ", "versus ",
            "descending", "ascending", "as a ", "as share", "make it ", "change ", "switch ", "use ", "show only ",
            "show just ", "show me only ", "only show ", "limit ", "compare", "again", "what if ");
    /**
     * Openings of a refinement unless the question names a table of its own ("by region" refines, "for each
     * stadium, how many concerts are there?" stands alone).
     */
    private static final List<String> REFINING_OPENINGS = List.of("by ", "per ", "sorted ", "sort ", "order by ",
            "ordered ", "split ", "broken down ", "break down ", "grouped ", "group by ", "for ", "in ", "over ",
            "under ", "above ", "below ", "more than ", "less than ", "at least ", "at most ", "highest ", "lowest ",
            "except ", "excluding ", "without ", "exclude ", "remove ", "drop ", "with ", "where ", "on ", "among ",
            "from ", "during ", "after ", "before ", "since ", "between ", "excl ", "not ", "no ");
    private static final Set<String> RANKING_OPENINGS = Set.of("top", "bottom", "first", "last");
    private static final Set<String> QUESTION_WORDS = Set.of("how", "what", "what's", "which", "who", "whom",
            "whose", "when", "where", "why", "list", "show", "give", "find", "count", "is", "are", "do", "does",
            "did", "tell", "get", "display", "return", "describe", "compute", "calculate", "please", "sort", "order",
            "rank", "arrange");
    /** The words of a direct question, which together with a column it names make a whole question. */
    private static final Set<String> WH_WORDS = Set.of("how", "what", "what's", "which", "who", "whom", "whose",
            "when", "where", "why");
    /**
     * Words that name nothing: question words, auxiliaries, determiners, prepositions, pronouns, quantifiers. A
     * question made only of these (and numbers) has no subject of its own.
     */
    private static final Set<String> FUNCTION_WORDS = Set.copyOf(List.of("how", "what", "what's", "which", "who",
            "whom", "whose", "when", "where", "why", "many", "much", "is", "are", "was", "were", "be", "been", "am",
            "do", "does", "did", "has", "have", "had", "can", "could", "will", "would", "should", "may", "the", "a",
            "an", "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "and", "or", "but", "not", "no",
            "all", "any", "each", "every", "some", "most", "least", "more", "less", "fewer", "one", "ones", "there",
            "here", "list", "show", "give", "find", "tell", "get", "display", "return", "me", "us", "please", "i",
            "we", "you", "let", "lets", "let's", "see", "now", "only", "just", "also", "then", "same", "again",
            "instead", "rather", "top", "bottom", "first", "last", "it", "its", "they", "them", "their", "theirs",
            "those", "these", "that", "this", "he", "she", "his", "her", "him", "so", "than", "as", "too", "else",
            "other", "others", "rest", "ones", "one's", "one", "them's", "all", "both", "either", "neither", "per",
            "highest", "lowest", "biggest", "smallest", "largest", "best", "worst", "over", "under", "above",
            "below", "total", "number", "count", "sum", "average", "up", "out", "into", "yes", "ok", "okay"));
    /** Words after "those" that make it the head of a relative clause ("those who ..."), not a reference back. */
    private static final Set<String> RELATIVE_WORDS = Set.of("who", "that", "which", "whose", "with", "where",
            "whom", "having", "in", "of", "from", "without", "not");

    private FollowUpDetector() {
    }

    static boolean isFollowUp(String question, Turn previous, Catalog catalog) {
        String q = normalize(question);
        List<String> words = words(q);
        if (words.isEmpty()) {
            return false;
        }
        String padded = q + " ";
        if (BACK_REFERENCE_PHRASES.stream().anyMatch(p -> padded.startsWith(p) || padded.contains(" " + p))) {
            return true;
        }
        boolean namesTable = words.stream().anyMatch(w -> namesTable(w, catalog));
        boolean asks = words.stream().anyMatch(QUESTION_WORDS::contains);
        // A whole question asks, and names what it asks about: a table, or a column ("for each citizenship, what is
        // the maximum net worth?").
        boolean whole = asks && namesTable || words.stream().anyMatch(WH_WORDS::contains)
                && words.stream().anyMatch(w -> namesColumn(w, catalog));
        if (!whole && words.stream().anyMatch(WEAK_BACK_REFERENCES::contains)) {
            return true;
        }
        if (words.stream().noneMatch(FollowUpDetector::isContentWord)) {
            return true; // "how many are there?", "which one has the most?", "top 3", "2024"
        }
        if (refersBack(words, catalog)) {
            return true; // "what are their names?", "that supplier's products", "those customers"
        }
        if (RANKING_OPENINGS.contains(words.get(0))) {
            return !rankingOfItsOwn(words, previous, catalog);
        }
        if (ELLIPTICAL_OPENINGS.stream().anyMatch(padded::startsWith)) {
            return true;
        }
        if (REFINING_OPENINGS.stream().anyMatch(padded::startsWith)) {
            return !whole;
        }
        if (!asks && words.size() <= 4 && !namesTable && onlyValues(question, catalog)) {
            return true; // a bare filter: "Europe", "Books only"; not "total revenue in 2024" or "revenue per month"
        }
        return false;
    }

    /**
     * Whether every word that names something is a value: one the catalog sampled, or a name written as one
     * (capitalised, and not merely because it opens the question, unless it is the only such word).
     */
    static boolean onlyValues(String question, Catalog catalog) {
        List<String> original = List.of(question.replaceAll("[?!.,;:()\"]+", " ").trim().split("\\s+"));
        List<String> content = original.stream().filter(w -> isContentWord(w.toLowerCase(Locale.ROOT))).toList();
        for (String w : content) {
            boolean sampled = catalog.tables().stream().anyMatch(t -> t.columns().stream()
                    .anyMatch(c -> c.sampleValues().stream().anyMatch(v -> v.equalsIgnoreCase(w))));
            boolean name = Character.isUpperCase(w.charAt(0)) && (content.size() == 1 || !w.equals(original.get(0)));
            if (!sampled && !name) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a pronoun or demonstrative refers to something the question itself does not name: a pronoun with no
     * word naming anything before it ("what are their names?"), or "that/those <noun>" whose noun the question did
     * not name earlier, after nothing that it could qualify ("list that company's products", but not "the singer
     * that ...", which qualifies "singer", nor "those who ..."). A singular "that/this <noun>" late in a question
     * points back only when the noun is a table ("how many singers are from that country?" restates its own
     * subject).
     */
    static boolean refersBack(List<String> words, Catalog catalog) {
        Set<String> seen = new HashSet<>();
        boolean content = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean previousIsFunction = i == 0 || !isContentWord(words.get(i - 1));
            if (DEMONSTRATIVES.contains(w) && previousIsFunction && i + 1 < words.size()) {
                String next = words.get(i + 1);
                String noun = Names.singular(next.replaceAll("'s?$", ""));
                boolean pointing = next.endsWith("'s") || next.endsWith("'") || w.equals("those")
                        || w.equals("these") || i <= 1 || namesTable(next, catalog);
                if (pointing && isContentWord(next) && !RELATIVE_WORDS.contains(next) && !seen.contains(noun)) {
                    return true;
                }
            }
            if (PRONOUNS.contains(w) && !content && !(("those".equals(w) || "these".equals(w))
                    && i + 1 < words.size() && (RELATIVE_WORDS.contains(words.get(i + 1))
                    || isContentWord(words.get(i + 1))))) {
                return true;
            }
            if (isContentWord(w)) {
                content = true;
                seen.add(Names.singular(w.replaceAll("'s?$", "")));
            }
        }
        return false;
    }

    /**
     * "top 5 products by price" names what it ranks and by what: a question of its own, whatever came before. "top 3
     * categories" after a question about categories ranks that answer; after a question about something else it is
     * a question of its own. "top 3" alone refines the last answer.
     */
    static boolean rankingOfItsOwn(List<String> words, Turn previous, Catalog catalog) {
        int subject = words.size() > 1 && (words.get(1).chars().allMatch(Character::isDigit)
                || NUMBER_WORDS.contains(words.get(1))) ? 2 : 1;
        if (subject >= words.size() || !namesTable(words.get(subject), catalog)) {
            return false;
        }
        List<String> rest = words.subList(subject + 1, words.size());
        if (rest.contains("by") || rest.contains("with") || rest.contains("in") || rest.contains("of")) {
            return true;
        }
        String noun = words.get(subject);
        List<String> previousTables = previous == null || previous.baseSql() == null ? List.of()
                : QueryTables.of(previous.baseSql());
        return previousTables.stream().noneMatch(t -> Names.sameNoun(noun, t.contains(".")
                ? t.substring(t.lastIndexOf('.') + 1) : t));
    }

    private static final Set<String> NUMBER_WORDS = Set.of("two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "twenty", "fifty", "hundred");

    /** A word that names something: not a function word, not a number. */
    static boolean isContentWord(String w) {
        return !FUNCTION_WORDS.contains(w) && !NUMBER_WORDS.contains(w) && !w.matches("[\\d.$%€£-]+")
                && w.chars().anyMatch(Character::isLetter);
    }

    static String normalize(String question) {
        return question.toLowerCase(Locale.ROOT).replaceAll("[?!.,;:()\"]+", " ").replaceAll("\\s+", " ").trim();
    }

    static List<String> words(String normalized) {
        return normalized.isEmpty() ? List.of() : new ArrayList<>(List.of(normalized.split(" ")));
    }

    /**
     * Whether {@code word} names a table, singular or plural ("order", "orders", "category", "categories"), or a word
     * of a table's name ("cars" for {@code cars_data}).
     */
    static boolean namesTable(String word, Catalog catalog) {
        return names(word, nouns(catalog).tables());
    }

    /** Whether {@code word} names a column of some table, or a word of a column's name. */
    static boolean namesColumn(String word, Catalog catalog) {
        return names(word, nouns(catalog).columns());
    }

    /**
     * Whether {@code word} is the same noun ({@link Names#sameNoun}) as one of the identifiers, or as a word (longer
     * than two letters) of one, whose {@link #noun} forms are {@code nouns}.
     */
    private static boolean names(String word, Set<String> nouns) {
        String w = word.replaceAll("'s?$", "");
        if (!isContentWord(w)) {
            return false;
        }
        String n = noun(w);
        return !n.isEmpty() && nouns.contains(n);
    }

    /** The form {@link Names#sameNoun} compares: lower case, underscores as spaces, trimmed, singular. */
    private static String noun(String s) {
        return Names.singular(s.toLowerCase(Locale.ROOT).replace("_", " ").trim());
    }

    /** The noun forms of the catalog's table names and of their words; the same of its column names. */
    private record Nouns(Set<String> tables, Set<String> columns) {
    }

    /**
     * Made once per catalog, not at every word of every follow-up check (a pass over every column of a
     * 20,000-table catalog). Weak keys: a catalog read again replaces it.
     */
    private static final Map<Catalog, Nouns> NOUNS = new java.util.WeakHashMap<>();

    private static Nouns nouns(Catalog catalog) {
        synchronized (NOUNS) {
            return NOUNS.computeIfAbsent(catalog, c -> {
                Set<String> tables = new java.util.HashSet<>();
                Set<String> columns = new java.util.HashSet<>();
                Set<String> seenColumns = new java.util.HashSet<>();
                for (org.nljdbc.translator.internal.catalog.TableInfo t : c.tables()) {
                    addNouns(t.name(), tables);
                    for (org.nljdbc.translator.internal.catalog.ColumnInfo col : t.columns()) {
                        if (seenColumns.add(col.name())) {
                            addNouns(col.name(), columns);
                        }
                    }
                }
                return new Nouns(tables, columns);
            });
        }
    }

    private static void addNouns(String identifier, Set<String> out) {
        out.add(noun(identifier));
        for (String part : identifier.toLowerCase(Locale.ROOT).split("[_\\s]+")) {
            if (part.length() > 2) {
                out.add(noun(part));
            }
        }
    }
}
