package org.nljdbc.translator.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one home of word normalisation over catalog names and questions: splitting identifiers into words, plural
 * to singular, and the irregular plurals. Retrieval ({@code Terms}), the symbolic translator ({@code Words}) and
 * follow-up edits ({@code Names}) build their own term shapes on these. Where they differ the difference is a
 * named variant here, kept because each side's index and questions were tuned against it: changing one would move
 * that translator's answers.
 */
public final class WordForms {
    /** Plurals no suffix rule undoes, and words the rules would wrongly cut; shared by both stemmers. */
    private static final Map<String, String> IRREGULAR = Map.ofEntries(Map.entry("people", "person"),
            Map.entry("children", "child"), Map.entry("men", "man"), Map.entry("women", "woman"),
            Map.entry("feet", "foot"), Map.entry("mice", "mouse"), Map.entry("data", "data"),
            Map.entry("series", "series"), Map.entry("status", "status"), Map.entry("address", "address"),
            Map.entry("class", "class"));

    private WordForms() {
    }

    /** The singular of an irregular plural (or the word itself when the rules must leave it), or null. */
    public static String irregular(String lowerWord) {
        return IRREGULAR.get(lowerWord);
    }

    /**
     * The regular plural rules on a lower-case word: {@code -ies} to {@code -y}, {@code -sses}, {@code -xes},
     * {@code -ches}, {@code -shes}, {@code -zes} lose {@code es}, and a final {@code s} goes unless after s, u or i.
     * Callers decide which words it applies to (the stemmers skip short words and words with digits).
     */
    public static String singular(String w) {
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes")
                || w.endsWith("zes")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /**
     * The older singular follow-up edits compare names with (whole lower-case phrases such as "order items"): no
     * {@code -zes} rule and a final {@code s} goes after an i too, in words over three letters. A variant, not a
     * mistake to fix here: it decides which follow-ups name a table, and the symbolic translator's rule decides
     * which questions it answers.
     */
    public static String phraseSingular(String w) {
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

    /**
     * An identifier's lower-case words, split at non-alphanumerics, lower-to-upper case changes and letter/digit
     * changes: {@code Net_Worth_Millions}, {@code netWorth}, {@code order2}. An acronym stays one word with what
     * follows ({@code HTMLParser} is one word): the symbolic lexicon's phrases are built this way.
     */
    public static List<String> split(String identifier) {
        return split(identifier, false);
    }

    /**
     * {@link #split}, and an acronym ends before an upper-case letter followed by a lower-case one
     * ({@code HTMLParser} is html, parser): retrieval's terms are built this way, letter by letter lower-cased.
     */
    public static List<String> splitAcronyms(String identifier) {
        return split(identifier, true);
    }

    private static List<String> split(String name, boolean acronyms) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int n = name.length();
        for (int i = 0; i < n; i++) {
            char ch = name.charAt(i);
            if (!Character.isLetterOrDigit(ch)) {
                flush(cur, out, acronyms);
                continue;
            }
            if (cur.length() > 0) {
                char prev = name.charAt(i - 1);
                boolean lowerToUpper = Character.isLowerCase(prev) && Character.isUpperCase(ch);
                boolean acronymEnd = acronyms && Character.isUpperCase(prev) && Character.isUpperCase(ch)
                        && i + 1 < n && Character.isLowerCase(name.charAt(i + 1));
                boolean digitChange = Character.isDigit(prev) != Character.isDigit(ch);
                if (lowerToUpper || acronymEnd || digitChange) {
                    flush(cur, out, acronyms);
                }
            }
            cur.append(acronyms ? Character.toLowerCase(ch) : ch);
        }
        flush(cur, out, acronyms);
        return out;
    }

    private static void flush(StringBuilder cur, List<String> out, boolean lowered) {
        if (cur.length() > 0) {
            out.add(lowered ? cur.toString() : cur.toString().toLowerCase(Locale.ROOT));
            cur.setLength(0);
        }
    }
}
