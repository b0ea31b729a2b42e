package org.nljdbc.translator.internal.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.WordForms;

/** Word-level normalisation shared by the question and the schema: identifier splitting and a light stemmer. */
final class Words {
    /** Irregular words the symbolic translator adds to {@link WordForms#irregular}. */
    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("statuses", "status"), Map.entry("addresses", "address"), Map.entry("classes", "class"),
            Map.entry("bus", "bus"), Map.entry("buses", "bus"), Map.entry("gas", "gas"), Map.entry("this", "this"),
            Map.entry("its", "its"), Map.entry("has", "has"), Map.entry("was", "was"), Map.entry("is", "is"),
            Map.entry("does", "does"), Map.entry("countries", "country"), Map.entry("cities", "city"));

    /** Words that carry no meaning of their own in a question: they may be left unmatched. */
    static final Set<String> FILLER = Set.of("the", "a", "an", "of", "for", "all", "what", "whats", "is", "are",
            "was", "were", "be", "been", "show", "list", "give", "find", "me", "return", "display", "get", "tell",
            "which", "that", "do", "does", "did", "we", "us", "i", "you", "have", "has", "had", "there", "their",
            "its", "it", "they", "them", "to", "please", "can", "could", "would", "will", "in", "on", "at", "with",
            "from", "and", "as", "who", "whose", "whom", "recorded", "registered",
            "stored", "known", "listed", "exist", "exists", "existing", "database", "table", "record", "records",
            "entry", "entries", "our", "my", "across",
            "each", "every", "those", "these", "this", "currently", "current", "overall", "altogether",
            "respectively", "corresponding", "s", "whole", "entire");

    /** Verbs that only say how two things relate; the join path says it precisely, at a small cost in confidence. */
    static final Set<String> RELATION_VERBS = Set.of("produced", "produce", "produces", "made", "make", "makes",
            "use", "used", "uses", "using", "enrolled", "enroll", "teach", "teaches", "taught", "own", "owned", "owns",
            "live", "lives", "lived", "belong", "belongs", "belonging", "work", "works", "worked", "working",
            "visited", "visit", "visits", "bought", "buy", "sell", "sells", "sold", "released", "created", "opened",
            "happened", "occurred", "held", "hosted", "attend", "attended", "attends", "play", "plays", "played",
            "placed", "place", "places", "wrote", "written", "correspond", "corresponding", "associated", "related", "involved",
            "participate", "participated", "participating", "received", "got", "given", "contain", "contains",
            "include", "includes", "located", "based", "go", "goes", "went", "come", "comes", "came", "serve",
            "serves", "served", "offer", "offers", "offered", "perform", "performs", "performed", "affiliated",
            "open", "taken", "take", "takes", "took", "hold", "holds");

    /** Abbreviations common in column names, expanded so that "first name" finds {@code fname}. */
    private static final Map<String, List<String>> ABBREVIATIONS = Map.ofEntries(
            Map.entry("fname", List.of("first", "name")), Map.entry("lname", List.of("last", "name")),
            Map.entry("stuid", List.of("student", "id")), Map.entry("qty", List.of("quantity")),
            Map.entry("amt", List.of("amount")), Map.entry("dept", List.of("department")),
            Map.entry("emp", List.of("employee")), Map.entry("cust", List.of("customer")),
            Map.entry("addr", List.of("address")), Map.entry("dob", List.of("date", "of", "birth")),
            Map.entry("mgr", List.of("manager")), Map.entry("yr", List.of("year")),
            Map.entry("desc", List.of("description")), Map.entry("num", List.of("number")),
            Map.entry("no", List.of("number")), Map.entry("nbr", List.of("number")),
            Map.entry("pct", List.of("percent")), Map.entry("hp", List.of("horsepower")));

    private Words() {
    }

    /** {@link #split} with abbreviations expanded: {@code Fname} gives first, name. */
    static List<String> splitExpanded(String identifier) {
        List<String> out = new ArrayList<>();
        for (String w : split(identifier)) {
            out.addAll(ABBREVIATIONS.getOrDefault(w, List.of(w)));
        }
        return out;
    }

    /** Splits an identifier into lower-case words: {@code Net_Worth_Millions}, {@code netWorth}, {@code order2} */
    static List<String> split(String identifier) {
        return WordForms.split(identifier);
    }

    /** A light English stemmer: plural and a few common endings; identical words stem identically. */
    static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        String irregular = IRREGULAR.getOrDefault(w, WordForms.irregular(w));
        if (irregular != null) {
            return irregular;
        }
        if (w.equals("ids")) {
            return "id";
        }
        if (w.length() <= 3 || !w.chars().allMatch(Character::isLetter)) {
            return w;
        }
        return WordForms.singular(w);
    }

    static List<String> stems(List<String> words) {
        return words.stream().map(Words::stem).toList();
    }
}
