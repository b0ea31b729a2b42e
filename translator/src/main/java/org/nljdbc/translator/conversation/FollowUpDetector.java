package org.nljdbc.translator.conversation;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nljdbc.translator.catalog.Catalog;
import org.nljdbc.translator.catalog.TableInfo;

/**
 * Decides whether a question refines the previous one or stands on its own. A follow-up refers back (pronouns,
 * "instead", "same for"), opens with a refining word ("now", "only", "and by", "top 10", "sorted by"), or is a bare
 * filter or number. A question that opens like a question and names a table of its own is independent, so old
 * filters never leak into it.
 */
final class FollowUpDetector {
    /** Words that always refer back to an earlier answer. */
    private static final Set<String> BACK_REFERENCES = Set.of("instead", "previous");
    /**
     * Phrases that refer back. "same" and "above" alone do not: "singers above age 20" and "students with the same
     * age" are questions of their own (Spider dev asks both kinds).
     */
    private static final List<String> BACK_REFERENCE_PHRASES = List.of("same for ", "same but ", "same thing",
            "same question", "same query", "same again", "the same with ", "same with ", "do the same", "the above",
            "as above", "above result", "above query", "above list", "above table");
    /** Pronouns refer back unless the question opens like a question and names a table of its own. */
    private static final Set<String> PRONOUNS = Set.of("them", "those", "these", "they", "their", "it", "its");
    /** Openings that make a follow-up whatever follows. */
    private static final List<String> STRONG_OPENINGS = List.of("now ", "only ", "just ", "and ", "also ", "but ",
            "instead ", "same ", "what about ", "how about ", "then ", "plus ", "sorted ", "sort ", "order by ",
            "ordered ", "top ", "bottom ", "by ", "per ", "split ", "broken down ", "break down ", "grouped ",
            "group by ", "compare", "vs ", "versus ", "descending", "ascending", "as a ", "as share", "make it ",
            "change ", "switch ", "use ", "show only ", "show just ", "show me only ", "only show ", "limit ");
    /** Openings that make a follow-up when the question names no table of its own ("in 2023", "over 100"). */
    private static final List<String> WEAK_OPENINGS = List.of("for ", "in ", "over ", "under ", "above ", "below ",
            "more than ", "less than ", "at least ", "at most ", "first ", "highest ", "lowest ", "except ",
            "excluding ", "without ", "exclude ", "remove ", "drop ", "with ", "where ");
    private static final Set<String> QUESTION_WORDS = Set.of("how", "what", "which", "who", "whom", "when", "where",
            "list", "show", "give", "find", "count", "is", "are", "do", "does", "did", "tell", "get", "display");

    private FollowUpDetector() {
    }

    static boolean isFollowUp(String question, Turn previous, Catalog catalog) {
        String q = normalize(question);
        List<String> words = words(q);
        if (words.isEmpty()) {
            return false;
        }
        String padded = q + " ";
        if (words.stream().anyMatch(BACK_REFERENCES::contains)
                || BACK_REFERENCE_PHRASES.stream().anyMatch(p -> padded.startsWith(p) || padded.contains(" " + p))) {
            return true;
        }
        if (rankingOfAnotherTable(words, previous, catalog)) {
            return false;
        }
        if (STRONG_OPENINGS.stream().anyMatch(padded::startsWith)) {
            return true;
        }
        boolean questionLike = QUESTION_WORDS.contains(words.get(0));
        boolean namesTable = words.stream().anyMatch(w -> namesTable(w, catalog));
        if (!namesTable && WEAK_OPENINGS.stream().anyMatch(padded::startsWith)) {
            return true;
        }
        if (words.stream().anyMatch(PRONOUNS::contains) && !(questionLike && namesTable)) {
            return true;
        }
        if (questionLike && namesTable) {
            return false;
        }
        if (!questionLike && words.size() <= 4 && !namesTable) {
            return true; // a bare filter or number: "Europe", "2023", "Books only"
        }
        return !namesTable && words.stream().anyMatch(w -> w.equals("only") || w.equals("just") || w.equals("now")
                || w.equals("top") || w.equals("bottom"));
    }

    /**
     * "top 5 products by price" after a question about orders asks about products: a ranking whose subject is a
     * table the previous query did not read is a question of its own, whereas "top 5" alone refines the last one.
     */
    static boolean rankingOfAnotherTable(List<String> words, Turn previous, Catalog catalog) {
        if (words.size() < 3 || !Set.of("top", "bottom", "first", "last").contains(words.get(0))) {
            return false;
        }
        int subject = words.get(1).chars().allMatch(Character::isDigit) || NUMBER_WORDS.contains(words.get(1)) ? 2 : 1;
        if (subject >= words.size() || !namesTable(words.get(subject), catalog)) {
            return false;
        }
        String noun = words.get(subject);
        List<String> previousTables = previous == null || previous.baseSql() == null ? List.of()
                : QueryTables.of(previous.baseSql());
        return previousTables.stream().noneMatch(t -> Names.sameNoun(noun, t.contains(".")
                ? t.substring(t.lastIndexOf('.') + 1) : t));
    }

    private static final Set<String> NUMBER_WORDS = Set.of("two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "twenty", "fifty", "hundred");

    static String normalize(String question) {
        return question.toLowerCase(Locale.ROOT).replaceAll("[?!.,;:]+", " ").replaceAll("\\s+", " ").trim();
    }

    static List<String> words(String normalized) {
        return normalized.isEmpty() ? List.of() : List.of(normalized.split(" "));
    }

    /** Whether {@code word} names a table, singular or plural ("order", "orders", "category", "categories"). */
    static boolean namesTable(String word, Catalog catalog) {
        for (TableInfo t : catalog.tables()) {
            if (Names.sameNoun(word, t.name())) {
                return true;
            }
        }
        return false;
    }
}
