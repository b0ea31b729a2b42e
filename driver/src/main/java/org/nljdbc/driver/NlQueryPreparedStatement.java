package org.nljdbc.driver;

import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code prepareStatement("NL: ...")} or a query wrapping {@code (NL: ...)}: the question is translated and checked
 * when the statement is prepared (through the translation cache), so {@link #getMetaData()} describes the columns
 * it will return without running it, and every execution runs that same checked SQL (translated again only when
 * the catalog changed). {@code NL SHOWSQL}, {@code NL EXPLAIN} and {@code NL RESET} are answered on each execution.
 */
final class NlQueryPreparedStatement extends ParameterlessPreparedStatement {
    private final NlCommand command;
    private final WrappedQuestion wrapped;
    private NlPlan plan;
    /** The delegate's prepared statement of the plan's SQL, kept open for its metadata only; never executed. */
    private java.sql.PreparedStatement described;

    NlQueryPreparedStatement(NlConnection connection, Statement delegate, NlCommand command) throws SQLException {
        this(connection, delegate, command, null);
    }

    /** @param wrapped the query around the question, or null when {@code command} is the statement */
    NlQueryPreparedStatement(NlConnection connection, Statement delegate, NlCommand command, WrappedQuestion wrapped)
            throws SQLException {
        super(connection, delegate);
        this.command = command;
        this.wrapped = wrapped;
        if (planned()) {
            try {
                plan = plan(question(), wrapped);
            } catch (SQLException | RuntimeException e) {
                close(); // a statement that could not be prepared is not handed out, so nobody else would close it
                throw e;
            }
        }
    }

    private boolean planned() {
        return wrapped != null || command.kind() == NlCommand.Kind.QUERY;
    }

    private String question() {
        return wrapped != null ? wrapped.question() : command.question();
    }

    /** The plan, translated again when the catalog it was checked against has changed. */
    private NlPlan currentPlan() throws SQLException {
        if (!connection.catalog().fingerprint().equals(plan.catalogFingerprint())) {
            closeDescribed();
            plan = plan(question(), wrapped);
        }
        return plan;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        execute();
        return getResultSet();
    }

    @Override
    public boolean execute() throws SQLException {
        if (planned()) {
            runPlan(currentPlan());
        } else {
            runNl(command);
        }
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

    /**
     * The columns the statement returns, from the delegate's description of the checked SQL (prepared, not run);
     * for SHOWSQL, EXPLAIN and RESET those of the last execution, or null before one.
     */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        if (!planned()) {
            ResultSet rs = getResultSet();
            return rs == null ? null : rs.getMetaData();
        }
        NlPlan p = currentPlan();
        if (described == null) {
            described = connection.delegate.prepareStatement(p.accepted().sql());
        }
        return described.getMetaData();
    }

    private void closeDescribed() {
        if (described != null) {
            try {
                described.close();
            } catch (SQLException e) {
                NlConnection.logQuiet("closing a described statement", e);
            }
            described = null;
        }
    }

    @Override
    public void close() throws SQLException {
        closeDescribed();
        super.close();
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
