package org.nljdbc.translator.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.internal.dialect.CostLimitExceededException;
import org.nljdbc.translator.internal.dialect.CostSettings;
import org.nljdbc.translator.internal.dialect.SqlValidationException;
import org.nljdbc.translator.internal.dialect.Validated;

/**
 * The only route of NL SQL to the database, whichever stage wrote it: the guard first (so that a forbidden table or
 * function is refused as such, never "repaired"), then Calcite's validation against the catalog, rendering for the
 * dialects models get wrong with the guard checking the very text that will run, the cost estimate with its
 * ceiling ({@code nl.maxCost}), and the run. Its {@link Outcome} says what became of the SQL. Thread-safe.
 */
final class Checkpoint {
    /** Who wrote the SQL: Calcite's rejection is sent back to a model for repair; other SQL runs as guarded. */
    enum Author { MODEL, OTHER }

    /** What became of one candidate. */
    sealed interface Outcome<T> permits Ran, Refused, Invalid, Failed {
    }

    /** The database ran it; {@code cost} is the estimate in one line, null when none was made. */
    record Ran<T>(T value, Verdict.Accepted accepted, String cost) implements Outcome<T> {
    }

    /** The guard refused the text that would have run. */
    record Refused<T>(Verdict.Refused refusal) implements Outcome<T> {
    }

    /** Calcite rejected a model's SQL before the database saw it; precise enough to repair from. */
    record Invalid<T>(SqlValidationException error) implements Outcome<T> {
    }

    /**
     * The database rejected it in a way a rewrite may fix; timeouts, lost connections and the cost ceiling are
     * thrown instead, since no rewrite fixes them.
     */
    record Failed<T>(SQLException error) implements Outcome<T> {
    }

    private final Optional<Translator.DialectStage> dialects;
    private final StageObserver observer;

    Checkpoint(Optional<Translator.DialectStage> dialects, StageObserver observer) {
        this.dialects = dialects;
        this.observer = observer;
    }

    /** Checks {@code sql} for {@code question} and, when it passes, runs it with {@code runner}. */
    <T> Outcome<T> pass(String sql, Author author, Question question, SqlRunner<T> runner) throws SQLException {
        Checked checked;
        try (StageObserver.Span span = observer.begin(Stage.CHECKPOINT)) {
            checked = check(sql, question);
        }
        if (checked.invalid != null && author == Author.MODEL) {
            return new Invalid<>(checked.invalid);
        }
        if (checked.verdict instanceof Verdict.Refused refused) {
            return new Refused<>(refused);
        }
        Verdict.Accepted accepted = (Verdict.Accepted) checked.verdict;
        try {
            String cost = estimate(checked.validated, accepted, question, runner);
            T value;
            try (StageObserver.Span span = observer.begin(Stage.EXECUTION)) {
                value = runner.run(accepted);
            }
            return new Ran<>(value, accepted, cost);
        } catch (SQLException e) {
            if (!isRepairable(e) || e instanceof CostLimitExceededException) {
                throw e;
            }
            return new Failed<>(e);
        }
    }

    /** The guard's verdict on the text that will run, with Calcite's validation (or its rejection) when present. */
    private record Checked(Verdict verdict, Validated validated, SqlValidationException invalid) {
    }

    private Checked check(String sql, Question question) {
        Verdict verdict = question.guard.check(sql, question.dialect, question.visible());
        if (dialects.isEmpty() || !(verdict instanceof Verdict.Accepted)) {
            return new Checked(verdict, null, null);
        }
        Validated validated;
        try {
            validated = dialects.get().pipeline().validate(sql, question.catalog, question.dialect);
        } catch (SqlValidationException e) {
            // Not the model's SQL: it runs as the guard accepted it, without a cost estimate.
            return new Checked(verdict, null, e);
        }
        if (dialects.get().render().contains(question.dialect)) {
            String rendered = dialects.get().pipeline().render(validated, question.dialect).sql();
            if (!rendered.equals(sql)) {
                verdict = question.guard.check(rendered, question.dialect, question.visible());
            }
        }
        return new Checked(verdict, validated, null);
    }

    /**
     * Calcite's estimate (and the database's EXPLAIN when {@code nl.cost.explain} is on and the runner offers a
     * connection), checked against {@code nl.maxCost}; a query over the ceiling is refused, not repaired. Null when
     * Calcite could not check the SQL.
     */
    private String estimate(Validated validated, Verdict.Accepted accepted, Question question, SqlRunner<?> runner)
            throws SQLException {
        if (dialects.isEmpty() || validated == null || !validated.checked()) {
            return null;
        }
        try (StageObserver.Span span = observer.begin(Stage.CHECKPOINT)) {
            CostSettings settings = dialects.get().cost();
            // Parameter markers (tenant filters) cannot be EXPLAINed unbound; Calcite's estimate still applies.
            java.sql.Connection explainOn = settings.explain() && accepted.parameters().isEmpty()
                    ? runner.explainConnection().orElse(null) : null;
            return dialects.get().pipeline().estimate(validated, settings, explainOn, accepted.sql(), question.dialect)
                    .describe();
        }
    }

    /** Database errors about the query itself can be repaired; timeouts and lost connections cannot. */
    static boolean isRepairable(SQLException e) {
        if (e instanceof SQLTimeoutException || e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException) {
            return false;
        }
        String state = e.getSQLState();
        return state == null || !(state.startsWith("08") || state.startsWith("57") || state.startsWith("HY"));
    }
}
