package org.nljdbc.driver.observe;

import java.sql.SQLException;
import java.util.List;
import org.nljdbc.translator.LlmUnavailableException;
import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.TranslationFailedException;

/**
 * Records one NL statement once it is answered or refused: the counters of the process and the connection, the
 * end-to-end timer, and the audit line. Every tag value comes from a small fixed set (or is an SQLState).
 */
public final class Questions {
    private Questions() {
    }

    /** Who asked, on which connection; the same for every statement of a connection. */
    public record Asker(String user, String applicationName, long connectionId, boolean audit, Statistics connection) {
    }

    /**
     * What a statement did. {@code sql} is the SQL as it runs, whose tenant value (if any) is a bound {@code ?};
     * the bound values themselves are never passed here.
     */
    public record Outcome(String form, String question, String sql, String source, boolean followUpEdit,
                          List<String> rewrites, boolean tenantBound, int promptTokens, int completionTokens,
                          double cost) {
    }

    /** The tag of how a question was answered: {@code llm-free}, {@code cache}, {@code conversation} or {@code model}. */
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
            default -> "other";
        };
    }

    /** Records an answered statement. */
    public static void ran(Asker asker, Outcome o, long nanos) {
        String source = sourceTag(o.source(), o.followUpEdit());
        for (Statistics s : new Statistics[] {Statistics.process(), asker.connection()}) {
            s.count("nljdbc.questions", 1, "form", o.form(), "outcome", "ran");
            s.count("nljdbc.questions.by.source", 1, "source", source);
            if ("cache".equals(o.source()) || "llm".equals(o.source())) {
                s.count("nljdbc.cache.lookups", 1, "result", "cache".equals(o.source()) ? "hit" : "miss");
            }
            s.count("nljdbc.question.tokens.in", o.promptTokens());
            s.count("nljdbc.question.tokens.out", o.completionTokens());
            s.count("nljdbc.question.cost.micros", Math.round(o.cost() * 1_000_000));
            s.time("nljdbc.question.duration", nanos, "form", o.form(), "outcome", "ran");
        }
        if (asker.audit() && Audit.enabled()) {
            Audit.log(new Audit.Entry(asker.user(), asker.applicationName(), asker.connectionId(), o.form(),
                    o.question(), o.sql(), source, "ran", null, null, o.rewrites(), o.tenantBound(), nanos,
                    o.promptTokens(), o.completionTokens(), o.cost()));
        }
    }

    /** Records a statement that was refused or failed. */
    public static void failed(Asker asker, String form, String question, Exception e, long nanos) {
        String state = e instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "none";
        boolean refused = e instanceof PolicyRefusedException || state.startsWith("42") || state.equals(Budget.SQLSTATE);
        String kind = e instanceof LlmUnavailableException ? "model"
                : e instanceof TranslationFailedException ? "translation"
                : e instanceof SQLException ? "database" : "internal";
        String outcome = refused ? "refused" : "failed";
        for (Statistics s : new Statistics[] {Statistics.process(), asker.connection()}) {
            s.count("nljdbc.questions", 1, "form", form, "outcome", outcome);
            if (refused) {
                s.count("nljdbc.refused", 1, "reason", state);
            } else {
                s.count("nljdbc.failed", 1, "kind", kind);
            }
            s.time("nljdbc.question.duration", nanos, "form", form, "outcome", outcome);
        }
        if (asker.audit() && Audit.enabled()) {
            Audit.log(new Audit.Entry(asker.user(), asker.applicationName(), asker.connectionId(), form, question,
                    null, null, outcome, refused ? e.getMessage() : kind, state, List.of(), false, nanos, 0, 0, 0));
        }
    }

    /** Counts rows a caller read to the end of an NL result. */
    public static void rows(Statistics connection, long rows) {
        Statistics.process().count("nljdbc.rows", rows);
        connection.count("nljdbc.rows", rows);
    }
}
