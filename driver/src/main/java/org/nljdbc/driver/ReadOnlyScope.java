package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.nljdbc.guard.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction an NL query runs in. When the caller is in auto-commit mode the scope opens a transaction of
 * its own, declares it read-only where the database can ({@code SET TRANSACTION READ ONLY} on PostgreSQL,
 * MySQL and MariaDB), and always ends it with a rollback, so even a write that slipped past the guard is undone.
 * When the caller has a transaction open, the scope leaves it alone.
 */
final class ReadOnlyScope {
    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyScope.class);
    private final Connection connection;
    private final boolean owned;

    private ReadOnlyScope(Connection connection, boolean owned) {
        this.connection = connection;
        this.owned = owned;
    }

    static ReadOnlyScope enter(Connection connection, Dialect dialect) throws SQLException {
        if (!connection.getAutoCommit()) {
            return new ReadOnlyScope(connection, false);
        }
        connection.setAutoCommit(false);
        ReadOnlyScope scope = new ReadOnlyScope(connection, true);
        String declare = switch (dialect) {
            case POSTGRESQL, MYSQL, MARIADB -> "SET TRANSACTION READ ONLY";
            default -> null;
        };
        if (declare != null) {
            try (Statement s = connection.createStatement()) {
                s.execute(declare);
            } catch (SQLException e) {
                scope.exit();
                throw e;
            }
        }
        return scope;
    }

    /** The auto-commit mode the caller sees while the scope is open. */
    boolean callerAutoCommit() {
        return owned;
    }

    void exit() {
        if (!owned) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback of the NL transaction failed: {}", e.getMessage());
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("restoring auto-commit after an NL query failed: {}", e.getMessage());
        }
    }
}
