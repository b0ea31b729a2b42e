package org.nljdbc.driver;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A plain prepared statement on the delegate, wrapped so it leads back to the NL connection. Under
 * {@code nl.passthrough=readonly} (the SQL was guarded when prepared) it runs only as a query, in a read-only
 * transaction of its own when the caller is in auto-commit mode, else in the caller's transaction, which such a
 * connection declares read-only and never commits.
 */
class NlPreparedStatement extends DelegatingPreparedStatement {
    NlPreparedStatement(NlConnection connection, PreparedStatement delegate) {
        super(connection, delegate);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        connection.beforePlainStatement();
        if (!connection.restricted()) {
            return wrapResultSet(preparedStatement.executeQuery());
        }
        connection.scopes.beginCaller();
        Runnable end = connection.scopes.ender();
        try {
            return new NlResultSet(this, preparedStatement.executeQuery(), end, 0);
        } catch (SQLException e) {
            connection.scopes.end();
            throw e;
        }
    }

    @Override
    public boolean execute() throws SQLException {
        connection.beforePlainStatement();
        if (!connection.restricted()) {
            return preparedStatement.execute();
        }
        // The scope ends with the next statement, commit, rollback or close.
        connection.scopes.beginCaller();
        try {
            return preparedStatement.execute();
        } catch (SQLException e) {
            connection.scopes.end();
            throw e;
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        if (connection.restricted()) {
            throw Passthroughs.onlyQueries();
        }
        connection.beforePlainStatement();
        return preparedStatement.executeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (connection.restricted()) {
            throw Passthroughs.onlyQueries();
        }
        connection.beforePlainStatement();
        return preparedStatement.executeLargeUpdate();
    }
}
