package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.nljdbc.guard.Dialect;

/** Declares a session read-only under {@code nl.passthrough} readonly and deny, where the database can. */
final class SessionReadOnly {
    private SessionReadOnly() {
    }

    /**
     * Makes every later transaction of the session read-only, auto-commit statements included, on the databases
     * that can; H2 and SQLite rely on the rollback of every scope and on {@link NlConnection#commit()} committing nothing.
     */
    static void declare(Connection c, Dialect dialect) throws SQLException {
        hint(c);
        String sql = sql(dialect);
        if (sql != null) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }

    /** {@code setReadOnly(true)}: a hint only, which sqlite-jdbc refuses after opening; the rollbacks still hold. */
    static void hint(Connection c) {
        try {
            c.setReadOnly(true);
        } catch (SQLException e) {
            NlConnection.logQuiet("declaring the connection read-only", e);
        }
    }

    /** The statement that makes a session's transactions read-only by default, or null where there is none. */
    static String sql(Dialect dialect) {
        return switch (dialect) {
            case POSTGRESQL -> "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
            case MYSQL, MARIADB -> "SET SESSION TRANSACTION READ ONLY";
            default -> null;
        };
    }
}
