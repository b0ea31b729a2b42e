package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The delegate's metadata, except that the driver is named as nljdbc and JDBC objects lead back to our wrappers. */
final class NlDatabaseMetaData extends DelegatingDatabaseMetaData {
    private final NlConnection connection;

    NlDatabaseMetaData(NlConnection connection, DatabaseMetaData delegate) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    Connection connection() {
        return connection;
    }

    @Override
    ResultSet wrapResultSet(ResultSet rs) {
        return rs == null ? null : new NlResultSet(null, rs, null, 0).ownedBy(connection);
    }

    /**
     * Tables the policy hides are not listed when plain SQL is guarded ({@code nl.passthrough=readonly} or
     * {@code deny}): a user who may not query them does not browse them. With {@code allow}, plain SQL reads
     * any table anyway, so the database's own list is shown.
     */
    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tablePattern, String[] types)
            throws SQLException {
        ResultSet rs = delegate.getTables(catalog, schemaPattern, tablePattern, types);
        return rs != null && hidesTables() ? new VisibleTablesResultSet(rs, connection.runtime.policy)
                : wrapResultSet(rs);
    }

    /** The columns of hidden tables are not listed either; masked columns are (their values are masked). */
    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tablePattern, String columnPattern)
            throws SQLException {
        ResultSet rs = delegate.getColumns(catalog, schemaPattern, tablePattern, columnPattern);
        return rs != null && hidesTables() ? new VisibleTablesResultSet(rs, connection.runtime.policy)
                : wrapResultSet(rs);
    }

    private boolean hidesTables() {
        return connection.runtime.passthrough != NlConfig.Passthrough.ALLOW
                && VisibleTablesResultSet.hidesAny(connection.runtime.policy);
    }

    @Override
    public String getDriverName() {
        return NlDriver.NAME;
    }

    @Override
    public String getDriverVersion() throws SQLException {
        return NlDriver.VERSION + " (delegate: " + delegate.getDriverName() + " " + delegate.getDriverVersion() + ")";
    }

    @Override
    public int getDriverMajorVersion() {
        return NlDriver.MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return NlDriver.MINOR;
    }

    @Override
    public String getURL() {
        return connection.url();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(connection, this, delegate, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Wrappers.isWrapperFor(connection, this, delegate, iface);
    }
}
