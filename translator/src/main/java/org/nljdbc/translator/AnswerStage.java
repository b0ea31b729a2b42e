package org.nljdbc.translator;

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
}
