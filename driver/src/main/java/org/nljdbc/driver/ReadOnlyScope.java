package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.nljdbc.guard.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction an NL query (and plain SQL under {@code nl.passthrough=readonly}) runs in: never a writable
 * transaction of the caller's, always ended with a rollback, so even a write that slipped past the guard (a
 * user-defined function that updates a table, say) is refused by the database or undone.
 * <ul>
 * <li>{@link #ownTransaction}: the caller is in auto-commit mode; a transaction is opened on the caller's
 * connection and rolled back, auto-commit restored.</li>
 * <li>{@link #sideConnection}: the caller has a transaction open; the query runs on nljdbc's own read-only
 * connection to the same database, so it does not see the caller's uncommitted rows.</li>
 * <li>{@link #savepoint}: the caller has a transaction open and no second connection can reach the database (a
 * private in-memory database); the query runs after a savepoint that is rolled back to.</li>
 * </ul>
 * PostgreSQL, MySQL and MariaDB declare the transaction read-only; H2 and SQLite have no read-only transactions,
 * so there the rollback alone undoes writes. {@code nl.role} is taken for the transaction only (PostgreSQL
 * {@code SET LOCAL ROLE}; MySQL/MariaDB {@code SET ROLE}, restored at the end), and on PostgreSQL the
 * {@code search_path} is pinned to the catalog's schemas for the transaction, and {@code standard_conforming_strings}
 * to on: the guard reads a backslash in a plain literal as an ordinary character (see
 * {@link org.nljdbc.guard.SqlGuard#withPinnedStandardStrings}), so the database must too, whatever the session's
 * setting. The query cannot undo it before it is lexed, and {@code SET} and {@code set_config} are refused.
 */
final class ReadOnlyScope {
    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyScope.class);

    /**
     * @param role         role to run under (a checked simple identifier), or null
     * @param searchPath   PostgreSQL schemas names resolve in, or empty to leave the path alone
     * @param previousRole MySQL/MariaDB role to restore at the end, or null for {@code NONE}
     */
    record Settings(Dialect dialect, String role, List<String> searchPath, String previousRole) {
    }

    private enum Kind { OWN_TRANSACTION, SIDE_CONNECTION, SAVEPOINT }

    private final Connection connection;
    private final Kind kind;
    private final Settings settings;
    private Savepoint savepoint;
    private boolean roleSet;
    private Statement statement;
    private boolean ended;

    private ReadOnlyScope(Connection connection, Kind kind, Settings settings) {
        this.connection = connection;
        this.kind = kind;
        this.settings = settings;
    }

    /**
     * A scope on {@code connection} alone, no role, no pinned path: its own transaction in auto-commit mode, else a
     * savepoint. The NL connection chooses among the three itself; this is for code that has only one connection.
     */
    static ReadOnlyScope enter(Connection connection, Dialect dialect) throws SQLException {
        Settings settings = new Settings(dialect, null, List.of(), null);
        return connection.getAutoCommit() ? ownTransaction(connection, settings) : savepoint(connection, settings);
    }

    /** On the caller's connection, which is in auto-commit mode. */
    static ReadOnlyScope ownTransaction(Connection caller, Settings settings) throws SQLException {
        caller.setAutoCommit(false);
        return new ReadOnlyScope(caller, Kind.OWN_TRANSACTION, settings).declare();
    }

    /** On nljdbc's own connection (auto-commit off, read-only), while the caller's transaction stays untouched. */
    static ReadOnlyScope sideConnection(Connection side, Settings settings) throws SQLException {
        return new ReadOnlyScope(side, Kind.SIDE_CONNECTION, settings).declare();
    }

    /** Inside the caller's transaction, undone to a savepoint: only where no second connection is possible. */
    static ReadOnlyScope savepoint(Connection caller, Settings settings) throws SQLException {
        ReadOnlyScope scope = new ReadOnlyScope(caller, Kind.SAVEPOINT, settings);
        scope.savepoint = caller.setSavepoint();
        return scope.declare();
    }

    private ReadOnlyScope declare() throws SQLException {
        try (Statement s = connection.createStatement()) {
            switch (settings.dialect()) {
                case POSTGRESQL -> {
                    // One round trip: the statements go in one message, and SET LOCAL ends with the transaction.
                    // standard_conforming_strings before any guarded text: the guard read its literals that way.
                    StringBuilder sql = new StringBuilder("SET TRANSACTION READ ONLY; "
                            + "SET LOCAL standard_conforming_strings = on");
                    if (settings.role() != null) {
                        sql.append("; SET LOCAL ROLE ").append(SessionWalls.quote(Dialect.POSTGRESQL, settings.role()));
                    }
                    if (!settings.searchPath().isEmpty()) {
                        sql.append("; SET LOCAL search_path TO ").append(settings.searchPath().stream()
                                .map(n -> SessionWalls.quote(Dialect.POSTGRESQL, n)).collect(Collectors.joining(", ")));
                    }
                    s.execute(sql.toString());
                }
                case MYSQL, MARIADB -> {
                    // START TRANSACTION also works when the side connection's previous statement began one.
                    s.execute("START TRANSACTION READ ONLY");
                    if (settings.role() != null) {
                        s.execute("SET ROLE " + SessionWalls.quote(settings.dialect(), settings.role()));
                        roleSet = true;
                    }
                }
                default -> {
                    // H2, SQLite and others: no read-only transactions; the rollback undoes writes.
                }
            }
        } catch (SQLException e) {
            exit(false);
            throw e;
        }
        return this;
    }

    /** Where the statements of this scope run. */
    Connection connection() {
        return connection;
    }

    /** A statement of this scope, closed when the scope ends (closing its result set with it). */
    void track(Statement s) {
        statement = s;
    }

    /** The auto-commit mode the caller sees while the scope is open. */
    boolean callerAutoCommit() {
        return kind == Kind.OWN_TRANSACTION;
    }

    /** Ends the scope and closes its statement. Idempotent. */
    void exit() {
        exit(false);
    }

    /** Closes the scope's statement (and so its result set), if it has one still open. */
    void closeStatement() {
        Statement s = statement;
        statement = null;
        if (s != null) {
            try {
                s.close();
            } catch (SQLException e) {
                LOG.debug("closing the NL statement failed: {}", e.getMessage());
            }
        }
    }

    /**
     * Ends the transaction (rollback, role and auto-commit restored). The statement stays open when a new scope
     * takes over ({@code keepStatement}): a result already read into memory stays readable until it is closed.
     */
    void exit(boolean keepStatement) {
        if (ended) {
            return;
        }
        ended = true;
        if (!keepStatement) {
            closeStatement();
        }
        try {
            if (kind == Kind.SAVEPOINT) {
                connection.rollback(savepoint);
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("rollback of the NL transaction failed: {}", e.getMessage());
        }
        if (roleSet) {
            String back = settings.previousRole() == null ? "NONE"
                    : SessionWalls.quote(settings.dialect(), settings.previousRole());
            try (Statement r = connection.createStatement()) {
                r.execute("SET ROLE " + back);
            } catch (SQLException e) {
                // A connection left in the NL role must not serve the caller: close it rather than leak the role.
                LOG.warn("restoring the role after an NL query failed, closing the connection: {}", e.getMessage());
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Already failing.
                }
            }
        }
        if (kind == Kind.OWN_TRANSACTION) {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.debug("restoring auto-commit after an NL query failed: {}", e.getMessage());
            }
        }
    }
}
