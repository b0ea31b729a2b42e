package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * The query timeout holds on every delegate, including drivers whose own {@code setQueryTimeout} does not stop
 * every statement: a count over an infinite recursive CTE (LIMIT does not help, the count never finishes) is
 * cancelled at {@code nl.queryTimeoutSeconds}, the caller gets a {@link SQLTimeoutException}, and the connection
 * goes on working.
 */
class QueryTimeoutTest {
    private static final String ENDLESS =
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r";

    private static Properties admin(ScriptedLlmServer llm, String timeout) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "2");
        p.setProperty("nl.queryTimeoutSeconds", timeout);
        return p;
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"SQLITE", "H2"})
    void anEndlessRecursiveCountIsCancelledAtTheQueryTimeout(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "endless")) {
            db.exec("CREATE TABLE numbers (n INTEGER)", "INSERT INTO numbers VALUES (1)");
            // H2 reads a same-named table before a CTE, so the guard refuses CTEs there: a cross join of 2,000 rows
            // four times over never ends either.
            String endless = ENDLESS;
            if (target == Target.H2) {
                db.exec("INSERT INTO numbers SELECT x + 1 FROM system_range(1, 1999)");
                endless = "SELECT count(*) FROM numbers a, numbers b, numbers c, numbers d";
            }
            llm.reply(endless).reply("SELECT min(n) FROM numbers");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), admin(llm, "1"));
                 Statement s = c.createStatement()) {
                long start = System.nanoTime();
                SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> assertThrows(SQLException.class, () -> s.executeQuery("NL: count forever")));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertInstanceOf(SQLTimeoutException.class, e, e.toString());
                assertTrue(Set.of("57014", "HYT00").contains(e.getSQLState()), e.getSQLState());
                assertTrue(millis < 15_000, "cancelled near the 1 s timeout, took " + millis + " ms");

                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertTrue(rs.next(), "plain SQL still runs on the connection");
                }
                try (ResultSet rs = s.executeQuery("NL: every number")) {
                    assertTrue(rs.next(), "and so does the next NL query");
                    assertEquals(1, rs.getInt(1));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"SQLITE"})
    void theCallersShorterTimeoutIsKeptToo(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "endless2")) {
            db.exec("CREATE TABLE numbers (n INTEGER)");
            llm.reply(ENDLESS);
            try (Connection c = DriverManager.getConnection(db.nlUrl(), admin(llm, "600"));
                 Statement s = c.createStatement()) {
                s.setQueryTimeout(1);
                SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> assertThrows(SQLException.class, () -> s.executeQuery("NL: count forever")));
                assertInstanceOf(SQLTimeoutException.class, e, e.toString());
            }
        }
    }
}
