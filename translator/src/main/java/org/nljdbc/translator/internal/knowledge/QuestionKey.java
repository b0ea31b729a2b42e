package org.nljdbc.translator.internal.knowledge;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When two questions are "the same or nearly the same", deliberately strict, because a match reuses SQL without a
 * model: the questions are compared after normalisation (Unicode NFKC, lower case, every character other than a
 * letter or digit read as a space, the words {@code a}, {@code an}, {@code the} and {@code please} dropped), and are
 * nearly equal when the normalised word sequences are equal, or differ only in one word that is the other's plural
 * ({@code product}/{@code products}, {@code category}/{@code categories}). Numbers, dates, names and every other word
 * must be identical: "orders in 2023" never matches "orders in 2024".
 */
public final class QuestionKey {
    private static final Set<String> FILLER = Set.of("a", "an", "the", "please");

    private QuestionKey() {
    }

    /** The normalised words of {@code question}. */
    public static List<String> words(String question) {
        String n = Normalizer.normalize(question, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(n.length());
        n.codePoints().forEach(cp -> sb.appendCodePoint(Character.isLetterOrDigit(cp) ? cp : ' '));
        List<String> out = new ArrayList<>();
        for (String w : sb.toString().trim().split("\\s+")) {
            if (!w.isEmpty() && !FILLER.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** The normalised question as one line: what equal questions share. */
    public static String normalise(String question) {
        return String.join(" ", words(question));
    }

    /** A fixed-length key of the normalised question, for stores that index it. */
    public static String hash(String question) {
        return org.nljdbc.translator.internal.Digests.sha256Hex(normalise(question));
    }

    /** Whether {@code a} and {@code b} are equal or nearly equal in the sense above. */
    public static boolean nearlyEqual(String a, String b) {
        List<String> x = words(a);
        List<String> y = words(b);
        if (x.isEmpty() || x.size() != y.size()) {
            return false;
        }
        int differing = 0;
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).equals(y.get(i))) {
                if (++differing > 1 || !plural(x.get(i), y.get(i)) && !plural(y.get(i), x.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code p} is the regular English plural of {@code s}. */
    private static boolean plural(String s, String p) {
        if (s.length() < 3 || s.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        return p.equals(s + "s") || p.equals(s + "es")
                || s.endsWith("y") && p.equals(s.substring(0, s.length() - 1) + "ies");
    }
}
