package org.nljdbc.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nljdbc.translator.internal.Translation;
import org.nljdbc.translator.internal.conversation.Conversation;
import org.nljdbc.translator.internal.conversation.FollowUp;
import org.nljdbc.translator.internal.conversation.Turn;
import org.nljdbc.translator.internal.explain.ChartAdvisor;

/** What an answered question leaves behind: its turn of the conversation, its follow-up note, its result's shape. */
final class AnswerTurns {
    private AnswerTurns() {
    }

    /** A question answered with rows on a connection and the SQL that ran before the guard's rewrites. */
    record LastAnswer(String question, String sql, boolean followUp) {
    }

    /** Remembers an answered question; what a follow-up edits is the SQL before the guard's rewrites. */
    static Turn remember(Conversation conversation, String question, Translation translation, List<Turn.Column> columns, FollowUp followUp) {
        String base = baseSql(translation);
        // The row count of a streamed result is only known once the caller has read it: it stays unknown (-1).
        return conversation.record(question, base, translation.sql(), columns, followUp);
    }

    static Optional<String> followUpWarning(FollowUp f) {
        return f == null ? Optional.empty() : Optional.of("follow-up of turn " + f.ofTurn() + " (" + f.resolvedBy()
                + "): " + String.join("; ", f.edits()));
    }

    static List<Turn.Column> columnsOf(ResultSet rs) {
        try {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            List<Turn.Column> cols = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                cols.add(new Turn.Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
            }
            return cols;
        } catch (SQLException e) {
            return List.of();
        }
    }

    /** Chart advice from the result's own column types; the row count is unknown until it is read. */
    static ChartAdvisor.Advice chartOf(ResultSet rs) {
        try {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            List<ChartAdvisor.ResultColumn> cols = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                cols.add(ChartAdvisor.ResultColumn.ofJdbcType(md.getColumnLabel(i), md.getColumnType(i)));
            }
            return ChartAdvisor.advise(cols, -1);
        } catch (SQLException e) {
            return null;
        }
    }

    /** The SQL of the attempt that passed, before the guard's rewrites (what a wrapper or a follow-up builds on). */
    static String baseSql(Translation translation) {
        List<org.nljdbc.translator.internal.Attempt> attempts = translation.attempts();
        return attempts.isEmpty() || attempts.get(attempts.size() - 1).sql() == null ? translation.sql()
                : attempts.get(attempts.size() - 1).sql();
    }
}
