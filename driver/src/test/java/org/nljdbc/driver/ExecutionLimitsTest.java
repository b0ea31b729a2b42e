package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/** The limits every NL query runs under: read-only transaction, timeout, row limit, result size. */
class ExecutionLimitsTest {

    private static Properties llm(ScriptedLlmServer llm, String... extra) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.llm.maxAttempts", "1");
        for (int i = 0; i < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return p;
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void theNlTransactionRefusesWritesEvenIfSomethingGotPastTheGuard(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "ro"); Connection c = db.open()) {
            db.exec("CREATE TABLE canary (id INTEGER)");
            ReadOnlyScope scope = ReadOnlyScope.enter(c, target == Target.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MARIADB);
            try (Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO canary VALUES (1)"));
                assertTrue(e.getMessage().toLowerCase().contains("read"), e.getMessage());
            } finally {
                scope.exit();
            }
            assertTrue(c.getAutoCommit(), "the caller's auto-commit is back");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM canary")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }

    @Test
    void aLongNlQueryIsCancelledAtTheQueryTimeout() throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "to");
             Connection c = DriverManager.getConnection(db.nlUrl(), llm(server, "nl.queryTimeoutSeconds", "1"));
             Statement s = c.createStatement()) {
            db.exec("CREATE TABLE numbers (n INTEGER)");
            server.reply("SELECT COUNT(*) FROM generate_series(1, 2000000000) a");
            SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(SQLException.class, () -> s.executeQuery("NL: count to two billion")));
            assertEquals("57014", e.getSQLState(), e.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next(), "the connection is usable after the cancelled query");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void rowsAreLimitedToMaxRowsEvenWhenTheModelAsksForMore(Target target) throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "rows")) {
            db.exec("CREATE TABLE r (id INTEGER)");
            StringBuilder insert = new StringBuilder("INSERT INTO r VALUES (1)");
            for (int i = 2; i <= 30; i++) {
                insert.append(", (").append(i).append(')');
            }
            db.exec(insert.toString());
            server.reply("SELECT id FROM r ORDER BY id LIMIT 500");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), llm(server, "nl.maxRows", "7"));
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: all ids")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(7, n);
            }
        }
    }

    @Test
    void aResultLargerThanMaxResultBytesStopsWithAClearError() throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.H2, "bytes")) {
            db.exec("CREATE TABLE big (s VARCHAR(2000))");
            db.exec("INSERT INTO big SELECT REPEAT('x', 1000) FROM SYSTEM_RANGE(1, 50)");
            server.reply("SELECT s FROM big");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), llm(server, "nl.maxResultBytes", "10000"));
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: everything")) {
                SQLException e = assertThrows(SQLException.class, () -> {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                });
                assertEquals("54000", e.getSQLState());
                assertTrue(e.getMessage().contains("nl.maxResultBytes"), e.getMessage());
            }
        }
    }
}
