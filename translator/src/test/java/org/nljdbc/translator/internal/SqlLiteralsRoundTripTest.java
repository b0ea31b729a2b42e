package org.nljdbc.translator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.sf.jsqlparser.expression.StringValue;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.guard.SqlLiterals;
import org.nljdbc.guard.Verdict;
import org.nljdbc.guard.VisibleSchema;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * A literal from {@link SqlLiterals} is read back as exactly its value, by the guard (which accepts
 * {@code SELECT <literal>} unchanged but for its LIMIT) and by the real database that runs the guarded text:
 * PostgreSQL, MariaDB, H2 and SQLite, for text full of quotes, backslashes, comment markers, newlines and
 * quote look-alikes.
 */
class SqlLiteralsRoundTripTest {
    private static final SqlGuard GUARD = new SqlGuard(Policy.defaults());
    private static final Map<Target, TestDb> DBS = new EnumMap<>(Target.class);
    private static final Map<Target, Connection> CONNECTIONS = new EnumMap<>(Target.class);

    @AfterContainer
    static void closeDatabases() throws SQLException {
        for (Connection c : CONNECTIONS.values()) {
            c.close();
        }
        DBS.values().forEach(TestDb::close);
        CONNECTIONS.clear();
        DBS.clear();
    }

    private static synchronized Connection connection(Target target) throws SQLException {
        Connection c = CONNECTIONS.get(target);
        if (c == null) {
            TestDb db = TestDatabases.fresh(target, "literals");
            DBS.put(target, db);
            c = db.open();
            CONNECTIONS.put(target, c);
        }
        return c;
    }

    private static Dialect dialect(Target t) {
        return switch (t) {
            case H2 -> Dialect.H2;
            case SQLITE -> Dialect.SQLITE;
            case POSTGRESQL -> Dialect.POSTGRESQL;
            case MARIADB -> Dialect.MARIADB;
        };
    }

    /** The value, written as a literal, guarded and run as {@code SELECT <literal> AS v}, comes back unchanged. */
    private static void roundTrip(Target target, String value) throws SQLException {
        Dialect dialect = dialect(target);
        String literal;
        try {
            literal = SqlLiterals.string(value, dialect);
        } catch (IllegalArgumentException e) {
            // The refusals a NUL-free, well-formed value may meet (see SqlLiterals): a backslash before a quote, and
            // on PostgreSQL, a value ending in an odd run of them; the guard refuses both spellings.
            assertTrue(value.contains("\\'") || value.endsWith("\\") && dialect.equals(Dialect.POSTGRESQL),
                    () -> e + " for " + value);
            return;
        }
        assertEquals(literal, new StringValue(literal).toString(), "a StringValue prints the literal as given");
        Verdict v = GUARD.check("SELECT " + literal + " AS v", dialect, VisibleSchema.empty());
        if (v instanceof Verdict.Refused r && r.reason() == Verdict.Reason.EXECUTABLE_COMMENT) {
            // The guard refuses MySQL's /*! anywhere, literals included: refused, never run differently.
            assertTrue(value.contains("/*!") || value.toLowerCase(java.util.Locale.ROOT).contains("/*m!"), r::message);
            return;
        }
        Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, v, () -> v + " for " + literal);
        assertTrue(accepted.sql().contains(literal), () -> "the guard kept the literal: " + accepted.sql());
        try (Statement s = connection(target).createStatement(); ResultSet rs = s.executeQuery(accepted.sql())) {
            assertTrue(rs.next());
            assertEquals(value, rs.getString(1), () -> "read back from " + accepted.sql());
            assertTrue(!rs.next(), "one row");
        }
    }

    @Property(tries = 300)
    void roundTripsOnPostgresql(@ForAll("values") String value) throws SQLException {
        roundTrip(Target.POSTGRESQL, value);
    }

    @Property(tries = 300)
    void roundTripsOnMariaDb(@ForAll("values") String value) throws SQLException {
        roundTrip(Target.MARIADB, value);
    }

    @Property(tries = 300)
    void roundTripsOnH2(@ForAll("values") String value) throws SQLException {
        roundTrip(Target.H2, value);
    }

    @Property(tries = 300)
    void roundTripsOnSqlite(@ForAll("values") String value) throws SQLException {
        roundTrip(Target.SQLITE, value);
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("'", "''", "\\", "\\'", "\\\\", "\"", "`", "--", "-- ", "#", "/*", "*/", "/*!", ";",
                        "\n", "\r\n", "\t", " ", "union select marker from canary", "' OR '1'='1", "$$", "$a$",
                        "%", "_", "?", ":x", "\u2019", "\uFF07", "\u02BC", "\u00A0", "\u200B", "\uFEFF",
                        "\uD83D\uDE00", "E'", "N'", "0x27", "\\0", "\\n", "\\Z", "\\%", "é"),
                Arbitraries.strings().withChars("a'\\\"-/*;# \n").ofMinLength(1).ofMaxLength(5));
        return piece.list().ofMinSize(0).ofMaxSize(8).map(ps -> String.join("", ps));
    }

    @Test
    void fixedExamplesOnEveryDatabase() throws SQLException {
        try {
            for (Target t : Target.values()) {
                for (String v : new String[] {"", "x'union/**/select/**/marker/**/from/**/canary--",
                        "x\\", "x\\\\", "Brazil' OR '1'='1", "a */ b /* c", "line\nbreak", "x\uFF07y", "it\u2019s",
                        "\\'", "'\\"}) {
                    roundTrip(t, v);
                }
            }
        } finally {
            closeDatabases();
        }
    }

    @Test
    void quotesAreDoubledAndBackslashesDoubledOnlyWhereTheyEscape() {
        assertEquals("'it''s'", SqlLiterals.string("it's", Dialect.POSTGRESQL));
        // On PostgreSQL 'x\' ends at its last quote only with standard_conforming_strings on.
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.string("x\\", Dialect.POSTGRESQL));
        assertEquals("'x\\\\'", SqlLiterals.string("x\\\\", Dialect.POSTGRESQL));
        assertEquals("'x\\'", SqlLiterals.string("x\\", Dialect.H2));
        assertEquals("'x\\\\'", SqlLiterals.string("x\\", Dialect.MARIADB));
        assertEquals("'x\\\\'", SqlLiterals.string("x\\", Dialect.MYSQL));
        assertEquals("'x\\\\'", SqlLiterals.string("x\\", Dialect.SNOWFLAKE));
        assertEquals("'it''s'", SqlLiterals.string("it's", Dialect.MARIADB));
        assertEquals("'x\uFF07\u2019\u02BC'", SqlLiterals.string("x\uFF07\u2019\u02BC", Dialect.SQLSERVER));
    }

    @Test
    void refusesWhatCannotBeWrittenSafely() {
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.string("a\u0000b", Dialect.POSTGRESQL));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.string("a\uD800b", Dialect.POSTGRESQL));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.string("a\\b", Dialect.GENERIC));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.string("a\\'b", Dialect.POSTGRESQL));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.string(null, Dialect.POSTGRESQL));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.string("a\\'b", Dialect.MARIADB));
    }

    @Test
    void numbersArePlainNumeralsOnly() {
        assertEquals("42", SqlLiterals.number("42"));
        assertEquals("3.25", SqlLiterals.number("3.25"));
        assertEquals("1e10", SqlLiterals.number("1e10"));
        assertEquals("(-7)", SqlLiterals.number("-7"), "never '--' after a minus");
        for (String bad : new String[] {"", " 1", "1 ", "+1", "1;", "1--", "0x1F", "NaN", "1,000", "1.", ".5", "--1",
                "1 OR 1=1", "1e", "١٢"}) {
            assertThrows(IllegalArgumentException.class, () -> SqlLiterals.number(bad), bad);
        }
        assertEquals("(-9223372036854775808)", SqlLiterals.integer(Long.MIN_VALUE));
        assertEquals("12", SqlLiterals.integer(12));
    }
}
