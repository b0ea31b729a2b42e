package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * {@code nl.maxResultBytes} holds while rows stream: twelve rows of four million characters each stop with
 * SQLState 54000 as soon as the rows read pass the limit, long before the twelfth arrives, because NL queries
 * fetch a bounded number of rows at a time (PostgreSQL inside the NL transaction, MariaDB with a fetch size).
 */
class StreamingResultLimitTest {

    private static Properties admin(ScriptedLlmServer llm, String maxBytes) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "2");
        p.setProperty("nl.catalog.sampleValues", "false");
        p.setProperty("nl.maxResultBytes", maxBytes);
        return p;
    }

    private static void fill(TestDb db, Target target) throws SQLException {
        db.exec(target == Target.MARIADB ? "CREATE TABLE big (id INT, s LONGTEXT)" : "CREATE TABLE big (id INT, s TEXT)");
        for (int i = 1; i <= 12; i++) {
            db.exec("INSERT INTO big VALUES (" + i + ", REPEAT('x', 4000000))");
        }
    }

    /** Reads until the limit stops it; returns how many rows were read whole. */
    private static int readUntilRefused(Statement s) throws SQLException {
        AtomicInteger rows = new AtomicInteger();
        try (ResultSet rs = s.executeQuery("NL: every big row")) {
            SQLException e = assertThrows(SQLException.class, () -> {
                while (rs.next()) {
                    rs.getString("s");
                    rows.incrementAndGet();
                }
            });
            assertEquals("54000", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("nl.maxResultBytes"), e.getMessage());
        }
        return rows.get();
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void aHugeResultStopsAtMaxResultBytesBeforeTheDelegateHasReadItAll(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "stream")) {
            fill(db, target);
            llm.reply("SELECT id, s FROM big ORDER BY id").reply("SELECT id, s FROM big ORDER BY id")
                    .reply("SELECT id, s FROM big ORDER BY id");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), admin(llm, "1000000"));
                 Statement s = c.createStatement()) {
                s.setFetchSize(1);
                assertEquals(0, readUntilRefused(s), "the first row is already over the limit");
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertTrue(rs.next(), "the connection is usable afterwards");
                }
            }
            try (Connection c = DriverManager.getConnection(db.nlUrl(), admin(llm, "20000000"));
                 Statement s = c.createStatement()) {
                s.setFetchSize(1);
                assertEquals(2, readUntilRefused(s), "about 8 MB a row: the third row passes 20 MB");
            }
            try (Connection c = DriverManager.getConnection(db.nlUrl(), admin(llm, "20000000"));
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: every big row again")) {
                assertEquals(NlStatement.NL_FETCH_SIZE, rs.getFetchSize(),
                        "without a fetch size of the caller's, NL queries still fetch a bounded number of rows");
            }
        }
    }
}
