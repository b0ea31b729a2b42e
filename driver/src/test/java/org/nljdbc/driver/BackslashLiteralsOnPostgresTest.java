package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Spark's pushed-down string filters ({@code LIKE '%x%' ESCAPE '\'}) around a wrapped question, and plain SQL with a
 * backslash literal under {@code nl.passthrough=readonly}, on PostgreSQL: the NL transaction pins
 * standard_conforming_strings on, so the guard reads the backslash as the plain character the database reads.
 */
class BackslashLiteralsOnPostgresTest {
    private static final String PER_STATUS = "SELECT status, COUNT(*) AS n FROM orders GROUP BY status";
    private ScriptedLlmServer llm;

    @BeforeEach
    void startLlm() {
        llm = ScriptedLlmServer.start();
        llm.otherwise(req -> ScriptedLlmServer.completion(PER_STATUS));
    }

    @AfterEach
    void stopLlm() {
        llm.close();
    }

    private static TestDb shop() throws SQLException {
        TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "bslike");
        db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(20) NOT NULL)",
                "CREATE TABLE salaries (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)",
                "INSERT INTO orders VALUES (1, 'delivered'), (2, 'delivered'), (3, 'shipped'), (4, 'a_b\\c'), "
                        + "(5, 'axbc')",
                "INSERT INTO salaries VALUES (1, 123456)");
        return db;
    }

    private Properties props(String... extra) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "scripted-model");
        p.setProperty("nl.llm.apiKey", "sk-test-secret-0001");
        p.setProperty("nl.llm.timeoutSeconds", "2");
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "1.1");
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.tables.deny", "salaries");
        for (int i = 0; i < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return p;
    }

    /** What Spark 3.5 sends for {@code col("status").contains(x)} over {@code query=NL: ...} (see SparkJdbcIT). */
    private static String spark(String pattern) {
        return "SELECT \"status\",\"orders\" FROM (NL: how many orders per status?) SPARK_GEN_SUBQ_0  WHERE (\"status\" IS "
                + "NOT NULL) AND (\"status\" LIKE '" + pattern + "' ESCAPE '\\')    ";
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(1) + "=" + rs.getString(2));
        }
        out.sort(null);
        return out;
    }

    @Test
    void sparksContainsFilterOnAWrappedQuestionReturnsTheMatchingRows() throws SQLException {
        try (TestDb db = shop(); Connection c = DriverManager.getConnection(db.nlUrl(), props());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(spark("%liver%"))) {
                assertEquals(List.of("delivered=2"), rows(rs));
            }
            // Spark escapes _ and \ in the value with the backslash: contains("a_b\\c") is %a\_b\\c%.
            try (ResultSet rs = s.executeQuery(spark("%a\\_b\\\\c%"))) {
                assertEquals(List.of("a_b\\c=1"), rows(rs), "the escaped _ matches only itself");
            }
            try (PreparedStatement ps = c.prepareStatement(spark("%ship%")); ResultSet rs = ps.executeQuery()) {
                assertEquals(List.of("shipped=1"), rows(rs), "prepared, as Spark's executors run it");
            }
            c.setAutoCommit(false); // the caller's transaction: the question runs on nljdbc's own connection
            try (ResultSet rs = s.executeQuery(spark("%e%"))) {
                assertEquals(List.of("delivered=2", "shipped=1"), rows(rs));
            }
            c.rollback();
        }
    }

    @Test
    void aBackslashLiteralCannotHideADeniedTableFromTheGuard() throws SQLException {
        try (TestDb db = shop(); Connection c = DriverManager.getConnection(db.nlUrl(), props());
             Statement s = c.createStatement()) {
            // '\' ends at once on PostgreSQL here, so the subquery is code, and the guard sees it as code.
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM (NL: how many orders "
                    + "per status?) t WHERE t.status = '\\' OR (SELECT max(amount) FROM salaries) > 0 --'"));
            assertTrue(e.getMessage().contains("salaries"), e.getMessage());
            assertTrue(!e.getMessage().contains("123456"), "no secret in the message");
            for (String sql : List.of("SELECT * FROM (NL: how many orders per status?) t WHERE t.status = E'\\'' OR "
                    + "(SELECT max(amount) FROM salaries) > 0 --'", "SELECT * FROM (NL: how many orders per status?) t "
                    + "WHERE t.status = '\\'' OR (SELECT max(amount) FROM salaries) > 0 --'")) {
                assertThrows(SQLException.class, () -> s.executeQuery(sql), sql);
            }
        }
    }

    @Test
    void readonlyPassthroughRunsPlainSqlWithABackslashLiteral() throws SQLException {
        try (TestDb db = shop(); Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.passthrough", "readonly"));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT status, id FROM orders WHERE status LIKE '%\\\\%' ESCAPE '\\'")) {
                assertEquals(List.of("a_b\\c=4"), rows(rs));
            }
            assertThrows(SQLException.class, () -> s.execute("SET standard_conforming_strings = off"));
            assertThrows(SQLException.class, () -> s.executeQuery(
                    "SELECT set_config('standard_conforming_strings', 'off', false)"));
        }
    }
}
