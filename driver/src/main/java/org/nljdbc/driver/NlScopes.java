package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The read-only scope (see {@link ReadOnlyScope}) the NL query of one connection runs in, at most one open at a
 * time: opened before each NL query or guarded plain query, ended by the next one, by the caller's transaction
 * calls, or when the result set of the query that opened it closes.
 */
final class NlScopes {
    private final NlConnection c;
    private ReadOnlyScope scope;

    NlScopes(NlConnection c) {
        this.c = c;
    }

    private ReadOnlyScope.Settings settings() throws SQLException {
        return new ReadOnlyScope.Settings(c.dialect, c.runtime.role, c.searchPath(), c.sessionRole());
    }

    /** The open scope, or null. */
    ReadOnlyScope open() {
        return scope;
    }

    /**
     * Opens the read-only scope the next NL query (or guarded plain query) runs in, ending any previous one: on
     * this connection in auto-commit mode, else on nljdbc's own read-only connection.
     */
    void beginNl() throws SQLException {
        end();
        ReadOnlyScope.Settings settings = settings();
        if (c.delegate.getAutoCommit()) {
            scope = ReadOnlyScope.ownTransaction(c.delegate, settings);
        } else if (c.hasReadOnlySource()) {
            scope = ReadOnlyScope.sideConnection(c.readOnlyConnection(), settings);
        } else {
            scope = ReadOnlyScope.savepoint(c.delegate, settings);
        }
    }

    /**
     * For a plain statement of the caller's connection under readonly: a read-only transaction of its own in
     * auto-commit mode; inside the caller's transaction (declared read-only, never committed) nothing more.
     */
    void beginCaller() throws SQLException {
        end();
        if (c.delegate.getAutoCommit()) {
            scope = ReadOnlyScope.ownTransaction(c.delegate, settings());
        }
    }

    /** The connection the open scope runs on; {@link #beginNl()} first. */
    Connection connection() {
        return scope.connection();
    }

    /** Hands a statement of the open scope to it, to be closed when the scope ends. */
    void track(Statement s) {
        scope.track(s);
    }

    /**
     * What closing the open scope's result set does: end that scope if it is still the open one, and close its
     * statement; closing an older result never ends a newer query's transaction.
     */
    Runnable ender() {
        ReadOnlyScope mine = scope;
        return () -> {
            if (mine == null) {
                return;
            }
            if (scope == mine) {
                end();
            }
            mine.closeStatement();
        };
    }

    /**
     * Ends the NL query's transaction (rollback), restoring the caller's auto-commit. Idempotent. Its statement
     * stays open: a result already read stays readable until it is closed, which closes the statement.
     */
    void end() {
        ReadOnlyScope s = scope;
        scope = null;
        if (s != null) {
            s.exit(true);
        }
    }
}
