package org.nljdbc.driver;

import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/** {@code prepareStatement("NL: ...")}: the question is answered each time the statement executes. */
final class NlQueryPreparedStatement extends ParameterlessPreparedStatement {
    private final NlCommand command;

    NlQueryPreparedStatement(NlConnection connection, Statement delegate, NlCommand command) {
        super(connection, delegate);
        this.command = command;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        runNl(command);
        ResultSet rs = getResultSet();
        return rs;
    }

    @Override
    public boolean execute() throws SQLException {
        runNl(command);
        return true;
    }

    @Override
    public int executeUpdate() throws SQLException {
        if (command.kind() == NlCommand.Kind.RESET) {
            runNl(command);
            return 0;
        }
        throw new SQLException("NL statements return rows; run them with executeQuery or execute", "0A000");
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return executeUpdate();
    }

    @Override
    public void addBatch() throws SQLException {
        throw new SQLException("NL statements cannot be batched; run them with executeQuery or execute", "0A000");
    }

    @Override
    public void clearParameters() {
        // There are none.
    }

    /** Unknown until the question has been translated; the JDBC contract allows null here. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ResultSet rs = getResultSet();
        return rs == null ? null : rs.getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() {
        return NoParameters.INSTANCE;
    }

    /** Parameter metadata of a statement without parameters. */
    enum NoParameters implements ParameterMetaData {
        INSTANCE;

        @Override
        public int getParameterCount() {
            return 0;
        }

        @Override
        public int isNullable(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public boolean isSigned(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public int getPrecision(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public int getScale(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public int getParameterType(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public String getParameterTypeName(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public String getParameterClassName(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public int getParameterMode(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
