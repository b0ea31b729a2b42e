package org.nljdbc.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The literal rule when the caller pins PostgreSQL's standard_conforming_strings on for the transaction the text runs
 * in ({@link SqlGuard#withPinnedStandardStrings}): a backslash in a plain literal is an ordinary character, as the
 * database then reads it, so Spark's pushed-down {@code LIKE '%x%' ESCAPE '\'} is accepted. Without the pin, and on
 * every other dialect, a backslash before a quote stays refused; {@code E'...'} strings with backslashes always are.
 */
class PinnedStandardStringsTest {
    private static final VisibleSchema SCHEMA = VisibleSchema.of(Map.of(
            "orders", List.of("id", "status"), "payroll", List.of("secret")));
    private static final Policy POLICY = new Policy(100, List.of(), List.of("payroll"), List.of(), null, null, false);
    private static final SqlGuard PLAIN = new SqlGuard(POLICY);
    private static final SqlGuard PINNED = new SqlGuard(POLICY).withPinnedStandardStrings();
    private static final String SPARK = "SELECT * FROM (SELECT id, status FROM orders) SPARK_GEN_SUBQ_0 "
            + "WHERE (\"status\" IS NOT NULL) AND (\"status\" LIKE '%liver%' ESCAPE '\\')";

    @Test
    void acceptsSparksEscapeClauseUnchangedWhenPinned() {
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class,
                PINNED.check(SPARK, Dialect.POSTGRESQL, SCHEMA));
        assertTrue(a.sql().startsWith(SPARK), a.sql());
        assertTrue(PINNED.pinnedStandardStrings());
        assertFalse(PLAIN.pinnedStandardStrings());
    }

    @Test
    void refusesSparksEscapeClauseWithoutThePin() {
        Verdict.Refused r = assertInstanceOf(Verdict.Refused.class, PLAIN.check(SPARK, Dialect.POSTGRESQL, SCHEMA));
        assertTrue(r.message().contains("standard_conforming_strings"), r.message());
    }

    @Test
    void thePinChangesNothingForOtherDialects() {
        for (Dialect d : List.of(Dialect.MARIADB, Dialect.MYSQL, Dialect.GENERIC, Dialect.SNOWFLAKE)) {
            String sql = "SELECT id FROM orders WHERE status LIKE '%x%' ESCAPE '\\'";
            if (d != Dialect.SNOWFLAKE) { // Snowflake reads the backslash as an escape, as the guard does
                assertInstanceOf(Verdict.Refused.class, PINNED.check(sql, d, SCHEMA), d.toString());
            }
            assertEquals(PLAIN.check(sql, d, SCHEMA).getClass(), PINNED.check(sql, d, SCHEMA).getClass(), d.toString());
            if (d == Dialect.MARIADB) {
                String m = ((Verdict.Refused) PINNED.check(sql, d, SCHEMA)).message();
                assertTrue(m.contains("Spark") && m.contains("= or IN"), m);
            }
        }
    }

    @Test
    void refusesABackslashBeforeADoubledQuoteWhichTheParserReadsOtherwise() {
        // PostgreSQL reads '\'' ... ' as one literal; JSqlParser does not agree, so the guard refuses it either way.
        for (String sql : List.of("SELECT '\\'' OR (SELECT max(secret) FROM payroll) = ' AS x FROM orders",
                "SELECT 'a\\\\\\'' , (SELECT max(secret) FROM payroll) AS x -- ' FROM orders")) {
            Verdict.Refused r = assertInstanceOf(Verdict.Refused.class, PINNED.check(sql, Dialect.POSTGRESQL, SCHEMA));
            assertTrue(r.message().contains("doubled quote"), r.message());
            assertInstanceOf(Verdict.Refused.class, PLAIN.check(sql, Dialect.POSTGRESQL, SCHEMA));
        }
    }

    @Test
    void acceptsBackslashesThatEndALiteralOrSitInsideIt() {
        for (String sql : List.of("SELECT '\\' AS a, 'b' AS c FROM orders", "SELECT 'a\\\\' AS a FROM orders",
                "SELECT '\\\\\\' AS a, '\\' AS b, 'c' AS c FROM orders",
                "SELECT id FROM orders WHERE status LIKE 'x\\_%' ESCAPE '\\' OR status = 'it''s\\n'")) {
            Verdict v = PINNED.check(sql, Dialect.POSTGRESQL, SCHEMA);
            Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, sql + " " + v);
            assertTrue(a.sql().startsWith(sql), a.sql());
        }
    }

    @Test
    void aTableBehindAOneBackslashLiteralIsStillSeenAsCode() {
        // With backslashes plain, '\' ends at once, so the payroll subquery is code to the database and to the guard.
        String sql = "SELECT '\\' , (SELECT max(secret) FROM payroll) AS x -- '";
        Verdict.Refused r = assertInstanceOf(Verdict.Refused.class, PINNED.check(sql, Dialect.POSTGRESQL, SCHEMA));
        assertTrue(r.message().toLowerCase(java.util.Locale.ROOT).contains("payroll"), r.message());
        String stacked = "SELECT '\\' AS a FROM orders; DELETE FROM orders --'";
        assertInstanceOf(Verdict.Refused.class, PINNED.check(stacked, Dialect.POSTGRESQL, SCHEMA));
    }

    @Test
    void escapeStringsWithBackslashesStayRefusedWhenPinned() {
        for (String sql : List.of("SELECT E'\\'' , (SELECT max(secret) FROM payroll) AS x -- '",
                "SELECT e'\\\\' AS x FROM orders", "SELECT id FROM orders WHERE status LIKE E'%\\x27%' ESCAPE '\\'",
                "SELECT U&'\\0027' AS x FROM orders")) {
            assertInstanceOf(Verdict.Refused.class, PINNED.check(sql, Dialect.POSTGRESQL, SCHEMA), sql);
        }
    }

    @Test
    void aPinnedGuardKeepsTheFlagThroughItsRewrites() {
        // A tenant filter makes the guard rewrite and check the text again: the second pass must read it the same way.
        SqlGuard tenant = new SqlGuard(new Policy(100, List.of(), List.of(), List.of(), "id", "7", false))
                .withPinnedStandardStrings();
        Verdict v = tenant.check("SELECT status FROM orders WHERE status LIKE '%a\\%%' ESCAPE '\\'",
                Dialect.POSTGRESQL, SCHEMA);
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v);
        assertTrue(a.sql().contains("LIKE '%a\\%%' ESCAPE '\\'"), a.sql());
        assertEquals(List.of("7"), a.parameters());
    }
}
