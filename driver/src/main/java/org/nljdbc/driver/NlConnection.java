package org.nljdbc.driver;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Optional;
import org.nljdbc.guard.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to the delegate database that also answers NL statements. Everything it hands out is a
 * wrapper whose {@code getConnection()} is this connection.
 *
 * <p>NL queries run in a transaction of their own, made read-only where the database supports it and always
 * rolled back at the end, when the connection is in auto-commit mode (the usual case for BI tools). Inside a
 * transaction the caller opened, the NL query runs in that transaction and the guard alone keeps it read-only.
 */
public final class NlConnection extends DelegatingConnection {
    private static final Logger LOG = LoggerFactory.getLogger(NlConnection.class);

    final NlRuntime runtime;
    final Dialect dialect;
    final org.nljdbc.translator.Translator translator;
    final org.nljdbc.translator.llm.TokenMeter tokens = new org.nljdbc.translator.llm.TokenMeter();
    /** This connection's questions, for follow-ups; never shared, cleared by NL RESET, close and a new ApplicationName. */
    final org.nljdbc.translator.conversation.Conversation conversation;
    private final String url;
    private final Runnable onClose;
    private final CatalogSource catalogSource;
    private ReadOnlyScope scope;
    private volatile boolean closed;

    /** Where the schema catalog is read from when it must be (re)read. */
    @FunctionalInterface
    interface CatalogSource {
        Connection open() throws SQLException;
    }

    NlConnection(Connection delegate, NlRuntime runtime, String url, Runnable onClose) throws SQLException {
        this(delegate, runtime, url, onClose, null);
    }

    /**
     * @param catalogSource a separate pool to read the catalog through, or null to read it on this connection
     */
    NlConnection(Connection delegate, NlRuntime runtime, String url, Runnable onClose, CatalogSource catalogSource)
            throws SQLException {
        super(delegate);
        this.catalogSource = catalogSource;
        this.runtime = runtime;
        this.url = url;
        this.onClose = onClose;
        this.dialect = NlRuntime.dialectOf(delegate);
        this.conversation = new org.nljdbc.translator.conversation.Conversation(runtime.historyTurns);
        String user = null;
        try {
            user = delegate.getMetaData().getUserName();
        } catch (SQLException e) {
            logQuiet("reading the user name", e);
        }
        this.translator = runtime.translatorFor(user, tokens);
    }

    /** The schema catalog as this connection's user sees it. */
    org.nljdbc.translator.catalog.Catalog catalog() throws SQLException {
        if (catalogSource == null) {
            return runtime.catalog(delegate);
        }
        org.nljdbc.translator.catalog.Catalog fresh = runtime.cachedCatalog();
        if (fresh != null) {
            return fresh;
        }
        try (Connection c = catalogSource.open()) {
            return runtime.catalog(c);
        }
    }

    /** The URL this connection was opened with, credentials redacted. */
    String url() {
        return url;
    }

    // ---- wrapping hooks -------------------------------------------------------------------------

    @Override
    Statement wrapStatement(Statement s) {
        return new NlStatement(this, s);
    }

    @Override
    PreparedStatement wrapPreparedStatement(PreparedStatement s) {
        return new NlPreparedStatement(this, s);
    }

    @Override
    CallableStatement wrapCallableStatement(CallableStatement s) {
        return new NlCallableStatement(this, s);
    }

    @Override
    DatabaseMetaData wrapMetaData(DatabaseMetaData md) {
        return new NlDatabaseMetaData(this, md);
    }

    // ---- statements that may carry NL ------------------------------------------------------------

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, delegate::createStatement, plain -> delegate.prepareStatement(plain));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepare(sql, () -> delegate.createStatement(resultSetType, resultSetConcurrency),
                plain -> delegate.prepareStatement(plain, resultSetType, resultSetConcurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return prepare(sql, () -> delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability),
                plain -> delegate.prepareStatement(plain, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, delegate::createStatement, plain -> delegate.prepareStatement(plain, autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepare(sql, delegate::createStatement, plain -> delegate.prepareStatement(plain, columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(sql, delegate::createStatement, plain -> delegate.prepareStatement(plain, columnNames));
    }

    private interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    private interface SqlFunction<T> {
        T apply(String sql) throws SQLException;
    }

    /**
     * {@code prepareStatement("NL: ...")} answers the question on each execution (over a plain delegate statement);
     * any other SQL is prepared on the delegate as {@code nl.passthrough} allows.
     */
    private PreparedStatement prepare(String sql, SqlSupplier<Statement> forNl, SqlFunction<PreparedStatement> plain)
            throws SQLException {
        Optional<NlCommand> nl = NlCommand.parse(sql);
        if (nl.isPresent()) {
            return new NlQueryPreparedStatement(this, forNl.get(), nl.get());
        }
        return new NlPreparedStatement(this, plain.apply(passthroughSql(sql)));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return new NlCallableStatement(this, delegate.prepareCall(callSql(sql)));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return new NlCallableStatement(this, delegate.prepareCall(callSql(sql), resultSetType, resultSetConcurrency));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return new NlCallableStatement(this, delegate.prepareCall(callSql(sql), resultSetType, resultSetConcurrency,
                resultSetHoldability));
    }

    private String callSql(String sql) throws SQLException {
        if (NlCommand.parse(sql).isPresent()) {
            throw new SQLFeatureNotSupportedException("NL statements cannot be prepared as calls; use "
                    + "prepareStatement or createStatement", "0A000");
        }
        if (runtime.passthrough != NlConfig.Passthrough.ALLOW) {
            throw new java.sql.SQLSyntaxErrorException("refused: stored procedure calls are not allowed with nl.passthrough="
                    + runtime.passthrough.name().toLowerCase(java.util.Locale.ROOT), "42501");
        }
        return sql;
    }

    /** Plain SQL as it may run under {@code nl.passthrough}; DDL also invalidates the cached catalog. */
    String passthroughSql(String sql) throws SQLException {
        return Passthroughs.check(this, sql);
    }

    // ---- transactions: the NL scope is invisible to the caller ------------------------------------

    /** Starts the NL query's own transaction if the caller has none; ends any previous one first. */
    void beginNlScope() throws SQLException {
        endNlScope();
        scope = ReadOnlyScope.enter(delegate, dialect);
    }

    /** Ends the NL query's transaction (rollback), restoring the caller's auto-commit. Idempotent. */
    void endNlScope() {
        ReadOnlyScope s = scope;
        scope = null;
        if (s != null) {
            s.exit();
        }
    }

    /** Called before any plain statement runs: an open NL transaction must not swallow the caller's writes. */
    void beforePlainStatement() {
        endNlScope();
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        ReadOnlyScope s = scope;
        return s != null ? s.callerAutoCommit() : delegate.getAutoCommit();
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        endNlScope();
        delegate.setAutoCommit(autoCommit);
    }

    @Override
    public void commit() throws SQLException {
        endNlScope();
        delegate.commit();
    }

    @Override
    public void rollback() throws SQLException {
        endNlScope();
        delegate.rollback();
    }

    @Override
    public void rollback(java.sql.Savepoint savepoint) throws SQLException {
        endNlScope();
        delegate.rollback(savepoint);
    }

    // ---- client info: a new application (user of a shared connection) starts a fresh conversation -----

    @Override
    public void setClientInfo(String name, String value) throws java.sql.SQLClientInfoException {
        if ("ApplicationName".equalsIgnoreCase(name)) {
            clearConversationIfApplicationChanges(value);
        }
        delegate.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(java.util.Properties properties) throws java.sql.SQLClientInfoException {
        if (properties != null) {
            clearConversationIfApplicationChanges(properties.getProperty("ApplicationName"));
        }
        delegate.setClientInfo(properties);
    }

    private String applicationName;

    private synchronized void clearConversationIfApplicationChanges(String name) {
        if (!java.util.Objects.equals(name, applicationName)) {
            conversation.clear();
        }
        applicationName = name;
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || delegate.isClosed();
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        conversation.clear();
        try {
            endNlScope();
            delegate.close();
        } finally {
            if (onClose != null) {
                onClose.run();
            }
        }
    }

    @Override
    public void abort(java.util.concurrent.Executor executor) throws SQLException {
        closed = true;
        delegate.abort(executor);
    }

    // ---- Wrapper ----------------------------------------------------------------------------------

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, delegate, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Wrappers.isWrapperFor(this, delegate, iface);
    }

    @Override
    public String toString() {
        return "NlConnection[" + url + "]";
    }

    static void logQuiet(String what, SQLException e) {
        LOG.debug("{}: {}", what, e.getMessage());
    }
}
