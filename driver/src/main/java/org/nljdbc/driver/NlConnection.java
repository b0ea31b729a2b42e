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
    final org.nljdbc.translator.Translator translator;
    final org.nljdbc.translator.llm.TokenMeter tokens = new org.nljdbc.translator.llm.TokenMeter();
    /** This connection's measures (NL STATS), its number in the audit trail and its database user. */
    final org.nljdbc.driver.observe.Statistics stats = org.nljdbc.driver.observe.Statistics.forConnection();
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();
    final long id = IDS.incrementAndGet();
    String databaseUser;
    /** This connection's questions, for follow-ups; never shared, cleared by NL RESET, close and a new ApplicationName. */
    final org.nljdbc.translator.conversation.Conversation conversation;
    /** The last question answered with rows on this connection, which {@code NL REMEMBER} stores; null for none. */
    volatile AnswerTurns.LastAnswer lastAnswered;
    private final String url;
    private final Runnable onClose;
    private final CatalogSource catalogSource;
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
    private boolean sessionChanged;
    private SessionWalls.Facts sessionFacts = SessionWalls.Facts.NONE;
    private java.sql.SQLWarning ownWarnings;
    private ReadOnlyScope scope;
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
        this.catalogSource = catalogSource;
        this.readOnlySource = readOnlySource;
        this.sessionReset = sessionReset;
        this.runtime = runtime;
        this.url = url;
        this.onClose = onClose;
        this.dialect = NlRuntime.dialectOf(delegate);
        this.conversation = new org.nljdbc.translator.conversation.Conversation(runtime.historyTurns,
                java.time.Duration.ofSeconds(runtime.historyIdleSeconds));
        String user = null;
        try {
            user = delegate.getMetaData().getUserName();
        } catch (SQLException e) {
            logQuiet("reading the user name", e);
        }
        this.databaseUser = user;
        this.translator = runtime.translatorFor(user, tokens);
        this.homeNamespace = switch (dialect) {
            case MYSQL, MARIADB -> delegate.getCatalog();
            case H2 -> delegate.getSchema();
            default -> null;
        };
        if (restricted() && !declaredReadOnly) {
            declareSessionReadOnly(delegate, dialect);
        }
    }

    /** Whether plain SQL is restricted ({@code nl.passthrough} readonly or deny): then nothing here may write. */
    boolean restricted() {
        return runtime.passthrough != NlConfig.Passthrough.ALLOW;
    }

    /**
     * Makes every later transaction of the session read-only, auto-commit statements included, on the databases
     * that can; H2 and SQLite rely on the rollback of every scope and on {@link #commit()} committing nothing.
     */
    static void declareSessionReadOnly(Connection c, Dialect dialect) throws SQLException {
        readOnlyHint(c);
        String sql = sessionReadOnlySql(dialect);
        if (sql != null) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }

    /** {@code setReadOnly(true)}: a hint only, which sqlite-jdbc refuses after opening; the rollbacks still hold. */
    private static void readOnlyHint(Connection c) {
        try {
            c.setReadOnly(true);
        } catch (SQLException e) {
            logQuiet("declaring the connection read-only", e);
        }
    }

    /** The statement that makes a session's transactions read-only by default, or null where there is none. */
    static String sessionReadOnlySql(Dialect dialect) {
        return switch (dialect) {
            case POSTGRESQL -> "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
            case MYSQL, MARIADB -> "SET SESSION TRANSACTION READ ONLY";
            default -> null;
        };
    }

    /**
     * The schema catalog of the namespace NL questions resolve in, as this connection's user sees it, after
     * checking that the session the NL query will run on lexes and resolves names the way the guard assumes.
     */
    org.nljdbc.translator.catalog.Catalog catalog() throws SQLException {
        SessionWalls.Facts before = sessionFacts;
        sessionFacts = SessionWalls.verify(nlTarget(), dialect, expectedNamespace());
        if (before != SessionWalls.Facts.NONE && !java.util.Objects.equals(before.role(), sessionFacts.role())) {
            conversation.clear(); // another role (SET ROLE on a shared connection): another person's questions
        }
        return guardCatalog();
    }

    /** The catalog the guard checks against, without checking the session (callers check it themselves). */
    org.nljdbc.translator.catalog.Catalog guardCatalog() throws SQLException {
        String key = namespace == null ? "" : namespace;
        if (catalogSource == null) {
            return runtime.catalog(key, this::withOwnConnection);
        }
        return runtime.catalog(key, this::withCatalogConnection);
    }

    /** A private in-memory database exists only on the caller's connection: the catalog is read there. */
    private <T> T withOwnConnection(org.nljdbc.translator.catalog.CatalogProvider.Work<T> work) throws SQLException {
        return work.run(delegate);
    }

    /**
     * Lends a connection of the catalog source (a pool shared by every connection to the database as this user),
     * in this connection's namespace and, on MariaDB/MySQL, its role; borrowed only when the catalog must be read
     * or checked, never merely because a question was asked.
     */
    private <T> T withCatalogConnection(org.nljdbc.translator.catalog.CatalogProvider.Work<T> work)
            throws SQLException {
        try (Connection c = catalogSource.open()) {
            enterNamespace(c);
            if (runtime.role != null && (dialect == Dialect.MYSQL || dialect == Dialect.MARIADB)) {
                // MariaDB lists only the tables the current role may read; read the catalog as NL queries run.
                try (Statement s = c.createStatement()) {
                    s.execute("SET ROLE " + SessionWalls.quote(dialect, runtime.role));
                }
                try {
                    return work.run(c);
                } finally {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET ROLE NONE");
                    }
                }
            }
            return work.run(c);
        }
    }

    /** Samples the tables a question was answered from next, if the catalog's samples are still being read. */
    void sampleNext(java.util.List<String> tables) {
        runtime.prioritizeSampling(namespace == null ? "" : namespace, tables);
    }

    /** Checks the session of the caller's own connection (plain SQL under readonly runs there). */
    void verifyCallerSession() throws SQLException {
        SessionWalls.verify(delegate, dialect, expectedNamespace());
    }

    /** The namespace the session must be in for the catalog to describe it, where it can be checked. */
    private String expectedNamespace() {
        return namespace != null ? namespace : homeNamespace;
    }

    /** Puts {@code c} (a connection of ours) into the namespace this connection follows. */
    private void enterNamespace(Connection c) throws SQLException {
        if (namespace == null) {
            return;
        }
        if (dialect == Dialect.MYSQL || dialect == Dialect.MARIADB) {
            if (!namespace.equals(c.getCatalog())) {
                c.setCatalog(namespace);
            }
        } else if (!namespace.equals(c.getSchema())) {
            c.setSchema(namespace);
        }
    }

    /** The connection the next NL query runs on: the caller's in auto-commit mode, else our read-only one. */
    private Connection nlTarget() throws SQLException {
        if (delegate.getAutoCommit() || readOnlySource == null) {
            return delegate;
        }
        return readOnlyConnection();
    }

    private Connection readOnlyConnection() throws SQLException {
        Connection c = readOnlyConnection;
        if (c == null || c.isClosed()) {
            c = readOnlySource.open();
            try {
                c.setAutoCommit(false);
                readOnlyHint(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            readOnlyConnection = c;
        }
        enterNamespace(c);
        return c;
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
        return prepare(sql, delegate::createStatement, plain -> delegate.prepareStatement(plain));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        int concurrency = allowedConcurrency(resultSetConcurrency);
        return prepare(sql, () -> delegate.createStatement(resultSetType, concurrency),
                plain -> delegate.prepareStatement(plain, resultSetType, concurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        int concurrency = allowedConcurrency(resultSetConcurrency);
        return prepare(sql, () -> delegate.createStatement(resultSetType, concurrency, resultSetHoldability),
                plain -> delegate.prepareStatement(plain, resultSetType, concurrency, resultSetHoldability));
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
        Optional<WrappedQuestion> wrapped = WrappedQuestion.find(sql);
        if (wrapped.isPresent()) {
            return new NlQueryPreparedStatement(this, forNl.get(), null, wrapped.get());
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
        if (restricted()) {
            throw new java.sql.SQLSyntaxErrorException("refused: stored procedure calls are not allowed with nl.passthrough="
                    + passthroughName(), "42501");
        }
        sessionChanged = true;
        return sql;
    }

    /** Plain SQL as it may run under {@code nl.passthrough}; DDL also invalidates the cached catalog. */
    String passthroughSql(String sql) throws SQLException {
        return Passthroughs.check(this, sql);
    }

    // ---- transactions: the NL scope is invisible to the caller ------------------------------------

    /**
     * Opens the read-only scope the next NL query (or guarded plain query) runs in, ending any previous one: on
     * this connection in auto-commit mode, else on nljdbc's own read-only connection.
     */
    void beginNlScope() throws SQLException {
        endNlScope();
        ReadOnlyScope.Settings settings = new ReadOnlyScope.Settings(dialect, runtime.role, searchPath(),
                sessionFacts.role());
        if (delegate.getAutoCommit()) {
            scope = ReadOnlyScope.ownTransaction(delegate, settings);
        } else if (readOnlySource != null) {
            scope = ReadOnlyScope.sideConnection(readOnlyConnection(), settings);
        } else {
            scope = ReadOnlyScope.savepoint(delegate, settings);
        }
    }

    /**
     * For a plain statement of the caller's connection under readonly: a read-only transaction of its own in
     * auto-commit mode; inside the caller's transaction (declared read-only, never committed) nothing more.
     */
    void beginCallerScope() throws SQLException {
        endNlScope();
        if (delegate.getAutoCommit()) {
            scope = ReadOnlyScope.ownTransaction(delegate, new ReadOnlyScope.Settings(dialect, runtime.role,
                    searchPath(), sessionFacts.role()));
        }
    }

    /** The connection the open scope runs on; {@link #beginNlScope()} first. */
    Connection scopeConnection() {
        return scope.connection();
    }

    /** Hands a statement of the open scope to it, to be closed when the scope ends. */
    void trackInScope(Statement s) {
        scope.track(s);
    }

    /** PostgreSQL: the schemas of the catalog, so that a changed search_path cannot point names elsewhere. */
    private java.util.List<String> searchPath() throws SQLException {
        if (dialect != Dialect.POSTGRESQL) {
            return java.util.List.of();
        }
        java.util.List<String> schemas = guardCatalog().tables().stream()
                .map(org.nljdbc.translator.catalog.TableInfo::schema).filter(java.util.Objects::nonNull)
                .distinct().toList();
        return schemas.isEmpty() && namespace != null ? java.util.List.of(namespace) : schemas;
    }

    /**
     * What closing the open scope's result set does: end that scope if it is still the open one, and close its
     * statement; closing an older result never ends a newer query's transaction.
     */
    Runnable scopeEnder() {
        ReadOnlyScope mine = scope;
        return () -> {
            if (mine == null) {
                return;
            }
            if (scope == mine) {
                endNlScope();
            }
            mine.closeStatement();
        };
    }

    /**
     * Ends the NL query's transaction (rollback), restoring the caller's auto-commit. Idempotent. Its statement
     * stays open: a result already read stays readable until it is closed, which closes the statement.
     */
    void endNlScope() {
        ReadOnlyScope s = scope;
        scope = null;
        if (s != null) {
            s.exit(true);
        }
    }

    /** Called before any plain statement runs: an open NL transaction must not swallow the caller's writes. */
    void beforePlainStatement() {
        endNlScope();
        if (!restricted()) {
            sessionChanged = true;
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        ReadOnlyScope s = scope;
        return s != null && s.connection() == delegate ? s.callerAutoCommit() : delegate.getAutoCommit();
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        endNlScope();
        delegate.setAutoCommit(autoCommit);
    }

    /** Under readonly/deny nothing done through this connection is ever committed: commit is a rollback. */
    @Override
    public void commit() throws SQLException {
        endNlScope();
        if (restricted() && !delegate.getAutoCommit()) {
            delegate.rollback();
        } else {
            delegate.commit();
        }
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
        endNlScope();
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
        endNlScope();
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
        if (theirs != null) {
            java.sql.SQLWarning head = new java.sql.SQLWarning(ownWarnings.getMessage(), ownWarnings.getSQLState());
            java.sql.SQLWarning tail = head;
            for (java.sql.SQLWarning w = ownWarnings.getNextWarning(); w != null; w = w.getNextWarning()) {
                java.sql.SQLWarning copy = new java.sql.SQLWarning(w.getMessage(), w.getSQLState());
                tail.setNextWarning(copy);
                tail = copy;
            }
            tail.setNextWarning(theirs);
            return head;
        }
        return ownWarnings;
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
            endNlScope();
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
