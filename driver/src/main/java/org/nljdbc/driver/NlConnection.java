package org.nljdbc.driver;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.nljdbc.guard.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to the delegate database that also answers NL statements. Everything it hands out is a
 * wrapper whose {@code getConnection()} is this connection.
 *
 * <p>NL queries never run in a writable transaction (see {@link ReadOnlyScope}): in auto-commit mode (the usual
 * case for BI tools) they run in a read-only transaction of their own on this connection, rolled back at the end;
 * inside a transaction the caller opened they run on nljdbc's own read-only connection to the same database, and
 * so do not see the caller's uncommitted rows.
 *
 * <p>Under {@code nl.passthrough=readonly} and {@code deny} the whole JDBC surface is read-only: result sets are
 * never updatable, the delegate's own objects are not handed out by {@code unwrap}, the schema cannot be changed,
 * the session is declared read-only and {@code commit()} commits nothing.
 */
public final class NlConnection extends DelegatingConnection {
    private static final Logger LOG = LoggerFactory.getLogger(NlConnection.class);

    final NlRuntime runtime;
    final Dialect dialect;
    final org.nljdbc.translator.internal.Translator translator;
    final org.nljdbc.translator.internal.llm.TokenMeter tokens = new org.nljdbc.translator.internal.llm.TokenMeter();
    /**
     * This connection's measures (NL STATS; {@code Statistics.off()} under nl.metrics=off), its number in the audit
     * trail and its database user.
     */
    final org.nljdbc.driver.observe.Statistics stats;
    /** Times (and traces) each stage of this connection's questions; the translator reports to it. */
    final org.nljdbc.driver.observe.StageClock stages;
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();
    final long id = IDS.incrementAndGet();
    String databaseUser;
    /** This connection's questions, for follow-ups; never shared, cleared by NL RESET, close and a new ApplicationName. */
    final org.nljdbc.translator.internal.conversation.Conversation conversation;
    /** The last question answered with rows on this connection, which {@code NL REMEMBER} stores; null for none. */
    volatile AnswerTurns.LastAnswer lastAnswered;
    private final String url;
    private final Runnable onClose;
    final CatalogSource catalogSource;
    /** Where nljdbc's own read-only connection comes from, or null when none can reach the database. */
    private final CatalogSource readOnlySource;
    /** Resets session state a borrower changed before a pooled connection goes back, or null when not pooled. */
    private final SessionReset sessionReset;
    private Connection readOnlyConnection;
    /** The schema (database on MySQL-style servers) set through setSchema/setCatalog, or null for the URL's. */
    private String namespace;
    /** The namespace the URL opened, where it is known without a round trip (MySQL, MariaDB, H2), else null. */
    private final String homeNamespace;
    /** Whether plain SQL or a namespace change may have altered the session (so a pool must reset it). */
    boolean sessionChanged;
    private SessionWalls.Facts sessionFacts = SessionWalls.Facts.NONE;
    private java.sql.SQLWarning ownWarnings;
    /** The read-only scope NL queries run in. */
    final NlScopes scopes = new NlScopes(this);
    private volatile boolean closed;

    /** Where the schema catalog is read from when it must be (re)read. */
    @FunctionalInterface
    interface CatalogSource {
        Connection open() throws SQLException;
    }

    /** Puts a pooled delegate connection back into the state it was lent in. */
    @FunctionalInterface
    interface SessionReset {
        void reset(Connection delegate, String homeNamespace) throws SQLException;
    }

    NlConnection(Connection delegate, NlRuntime runtime, String url, Runnable onClose) throws SQLException {
        this(delegate, runtime, url, onClose, null);
    }

    /**
     * @param catalogSource a separate connection to read the catalog through (and to run NL queries on while the
     *                      caller has a transaction open), or null to do both on this connection
     */
    NlConnection(Connection delegate, NlRuntime runtime, String url, Runnable onClose, CatalogSource catalogSource)
            throws SQLException {
        this(delegate, runtime, url, onClose, catalogSource, catalogSource, null, false);
    }

    /**
     * @param readOnlySource       where nljdbc's own read-only connection comes from (opened at most once, lazily,
     *                             and closed with this connection), or null when no second connection can reach
     *                             the database
     * @param sessionReset         run on close when the session may have changed, or null
     * @param declaredReadOnly     whether the delegate's session was already declared read-only (a pool does it
     *                             once per physical connection); else it is done here under readonly/deny
     */
    NlConnection(Connection delegate, NlRuntime runtime, String url, Runnable onClose, CatalogSource catalogSource,
                 CatalogSource readOnlySource, SessionReset sessionReset, boolean declaredReadOnly)
            throws SQLException {
        super(delegate);
        this.stats = runtime.metrics ? org.nljdbc.driver.observe.Statistics.forConnection()
                : org.nljdbc.driver.observe.Statistics.off();
        this.stages = new org.nljdbc.driver.observe.StageClock(runtime.processStatistics(), stats);
        this.catalogSource = catalogSource;
        this.readOnlySource = readOnlySource;
        this.sessionReset = sessionReset;
        this.runtime = runtime;
        this.url = url;
        this.onClose = onClose;
        this.dialect = NlRuntime.dialectOf(delegate);
        this.conversation = new org.nljdbc.translator.internal.conversation.Conversation(runtime.historyTurns,
                java.time.Duration.ofSeconds(runtime.historyIdleSeconds));
        String user = null;
        try {
            user = delegate.getMetaData().getUserName();
        } catch (SQLException e) {
            logQuiet("reading the user name", e);
        }
        this.databaseUser = user;
        this.translator = runtime.translatorFor(user, tokens, stages);
        this.homeNamespace = switch (dialect) {
            case MYSQL, MARIADB -> delegate.getCatalog();
            case H2 -> delegate.getSchema();
            default -> null;
        };
        if (restricted() && !declaredReadOnly) {
            SessionReadOnly.declare(delegate, dialect);
        }
    }

    /** Whether plain SQL is restricted ({@code nl.passthrough} readonly or deny): then nothing here may write. */
    boolean restricted() {
        return runtime.passthrough != NlConfig.Passthrough.ALLOW;
    }

    /**
     * The schema catalog of the namespace NL questions resolve in, as this connection's user sees it, after
     * checking that the session the NL query will run on lexes and resolves names the way the guard assumes.
     */
    org.nljdbc.translator.internal.catalog.Catalog catalog() throws SQLException {
        SessionWalls.Facts before = sessionFacts;
        sessionFacts = SessionWalls.verify(nlTarget(), dialect, expectedNamespaces());
        if (before != SessionWalls.Facts.NONE && !java.util.Objects.equals(before.role(), sessionFacts.role())) {
            conversation.clear(); // another role (SET ROLE on a shared connection): another person's questions
        }
        return guardCatalog();
    }

    /** The catalog the guard checks against, without checking the session (callers check it themselves). */
    org.nljdbc.translator.internal.catalog.Catalog guardCatalog() throws SQLException {
        String key = namespace == null ? "" : namespace;
        if (catalogSource == null) {
            return runtime.catalog(key, this::withOwnConnection);
        }
        return runtime.catalog(key, this::withCatalogConnection);
    }

    /** @see CatalogConnections#withCatalogConnection */
    private <T> T withCatalogConnection(org.nljdbc.translator.internal.catalog.CatalogProvider.Work<T> work)
            throws SQLException {
        return CatalogConnections.withCatalogConnection(this, work);
    }

    /** A private in-memory database exists only on the caller's connection: the catalog is read there. */
    private <T> T withOwnConnection(org.nljdbc.translator.internal.catalog.CatalogProvider.Work<T> work) throws SQLException {
        return work.run(delegate);
    }

    /** Samples the tables a question was answered from next, if the catalog's samples are still being read. */
    void sampleNext(java.util.List<String> tables) {
        runtime.prioritizeSampling(namespace == null ? "" : namespace, tables);
    }

    /** Checks the session of the caller's own connection (plain SQL under readonly runs there). */
    void verifyCallerSession() throws SQLException {
        SessionWalls.verify(delegate, dialect, expectedNamespaces());
    }

    /**
     * The namespaces one of which the session must be in for the catalog to describe what unqualified names resolve
     * to, where it can be checked: with {@code nl.catalog.schemas} set, those (a URL naming another database must not
     * make the guard check one table while MySQL/MariaDB or H2 read another of the same name); else the one in use.
     */
    private java.util.List<String> expectedNamespaces() {
        if (dialect == Dialect.MYSQL || dialect == Dialect.MARIADB || dialect == Dialect.H2) {
            java.util.List<String> configured = runtime.catalogSchemas();
            if (!configured.isEmpty()) {
                return configured;
            }
        }
        String ns = namespace != null ? namespace : homeNamespace;
        return ns == null ? java.util.List.of() : java.util.List.of(ns);
    }

    /** The connection the next NL query runs on: the caller's in auto-commit mode, else our read-only one. */
    private Connection nlTarget() throws SQLException {
        if (delegate.getAutoCommit() || readOnlySource == null) {
            return delegate;
        }
        return readOnlyConnection();
    }

    boolean hasReadOnlySource() {
        return readOnlySource != null;
    }

    /** The role the session was last verified to run as, for the scope's checks. */
    String sessionRole() {
        return sessionFacts.role();
    }

    Connection readOnlyConnection() throws SQLException {
        Connection c = readOnlyConnection;
        if (c == null || c.isClosed()) {
            c = readOnlySource.open();
            try {
                c.setAutoCommit(false);
                SessionReadOnly.hint(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            readOnlyConnection = c;
        }
        CatalogConnections.enterNamespace(c, dialect, namespace);
        return c;
    }

    /** PostgreSQL: the schemas of the catalog, so that a changed search_path cannot point names elsewhere. */
    java.util.List<String> searchPath() throws SQLException {
        if (dialect != Dialect.POSTGRESQL) {
            return java.util.List.of();
        }
        java.util.List<String> schemas = guardCatalog().tables().stream()
                .map(org.nljdbc.translator.internal.catalog.TableInfo::schema).filter(java.util.Objects::nonNull)
                .distinct().toList();
        return schemas.isEmpty() && namespace != null ? java.util.List.of(namespace) : schemas;
    }

    /** The schema (database on MySQL-style servers) set through setSchema/setCatalog, or null for the URL's. */
    String namespace() {
        return namespace;
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
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return wrapStatement(delegate.createStatement(resultSetType, allowedConcurrency(resultSetConcurrency)));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return wrapStatement(delegate.createStatement(resultSetType, allowedConcurrency(resultSetConcurrency),
                resultSetHoldability));
    }

    /** Updatable result sets write without any SQL text the guard could see: under readonly/deny there are none. */
    private int allowedConcurrency(int asked) {
        if (asked == java.sql.ResultSet.CONCUR_READ_ONLY || !restricted()) {
            return asked;
        }
        addWarning(new java.sql.SQLWarning("result sets are read-only with nl.passthrough="
                + passthroughName() + ": CONCUR_UPDATABLE was downgraded to CONCUR_READ_ONLY", "01000"));
        return java.sql.ResultSet.CONCUR_READ_ONLY;
    }

    private String passthroughName() {
        return runtime.passthrough.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return PreparedForms.prepare(this, sql, delegate::createStatement, plain -> delegate.prepareStatement(plain));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        int concurrency = allowedConcurrency(resultSetConcurrency);
        return PreparedForms.prepare(this, sql, () -> delegate.createStatement(resultSetType, concurrency),
                plain -> delegate.prepareStatement(plain, resultSetType, concurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        int concurrency = allowedConcurrency(resultSetConcurrency);
        return PreparedForms.prepare(this, sql, () -> delegate.createStatement(resultSetType, concurrency, resultSetHoldability),
                plain -> delegate.prepareStatement(plain, resultSetType, concurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return PreparedForms.prepare(this, sql, delegate::createStatement, plain -> delegate.prepareStatement(plain, autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return PreparedForms.prepare(this, sql, delegate::createStatement, plain -> delegate.prepareStatement(plain, columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return PreparedForms.prepare(this, sql, delegate::createStatement, plain -> delegate.prepareStatement(plain, columnNames));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return new NlCallableStatement(this, delegate.prepareCall(Passthroughs.call(this, sql)));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return new NlCallableStatement(this, delegate.prepareCall(Passthroughs.call(this, sql), resultSetType, resultSetConcurrency));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return new NlCallableStatement(this, delegate.prepareCall(Passthroughs.call(this, sql), resultSetType, resultSetConcurrency,
                resultSetHoldability));
    }

    /** Plain SQL as it may run under {@code nl.passthrough}; DDL also invalidates the cached catalog. */
    String passthroughSql(String sql) throws SQLException {
        return Passthroughs.check(this, sql);
    }

    // ---- transactions: the NL scope is invisible to the caller ------------------------------------

    /** Called before any plain statement runs: an open NL transaction must not swallow the caller's writes. */
    void beforePlainStatement() {
        scopes.end();
        if (!restricted()) {
            sessionChanged = true;
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        ReadOnlyScope s = scopes.open();
        return s != null && s.connection() == delegate ? s.callerAutoCommit() : delegate.getAutoCommit();
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        scopes.end();
        delegate.setAutoCommit(autoCommit);
    }

    /** Under readonly/deny nothing done through this connection is ever committed: commit is a rollback. */
    @Override
    public void commit() throws SQLException {
        scopes.end();
        if (restricted() && !delegate.getAutoCommit()) {
            delegate.rollback();
        } else {
            delegate.commit();
        }
    }

    @Override
    public void rollback() throws SQLException {
        scopes.end();
        delegate.rollback();
    }

    @Override
    public void rollback(java.sql.Savepoint savepoint) throws SQLException {
        scopes.end();
        delegate.rollback(savepoint);
    }

    /** Under readonly/deny the connection stays read-only whatever the caller asks. */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        if (!restricted()) {
            delegate.setReadOnly(readOnly);
        }
    }

    // ---- the namespace NL questions resolve in ---------------------------------------------------------

    /**
     * Under allow the NL runtime follows: questions are answered from the catalog of the new schema. Under
     * readonly/deny a different schema is refused, since the policy was set up for one.
     */
    @Override
    public void setSchema(String schema) throws SQLException {
        if (restricted()) {
            refuseNamespaceChange("schema", schema, delegate.getSchema());
            return;
        }
        scopes.end();
        delegate.setSchema(schema);
        sessionChanged = true;
        if (dialect != Dialect.MYSQL && dialect != Dialect.MARIADB) {
            namespace = schema;
        }
    }

    /** As {@link #setSchema}, for MySQL and MariaDB, where the database is the catalog. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        if (restricted()) {
            refuseNamespaceChange("catalog", catalog, delegate.getCatalog());
            return;
        }
        scopes.end();
        delegate.setCatalog(catalog);
        sessionChanged = true;
        if (dialect == Dialect.MYSQL || dialect == Dialect.MARIADB) {
            namespace = catalog;
        }
    }

    private void refuseNamespaceChange(String what, String wanted, String current) throws SQLException {
        if (!java.util.Objects.equals(wanted, current)) {
            throw SessionWalls.refused("changing the " + what + " (to " + wanted + ") is not allowed with "
                    + "nl.passthrough=" + passthroughName() + ": the policy and the catalog describe " + current
                    + "; connect to the other one with a URL of its own, or use nl.passthrough=allow for trusted code");
        }
    }

    // ---- warnings --------------------------------------------------------------------------------------

    private synchronized void addWarning(java.sql.SQLWarning w) {
        if (ownWarnings == null) {
            ownWarnings = w;
        } else {
            ownWarnings.setNextWarning(w);
        }
    }

    @Override
    public synchronized java.sql.SQLWarning getWarnings() throws SQLException {
        java.sql.SQLWarning theirs = delegate.getWarnings();
        if (ownWarnings == null) {
            return theirs;
        }
        return theirs == null ? ownWarnings : Warnings.followedBy(ownWarnings, theirs);
    }

    @Override
    public synchronized void clearWarnings() throws SQLException {
        ownWarnings = null;
        delegate.clearWarnings();
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

    /** The ApplicationName the client set through setClientInfo, or null. */
    synchronized String applicationName() {
        return applicationName;
    }

    // ---- JDBC 4.3 request boundaries: what pools call between borrowers ------------------------

    /** A pool lends this connection to someone: whoever it is starts a fresh conversation. */
    @Override
    public void beginRequest() throws SQLException {
        conversation.clear();
        super.beginRequest();
    }

    /** A pool takes this connection back: its conversation stays with the borrower who had it. */
    @Override
    public void endRequest() throws SQLException {
        conversation.clear();
        super.endRequest();
    }

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
            scopes.end();
            closeReadOnlyConnection();
            if (sessionChanged && sessionReset != null) {
                try {
                    sessionReset.reset(delegate, homeNamespace);
                } catch (SQLException e) {
                    logQuiet("resetting the session before returning it to the pool", e);
                }
            }
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
        closeReadOnlyConnection();
        delegate.abort(executor);
    }

    private void closeReadOnlyConnection() {
        Connection c = readOnlyConnection;
        readOnlyConnection = null;
        if (c != null) {
            try {
                c.rollback();
                c.close();
            } catch (SQLException e) {
                logQuiet("closing nljdbc's read-only connection", e);
            }
        }
    }

    // ---- Wrapper ----------------------------------------------------------------------------------

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, this, delegate, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Wrappers.isWrapperFor(this, this, delegate, iface);
    }

    @Override
    public String toString() {
        return "NlConnection[" + url + "]";
    }

    static void logQuiet(String what, SQLException e) {
        LOG.debug("{}: {}", what, e.getMessage());
    }
}
