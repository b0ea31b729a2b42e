package org.nljdbc.translator.internal;

import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.Source;

import java.sql.SQLException;
import java.util.Optional;
import org.nljdbc.guard.Verdict;

/**
 * One way of answering a question, a link of the {@link Translator}'s chain: it answers through the
 * {@link Checkpoint}, passes (empty) to the next stage, or throws a failure no later stage could mend (a security
 * refusal, a dead database, the cost ceiling). Thread-safe.
 */
interface AnswerStage {
    <T> Optional<Answer<T>> answer(Question question, SqlRunner<T> runner) throws SQLException;

    /** An answer of SQL that no model wrote just now: no tokens, the SQL as written the one attempt. */
    static <T> Answer<T> answered(Question question, String written, Checkpoint.Ran<T> ran, Source source,
                                  java.util.List<String> tables) {
        Verdict.Accepted accepted = ran.accepted();
        return new Answer<>(ran.value(), new Translation(question.text, accepted.sql(), accepted.parameters(),
                accepted.rewrites(), source, tables, java.util.List.of(new Attempt(written, null, 0, 0)), 0, 0, 0, 0,
                ran.cost()));
    }

    /**
     * Runs SQL written for the question elsewhere (a verified example, a prepared shape's template) through the
     * checkpoint as SQL no model wrote just now: a security refusal is thrown; empty when it no longer passes or
     * runs, so the question goes on to be translated.
     */
    static <T> Optional<Answer<T>> reuse(Question question, String sql, Source source, Checkpoint checkpoint,
                                         SqlRunner<T> runner) throws SQLException {
        Checkpoint.Outcome<T> outcome = checkpoint.pass(sql, Checkpoint.Author.OTHER, question, runner);
        if (outcome instanceof Checkpoint.Ran<T> ran) {
            return Optional.of(answered(question, sql, ran, source,
                    org.nljdbc.translator.internal.conversation.QueryTables.of(sql, question.dialect)));
        }
        if (outcome instanceof Checkpoint.Refused<T> refused && refused.refusal().reason().isSecurity()) {
            throw new PolicyRefusedException(refused.refusal(), sql);
        }
        return Optional.empty();
    }
}
