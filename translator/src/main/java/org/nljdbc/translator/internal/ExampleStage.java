package org.nljdbc.translator.internal;

import org.nljdbc.translator.Source;

import java.sql.SQLException;
import java.util.Optional;
import org.nljdbc.translator.internal.knowledge.Knowledge;
import org.nljdbc.translator.internal.knowledge.VerifiedExample;

/**
 * A question equal or nearly equal to a verified example reuses its SQL, without a model, through the checkpoint
 * under the current catalog and policy: a security refusal is final (the policy now forbids what was verified); SQL
 * that no longer passes or runs leaves the question to the next stages.
 */
final class ExampleStage implements AnswerStage {
    private final Knowledge knowledge;
    private final Checkpoint checkpoint;
    private final StageObserver observer;

    ExampleStage(Knowledge knowledge, Checkpoint checkpoint, StageObserver observer) {
        this.knowledge = knowledge;
        this.checkpoint = checkpoint;
        this.observer = observer;
    }

    @Override
    public <T> Optional<Answer<T>> answer(Question question, SqlRunner<T> runner) throws SQLException {
        Optional<VerifiedExample> example;
        try (StageObserver.Span span = observer.begin(Stage.EXAMPLES)) {
            example = knowledge.verified(question.text);
        }
        if (example.isEmpty()) {
            return Optional.empty();
        }
        return AnswerStage.reuse(question, example.get().sql(), Source.EXAMPLE, checkpoint, runner);
    }
}
