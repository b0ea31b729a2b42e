package org.nljdbc.translator.internal.symbolic;

import java.util.List;
import java.util.Map;

/**
 * SQL the LLM-free translator is confident enough to run.
 *
 * @param sql        one SELECT in the requested dialect; it still goes through the guard like any generated SQL
 * @param confidence in (0, 1]; at least the translator's {@code minConfidence}
 * @param understood the phrases of the question it used, in order ("how many", "orders", "in 2024", ...)
 * @param tables     tables the SQL reads
 * @param guesses    the named guesses that lowered the confidence, each with how many times it was made (empty when
 *                   the translator made none: then the confidence is 1); names as {@link #guessFactor} takes them
 */
public record SymbolicAnswer(String sql, double confidence, List<String> understood, List<String> tables,
                             Map<String, Integer> guesses) implements SymbolicOutcome {
    public SymbolicAnswer {
        understood = List.copyOf(understood);
        tables = List.copyOf(tables);
        guesses = Map.copyOf(guesses);
    }

    /** An answer whose guesses are not told. */
    public SymbolicAnswer(String sql, double confidence, List<String> understood, List<String> tables) {
        this(sql, confidence, understood, tables, Map.of());
    }

    /**
     * The factor one {@code guess} (a name from {@link #guesses}) multiplies the confidence by, so that an evaluation
     * can weigh it differently without translating again: the SQL does not depend on the factors.
     *
     * @throws IllegalArgumentException for a name that is no guess
     */
    public static double guessFactor(String guess) {
        return Doubt.valueOf(guess).factor;
    }
}
