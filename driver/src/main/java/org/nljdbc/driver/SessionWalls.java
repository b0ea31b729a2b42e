package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;
import org.nljdbc.guard.Dialect;

/**
 * The session state the guard's verdict depends on, checked on the connection an NL query is about to run on:
 * how the server lexes string literals and identifiers (the guard lexes them the standard way), and which
 * namespace unqualified table names resolve in (the guard and the catalog describe one).
 */
final class SessionWalls {
    private static final Pattern SIMPLE_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private SessionWalls() {
    }

    /** What one MySQL/MariaDB check learnt: the current database and role (null for none). */
    record Facts(String database, String role) {
        static final Facts NONE = new Facts(null, null);
    }

    /** {@code nl.role} as given, or null when unset; anything but a simple identifier is a configuration error. */
    static String checkRoleName(String role) throws SQLException {
        if (role == null || role.isBlank()) {
            return null;
        }
        String r = role.trim();
        if (!SIMPLE_IDENTIFIER.matcher(r).matches()) {
            throw new SQLNonTransientConnectionException("nl.role must be a simple identifier (letters, digits and _, "
                    + "not starting with a digit, at most 63 characters)", "HY024");
        }
        return r;
    }

    /** {@code name} as a quoted identifier of {@code dialect}. */
    static String quote(Dialect dialect, String name) {
        return switch (dialect) {
            case MYSQL, MARIADB -> "`" + name.replace("`", "``") + "`";
            default -> "\"" + name.replace("\"", "\"\"") + "\"";
        };
    }

    /**
     * Refuses (42501) when the session lexes SQL differently from the guard or resolves names elsewhere than in
     * {@code expectedNamespace}.
     *
     * @param expectedNamespaces the databases (MySQL/MariaDB) or schemas (H2) the catalog describes, one of which the
     *                           session must be in because unqualified names resolve there; empty to skip
     */
    static Facts verify(Connection target, Dialect dialect, java.util.List<String> expectedNamespaces)
            throws SQLException {
        switch (dialect) {
            case POSTGRESQL -> {
                if (!standardConformingStrings(target)) {
                    throw refused("standard_conforming_strings is off on this session, so PostgreSQL would read "
                            + "backslashes in string literals as escapes where the guard does not; NL queries need it "
                            + "on (remove it from the URL/options, or SET standard_conforming_strings = on)");
                }
                return Facts.NONE;
            }
            case MYSQL, MARIADB -> {
                // One round trip for everything the NL scope needs to know about the session.
                String mode;
                Facts facts;
                try (Statement s = target.createStatement();
                     ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode, DATABASE(), CURRENT_ROLE()")) {
                    rs.next();
                    mode = String.valueOf(rs.getString(1)).toUpperCase(Locale.ROOT);
                    facts = new Facts(rs.getString(2), rs.getString(3));
                }
                for (String flag : new String[] {"NO_BACKSLASH_ESCAPES", "ANSI_QUOTES"}) {
                    if (("," + mode + ",").contains("," + flag + ",")) {
                        throw refused("sql_mode contains " + flag + " on this session, so the server would read "
                                + (flag.equals("ANSI_QUOTES") ? "double-quoted text as identifiers"
                                : "backslashes in string literals literally") + " where the guard does not; NL "
                                + "queries need the default lexing (remove it from the URL's sessionVariables or "
                                + "SET sql_mode without it)");
                    }
                }
                if (!among(expectedNamespaces, facts.database())) {
                    throw refused("the connection's current database is " + facts.database() + " (changed with "
                            + "USE, or named in the URL?), but NL questions on this connection are answered from "
                            + String.join(", ", expectedNamespaces) + ", and unqualified names resolve in the current "
                            + "database; switch back, or change databases with Connection.setCatalog, which NL follows");
                }
                return facts;
            }
            case H2 -> {
                if (!among(expectedNamespaces, target.getSchema())) {
                    throw refused("the connection's current schema is " + target.getSchema() + " (changed with SET "
                            + "SCHEMA?), but NL questions on this connection are answered from "
                            + String.join(", ", expectedNamespaces)
                            + "; switch back, or change schemas with Connection.setSchema, which NL follows");
                }
                return Facts.NONE;
            }
            default -> {
                return Facts.NONE;
            }
        }
    }

    private static boolean among(java.util.List<String> expected, String current) {
        if (expected.isEmpty()) {
            return true;
        }
        for (String e : expected) {
            if (e.equalsIgnoreCase(current)) {
                return true;
            }
        }
        return false;
    }

    private static boolean standardConformingStrings(Connection c) throws SQLException {
        try {
            return PgSession.standardConformingStrings(c);
        } catch (SQLException | LinkageError e) {
            // A pgjdbc from another class loader (or none of ours): ask the server.
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW standard_conforming_strings")) {
                return rs.next() && "on".equalsIgnoreCase(rs.getString(1));
            }
        }
    }

    /** Kept apart so that pgjdbc classes load only when the delegate is PostgreSQL. */
    private static final class PgSession {
        static boolean standardConformingStrings(Connection c) throws SQLException {
            // pgjdbc follows the server's ParameterStatus messages: no round trip.
            return c.unwrap(org.postgresql.core.BaseConnection.class).getStandardConformingStrings();
        }
    }

    static SQLSyntaxErrorException refused(String why) {
        return new SQLSyntaxErrorException("refused: " + why, "42501");
    }
}
