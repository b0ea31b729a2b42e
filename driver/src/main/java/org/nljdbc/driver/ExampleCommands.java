package org.nljdbc.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.nljdbc.translator.internal.knowledge.Knowledge;
import org.nljdbc.translator.internal.knowledge.VerifiedExample;

/** The verified-example forms: {@code NL REMEMBER}, {@code NL FORGET: q} and {@code NL EXAMPLES}. */
final class ExampleCommands {
    private ExampleCommands() {
    }

    /**
     * {@code NL REMEMBER} stores the connection's last answered question and its SQL as a verified example;
     * {@code NL FORGET: q} removes one; {@code NL EXAMPLES} lists those that read only tables this connection's
     * catalog shows (question, sql, policy), as the prompt's few-shot examples are chosen.
     */
    static ResultSet answer(NlStatement st, NlCommand command) throws SQLException {
        NlConnection connection = st.connection;
        Knowledge knowledge = connection.runtime.knowledge;
        try {
            switch (command.kind()) {
                case REMEMBER -> {
                    AnswerTurns.LastAnswer last = connection.lastAnswered;
                    if (last == null) {
                        throw new SQLException("NL REMEMBER stores the last question answered on this connection, "
                                + "and none has been: ask it with NL: first", "42000");
                    }
                    if (last.followUp()) {
                        throw new SQLException("\"" + last.question() + "\" refined an earlier question, so it does "
                                + "not stand on its own: ask the whole question with NL:, then NL REMEMBER", "42000");
                    }
                    knowledge.remember(new VerifiedExample(last.question(), last.sql(),
                            connection.runtime.policy.fingerprint()));
                    return InMemoryResults.single(st, new String[] {"status", "question", "sql"},
                            new Object[] {"remembered", last.question(), last.sql()});
                }
                case FORGET -> {
                    NlCommand.requireQuestion(command.question());
                    boolean gone = knowledge.forget(command.question());
                    return InMemoryResults.single(st, new String[] {"status", "question"},
                            new Object[] {gone ? "forgotten" : "no such example", command.question()});
                }
                default -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (VerifiedExample e : knowledge.examplesVisibleIn(connection.catalog())) {
                        rows.add(new Object[] {e.question(), e.sql(), e.policy()});
                    }
                    return InMemoryResults.rows(st, new String[] {"question", "sql", "policy"}, rows);
                }
            }
        } catch (IllegalStateException | org.nljdbc.translator.internal.knowledge.ExampleStoreException e) {
            throw new SQLException(e.getMessage(), "HY000", e);
        }
    }
}
