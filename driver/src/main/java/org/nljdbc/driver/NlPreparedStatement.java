package org.nljdbc.driver;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A plain prepared statement on the delegate, wrapped so it leads back to the NL connection. */
class NlPreparedStatement extends DelegatingPreparedStatement {
    NlPreparedStatement(NlConnection connection, PreparedStatement delegate) {
        super(connection, delegate);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        connection.beforePlainStatement();
        return wrapResultSet(preparedStatement.executeQuery());
    }

    @Override
    public boolean execute() throws SQLException {
        connection.beforePlainStatement();
        return preparedStatement.execute();
    }

    @Override
    public int executeUpdate() throws SQLException {
        connection.beforePlainStatement();
        return preparedStatement.executeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        connection.beforePlainStatement();
        return preparedStatement.executeLargeUpdate();
    }
}
