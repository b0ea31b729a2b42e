package org.nljdbc.driver.observe;

import java.sql.SQLException;
import java.util.List;
import org.nljdbc.translator.LlmUnavailableException;
import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.TranslationFailedException;

/**
 * Records one NL statement once it is answered or refused: the counters of the process and the connection, the
 * end-to-end timer, the question's trace span and the audit line. Every tag value comes from a small fixed set (or
 * is an SQLState).
 */
public final class Questions {
    private Questions() {
    }

    /**
     * Who asked, on which connection; the same for every statement of a connection. {@code process} and
     * {@code connection} are where its measures go: the process's and the connection's statistics, or
     * {@link Statistics#off()} for both under {@code nl.metrics=off}.
     */
    public record Asker(String user, String applicationName, long connectionId, boolean audit, Statistics connection,
                        Statistics process) {
        /** An asker whose measures go to the process's statistics and {@code connection}. */
        public Asker(String user, String applicationName, long connectionId, boolean audit, Statistics connection) {
            this(user, applicationName, connectionId, audit, connection, Statistics.process());
        }
    }

    /**
     * What a statement did. {@code sql} is the SQL as it runs, whose tenant value (if any) is a bound {@code ?};
     * the bound values themselves are never passed here.
     */
    public record Outcome(String form, String question, String sql, String source, boolean followUpEdit,
                          List<String> rewrites, boolean tenantBound, int promptTokens, int completionTokens,
                          double cost) {
    }

    /**
     * An answered statement whose rows the caller reads next: {@link #read} is called once, when the caller has read
     * them all or closed the result, and counts rows and bytes and writes the audit line, which carries them.
     */
    public static final class Answered {
        private final Asker asker;
        private final Audit.Entry entry;
        private boolean done;

        private Answered(Asker asker, Audit.Entry entry) {
            this.asker = asker;
            this.entry = entry;
        }

        /** The caller is done with the result, having read {@code rows} rows of about {@code bytes} bytes. */
        public void read(long rows, long bytes) {
            if (done) {
                return;
            }
            done = true;
            for (Statistics s : new Statistics[] {asker.process(), asker.connection()}) {
                s.count("nljdbc.rows", rows);
                s.count("nljdbc.bytes", bytes);
            }
            if (entry != null) {
                Audit.log(entry.withRows(rows, bytes));
            }
        }
    }

    /**
     * The tag of how a question was answered: {@code llm-free}, {@code cache}, {@code conversation}, {@code example},
     * {@code model}, or {@code prepared} (a prepared statement's plan run again).
     */
    static String sourceTag(String source, boolean followUpEdit) {
        if (followUpEdit) {
            return "conversation";
        }
        if (source == null) {
            return "none";
        }
        return switch (source) {
            case "symbolic" -> "llm-free";
            case "cache" -> "cache";
            case "llm" -> "model";
            case "example" -> "example";
            case "prepared" -> "prepared";
            default -> "other";
        };
    }

    /** Records an answered statement; its rows and audit line follow through {@link Answered#read}. */
    public static Answered ran(Asker asker, StageClock clock, Outcome o, long nanos) {
        return record(asker, clock, o, nanos, "ran");
    }

    /**
     * Records a question translated and checked without running ({@code verdict} and outcome {@code prepared}): a
     * prepared statement's plan, made when it is prepared or described. Its tokens and cost are reported here, when
     * they are spent, so a statement prepared and never executed still has them in the audit trail; the executions
     * that run the plan report the source {@code prepared} and no tokens.
     */
    public static void prepared(Asker asker, StageClock clock, Outcome o, long nanos) {
        record(asker, clock, o, nanos, "prepared").read(0, 0);
    }

    private static Answered record(Asker asker, StageClock clock, Outcome o, long nanos, String outcome) {
        String source = sourceTag(o.source(), o.followUpEdit());
        StageClock.Timing timing = clock.finish(outcome, source, null);
        for (Statistics s : new Statistics[] {asker.process(), asker.connection()}) {
            s.count("nljdbc.questions", 1, "form", o.form(), "outcome", outcome);
            s.count("nljdbc.questions.by.source", 1, "source", source);
            s.count("nljdbc.question.tokens.in", o.promptTokens());
            s.count("nljdbc.question.tokens.out", o.completionTokens());
            s.count("nljdbc.question.cost.micros", Math.round(o.cost() * 1_000_000));
            repairs(s, timing);
            s.time("nljdbc.question.duration", nanos, "form", o.form(), "outcome", outcome);
        }
        Audit.Entry entry = asker.audit() && Audit.enabled()
                ? new Audit.Entry(asker.user(), asker.applicationName(), asker.connectionId(), o.form(), o.question(),
                o.sql(), source, outcome, null, null, o.rewrites(), o.tenantBound(), 0, 0, nanos, timing.stageNanos(),
                o.promptTokens(), o.completionTokens(), o.cost())
                : null;
        return new Answered(asker, entry);
    }

    private static void repairs(Statistics s, StageClock.Timing timing) {
        if (timing.generations() > 1) {
            s.count("nljdbc.llm.repairs", timing.generations() - 1L);
        }
    }

    /** Records a statement that was refused or failed. */
    public static void failed(Asker asker, StageClock clock, String form, String question, Exception e, long nanos) {
        String state = e instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "none";
        boolean refused = e instanceof PolicyRefusedException || state.startsWith("42") || state.equals(Budget.SQLSTATE);
        String kind = e instanceof LlmUnavailableException ? "model"
                : e instanceof TranslationFailedException ? "translation"
                : e instanceof SQLException ? "database" : "internal";
        String outcome = refused ? "refused" : "failed";
        StageClock.Timing timing = clock.finish(outcome, "none", state);
        for (Statistics s : new Statistics[] {asker.process(), asker.connection()}) {
            s.count("nljdbc.questions", 1, "form", form, "outcome", outcome);
            if (refused) {
                s.count("nljdbc.refused", 1, "reason", state);
            } else {
                s.count("nljdbc.failed", 1, "kind", kind);
            }
            repairs(s, timing);
            s.time("nljdbc.question.duration", nanos, "form", form, "outcome", outcome);
        }
        if (asker.audit() && Audit.enabled()) {
            // The SQL that was refused, as the model or the LLM-free translator wrote it (it never ran).
            String sql = e instanceof PolicyRefusedException p ? p.sql() : null;
            Audit.log(new Audit.Entry(asker.user(), asker.applicationName(), asker.connectionId(), form, question,
                    sql, null, outcome, refused ? e.getMessage() : kind, state, List.of(), false, 0, 0, nanos,
                    timing.stageNanos(), 0, 0, 0));
        }
    }
}
