package org.nljdbc.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.nljdbc.driver.observe.Questions;
import org.nljdbc.driver.observe.StageClock;

/**
 * Records the questions that run from a plan (a wrapped question, {@code SELECT ... FROM (NL: ...) t}, and a
 * prepared NL statement) as {@code NlStatement#runNl} records the others: the counters, the end-to-end timer, the
 * question's trace span and one audit line per execution. A translation is reported once, when it is made: a plan
 * made while a statement is prepared (or described by {@code getMetaData}) has its own line with verdict
 * {@code prepared}, its tokens and cost, so a statement prepared and never executed is still accounted for; the
 * executions that run it report the source {@code prepared} and no tokens. A plan made during an execution (its
 * catalog changed, or a question with parameters filled in) is reported by that execution. A question refused
 * when it is prepared has its own line.
 */
final class ObservedPlans {
    /** The source of an execution that reuses a plan already reported. */
    static final String REUSED = "prepared";

    private ObservedPlans() {
    }

    /** Runs a plan on the statement; true when the plan was made for it (its translation not reported yet). */
    interface Execution {
        boolean run() throws SQLException;
    }

    /** Makes a plan when a statement is prepared. */
    interface Planning {
        NlPlan plan() throws SQLException;
    }

    /** The statement form of a planned question: {@code wrapped} inside SQL, else {@code query}. */
    static String formOf(WrappedQuestion wrapped) {
        return wrapped != null ? "wrapped" : "query";
    }

    /** Runs {@code execution} on {@code statement} as one recorded question; its rows become the result. */
    static void run(NlStatement statement, String form, String question, Execution execution) throws SQLException {
        NlConnection connection = statement.connection;
        StageClock clock = connection.stages;
        clock.start(form);
        long start = System.nanoTime();
        boolean fresh;
        try {
            fresh = execution.run();
        } catch (SQLException | RuntimeException e) {
            Questions.failed(NlRecorder.asker(connection), clock, form, question, e, System.nanoTime() - start);
            throw e;
        } catch (Error e) {
            clock.finish("failed", "none", null); // ends the trace span: it must not stay current on this thread
            throw e;
        }
        NlResult r = statement.unwrap(NlResult.class);
        double cost = connection.runtime.price.cost(r.promptTokens(), r.completionTokens());
        r.estimatedCost(cost);
        Questions.Answered answered = Questions.ran(NlRecorder.asker(connection), clock, new Questions.Outcome(form,
                r.question(), r.sql(), fresh ? r.source() : REUSED, false, r.rewrites(), !r.parameters().isEmpty(),
                fresh ? r.promptTokens() : 0, fresh ? r.completionTokens() : 0, fresh ? cost : 0),
                System.nanoTime() - start);
        ResultSet rs = statement.getResultSet();
        if (rs instanceof NlResultSet rows) {
            rows.whenDone(answered); // rows and bytes are known once the caller has read them
        } else {
            answered.read(0, 0);
        }
    }

    /**
     * Makes the plan of a statement being prepared or described, outside any execution, and records it as a
     * {@code prepared} question (with its tokens and cost); a refusal or failure is recorded as a question too.
     */
    static NlPlan prepare(NlConnection connection, String form, String question, Planning planning)
            throws SQLException {
        StageClock clock = connection.stages;
        clock.start(form);
        long start = System.nanoTime();
        try {
            NlPlan plan = planning.plan();
            org.nljdbc.translator.internal.Translation t = plan.translation();
            double cost = connection.runtime.price.cost(t.promptTokens(), t.completionTokens());
            Questions.prepared(NlRecorder.asker(connection), clock, new Questions.Outcome(form,
                    t.question() != null ? t.question() : question, t.sql(), t.source().tag(), false, t.rewrites(),
                    !t.parameters().isEmpty(), t.promptTokens(), t.completionTokens(), cost), System.nanoTime() - start);
            return plan;
        } catch (SQLException | RuntimeException e) {
            Questions.failed(NlRecorder.asker(connection), clock, form, question, e, System.nanoTime() - start);
            throw e;
        } catch (Error e) {
            clock.finish("failed", "none", null);
            throw e;
        }
    }
}
