package org.nljdbc.driver;

import java.sql.ResultSet;
import org.nljdbc.driver.observe.Questions;

/** What an answered NL statement leaves in the metrics, the trace and the audit trail (see the observe package). */
final class NlRecorder {
    private NlRecorder() {
    }

    /** Who asked, for the audit line and the per-connection statistics. */
    static Questions.Asker asker(NlConnection connection) {
        return new Questions.Asker(connection.databaseUser, connection.applicationName(),
                connection.id, connection.runtime.audit, connection.stats, connection.runtime.processStatistics());
    }

    /** The statement form as a tag: {@code query}, {@code showsql}, ... */
    static String formOf(NlCommand command) {
        return FORMS[command.kind().ordinal()];
    }

    /** The tags of the forms, made once: a tag is a key of every measure of a question. */
    private static final String[] FORMS = java.util.Arrays.stream(NlCommand.Kind.values())
            .map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);

    /**
     * Records a statement that answered {@code r}; a query's rows and bytes are recorded once the caller has read
     * them.
     *
     * @param start {@link System#nanoTime()} when the statement began
     */
    static void ran(NlConnection connection, NlCommand command, NlResult r, ResultSet results, long start) {
        boolean edit = r.isFollowUp() && !r.followUp().byModel();
        Questions.Answered answered = Questions.ran(asker(connection), connection.stages,
                new Questions.Outcome(formOf(command), r.question(), r.sql(), r.source(),
                        edit, r.rewrites(), !r.parameters().isEmpty(), r.promptTokens(), r.completionTokens(),
                        r.estimatedCost()), System.nanoTime() - start);
        if (command.kind() == NlCommand.Kind.QUERY && results instanceof NlResultSet rows) {
            rows.whenDone(answered);
        } else {
            answered.read(0, 0);
        }
    }
}
