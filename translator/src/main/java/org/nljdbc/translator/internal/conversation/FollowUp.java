package org.nljdbc.translator.internal.conversation;

import java.util.List;

/**
 * How a question was resolved as a follow-up of an earlier turn.
 *
 * @param ofTurn     the turn it refines
 * @param edits      the edits applied to that turn's SQL, in order, each {@code kind: what}, e.g.
 *                   {@code filter: regions.name = 'Europe'}; for {@code llm} the reason the model was asked
 * @param resolvedBy {@code edit} when the SQL was edited without a model, {@code llm} when the model refined it
 */
public record FollowUp(int ofTurn, List<String> edits, String resolvedBy) {
    public FollowUp {
        edits = List.copyOf(edits);
    }
}
