package org.nljdbc.translator.internal;

import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.Source;
import org.nljdbc.translator.TranslationFailedException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nljdbc.translator.internal.conversation.Conversation;
import org.nljdbc.translator.internal.conversation.ConversationAnswer;
import org.nljdbc.translator.internal.conversation.FollowUp;
import org.nljdbc.translator.internal.conversation.QueryTables;
import org.nljdbc.translator.internal.conversation.Resolution;
import org.nljdbc.translator.internal.conversation.Turn;

/**
 * Resolves a question against its conversation: an independent question goes down the chain as if asked alone; a
 * follow-up whose refinement is clear becomes a sure edit of the previous turn's SQL, through the checkpoint like
 * any other SQL (no model call); any other follow-up goes to the model with the earlier questions and their SQL. An
 * edit the guard refuses or the database rejects goes to the model too, when there is one; without one, a follow-up
 * is refused rather than answered as if it stood alone, which would answer another question.
 */
final class ConversationStage {
    private final Optional<ModelStage> model;
    private final Checkpoint checkpoint;
    private final StageObserver observer;

    ConversationStage(Optional<ModelStage> model, Checkpoint checkpoint, StageObserver observer) {
        this.model = model;
        this.checkpoint = checkpoint;
        this.observer = observer;
    }

    /** @param chain answers an independent question */
    <T> ConversationAnswer<T> answer(Question question, Conversation conversation, Chain chain, SqlRunner<T> runner)
            throws SQLException {
        Resolution resolution;
        try (StageObserver.Span span = observer.begin(Stage.CONVERSATION)) {
            resolution = conversation.resolve(question.text, question.catalog, question.dialect);
        }
        if (resolution instanceof Resolution.Independent) {
            return new ConversationAnswer<>(chain.answer(question, runner), null);
        }
        List<Turn> context = conversation.turns();
        FollowUp followUp;
        if (resolution instanceof Resolution.Edited edited) {
            String failure;
            Checkpoint.Outcome<T> outcome = checkpoint.pass(edited.sql(), Checkpoint.Author.OTHER, question, runner);
            if (outcome instanceof Checkpoint.Ran<T> ran) {
                return new ConversationAnswer<>(AnswerStage.answered(question, edited.sql(), ran,
                        Source.CONVERSATION, QueryTables.of(edited.sql(), question.dialect)), edited.followUp());
            } else if (outcome instanceof Checkpoint.Failed<T> failed) {
                if (model.isEmpty()) {
                    throw failed.error();
                }
                failure = "the database rejected the edited query: "
                        + DatabaseErrors.redact(failed.error().getMessage(), edited.sql(), question.catalog);
            } else {
                // Calcite's rejection does not stop SQL no model wrote, so what remains is the guard's refusal.
                Checkpoint.Refused<T> refused = (Checkpoint.Refused<T>) outcome;
                if (refused.refusal().reason().isSecurity() || model.isEmpty()) {
                    throw new PolicyRefusedException(refused.refusal(), edited.sql());
                }
                failure = "the guard refused the edited query: " + refused.refusal().message();
            }
            List<String> edits = new ArrayList<>(edited.followUp().edits());
            edits.add("llm: " + failure);
            followUp = new FollowUp(edited.followUp().ofTurn(), edits, "llm");
        } else {
            followUp = ((Resolution.NeedsModel) resolution).followUp();
        }
        if (model.isEmpty()) {
            Turn previous = context.get(context.size() - 1);
            throw new TranslationFailedException("\"" + question.text + "\" is a follow-up of \"" + previous.question()
                    + "\" that cannot be made as a sure edit of its query (" + followUp.edits().get(
                    followUp.edits().size() - 1).replaceFirst("^llm: ", "") + "); it needs a model (set "
                    + "nl.llm.provider) or a complete question. NL RESET starts a fresh conversation");
        }
        return new ConversationAnswer<>(model.get().translate(question.following(context), runner, null), followUp);
    }

    /** The stages an independent question goes through. */
    interface Chain {
        <T> Answer<T> answer(Question question, SqlRunner<T> runner) throws SQLException;
    }
}
