package org.nljdbc.translator.internal.knowledge;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The verified examples most like a question, lexically (no embeddings): the Jaccard overlap of their normalised
 * words, stop words left out; ties keep the examples' order. Examples sharing no content word are never chosen.
 */
public final class ExampleRanker {
    private static final Set<String> STOP = Set.of("what", "which", "who", "how", "many", "much", "is", "are", "was",
            "were", "of", "in", "on", "for", "by", "to", "and", "or", "with", "show", "list", "give", "me", "all",
            "each", "per", "do", "does", "did", "there", "that", "have", "has");

    private ExampleRanker() {
    }

    public static List<VerifiedExample> top(String question, List<VerifiedExample> examples, int k) {
        Set<String> q = content(question);
        record Scored(VerifiedExample e, double score, int order) {
        }
        List<Scored> scored = new java.util.ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            double s = similarity(q, content(examples.get(i).question()));
            if (s > 0) {
                scored.add(new Scored(examples.get(i), s, i));
            }
        }
        return scored.stream().sorted(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparingInt(Scored::order)).limit(k).map(Scored::e).toList();
    }

    static Set<String> content(String text) {
        Set<String> out = new HashSet<>();
        for (String w : QuestionKey.words(text)) {
            if (!STOP.contains(w)) {
                out.add(w.length() > 3 && w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
            }
        }
        return out;
    }

    static double similarity(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        Set<String> inter = new HashSet<>(a);
        inter.retainAll(b);
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return (double) inter.size() / union.size();
    }
}
