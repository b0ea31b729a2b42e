package org.nljdbc.translator.internal.symbolic;

import java.util.List;

/**
 * Why the LLM-free translator did not answer.
 *
 * @param reason        one sentence a user can read ("\"except\" needs a combination of result sets")
 * @param notUnderstood the words of the question responsible; may be empty when the whole is too uncertain
 * @param confidence    how sure it was of the SQL it would have written (0 when it wrote none)
 */
public record Abstention(String reason, List<String> notUnderstood, double confidence) implements SymbolicOutcome {
    public Abstention {
        notUnderstood = List.copyOf(notUnderstood);
    }

    /** The reason with the words not understood, for an error message. */
    public String describe() {
        return notUnderstood.isEmpty() ? reason
                : reason + " (not understood: " + String.join(", ", notUnderstood.stream().map(w -> "\"" + w + "\"")
                        .toList()) + ")";
    }
}
