package org.nljdbc.driver;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** Which prepared statement {@code prepareStatement} hands out, by the form of its SQL. */
final class PreparedForms {
    private PreparedForms() {
    }

    interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    interface SqlFunction<T> {
        T apply(String sql) throws SQLException;
    }

    /**
     * {@code prepareStatement("NL: ...")} answers the question on each execution (over a plain delegate statement);
     * any other SQL is prepared on the delegate as {@code nl.passthrough} allows.
     */
    static PreparedStatement prepare(NlConnection connection, String sql, SqlSupplier<Statement> forNl, SqlFunction<PreparedStatement> plain)
            throws SQLException {
        Optional<NlCommand> nl = NlCommand.parse(sql);
        if (nl.isPresent()) {
            return new NlQueryPreparedStatement(connection, forNl.get(), nl.get());
        }
        Optional<WrappedQuestion> wrapped = WrappedQuestion.find(sql);
        if (wrapped.isPresent()) {
            return new NlQueryPreparedStatement(connection, forNl.get(), null, wrapped.get());
        }
        return new NlPreparedStatement(connection, plain.apply(connection.passthroughSql(sql)));
    }
}
