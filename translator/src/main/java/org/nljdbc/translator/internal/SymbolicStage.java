package org.nljdbc.translator.internal;

import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.Source;

import java.sql.SQLException;
import java.util.Optional;
import org.nljdbc.translator.internal.symbolic.Abstention;
import org.nljdbc.translator.internal.symbolic.SymbolicAnswer;
import org.nljdbc.translator.internal.symbolic.SymbolicOutcome;
import org.nljdbc.translator.internal.symbolic.SymbolicTranslator;

/**
 * The LLM-free translator: a confident answer goes through the checkpoint exactly like a model's. It passes to the
 * next stage when it abstains (noting why, for {@link NoAnswerStage}), and when its SQL fails in a way a model
 * following it may do better (a non-security refusal, a repairable database error); without a model following,
 * such a failure is thrown.
 */
final class SymbolicStage implements AnswerStage {
    private final SymbolicTranslator translator;
    private final boolean modelFollows;
    private final Checkpoint checkpoint;
    private final StageObserver observer;

    SymbolicStage(SymbolicTranslator translator, boolean modelFollows, Checkpoint checkpoint, StageObserver observer) {
        this.translator = translator;
        this.modelFollows = modelFollows;
        this.checkpoint = checkpoint;
        this.observer = observer;
    }

    @Override
    public <T> Optional<Answer<T>> answer(Question question, SqlRunner<T> runner) throws SQLException {
        SymbolicOutcome outcome;
        try (StageObserver.Span span = observer.begin(Stage.SYMBOLIC)) {
            outcome = translator.attempt(question.text, question.catalog, question.dialect);
        }
        if (outcome instanceof Abstention abstention) {
            question.abstention = abstention.describe();
            return Optional.empty();
        }
        if (!(outcome instanceof SymbolicAnswer confident)) {
            return Optional.empty();
        }
        String sql = confident.sql();
        Checkpoint.Outcome<T> passed = checkpoint.pass(sql, Checkpoint.Author.OTHER, question, runner);
        if (passed instanceof Checkpoint.Ran<T> ran) {
            return Optional.of(AnswerStage.answered(question, sql, ran, Source.SYMBOLIC, confident.tables()));
        }
        if (passed instanceof Checkpoint.Refused<T> refused
                && (refused.refusal().reason().isSecurity() || !modelFollows)) {
            throw new PolicyRefusedException(refused.refusal(), sql);
        }
        if (passed instanceof Checkpoint.Failed<T> failed && !modelFollows) {
            throw failed.error();
        }
        return Optional.empty();
    }
}
