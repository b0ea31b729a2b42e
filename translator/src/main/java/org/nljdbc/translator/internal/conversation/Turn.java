package org.nljdbc.translator.internal.conversation;

import java.util.List;

/**
 * One answered question of a conversation.
 *
 * @param number   1-based position in the conversation since it was last cleared
 * @param question the question as asked
 * @param baseSql  the SQL as generated, before the guard's rewrites: what the next follow-up edits
 * @param sql      the SQL exactly as it ran (or would run, for SHOWSQL)
 * @param columns  the result's columns; empty when the statement did not run
 * @param rowCount rows read by the caller, or -1 while unknown (a streamed result is counted only once it is read)
 * @param followUp how this turn refined an earlier one; null for an independent question
 */
public record Turn(int number, String question, String baseSql, String sql, List<Column> columns, long rowCount,
                   FollowUp followUp) {
    public Turn {
        columns = List.copyOf(columns);
    }

    /** A result column: its label and the database's type name. */
    public record Column(String name, String typeName) {
    }

    Turn withRowCount(long rows) {
        return new Turn(number, question, baseSql, sql, columns, rows, followUp);
    }
}
