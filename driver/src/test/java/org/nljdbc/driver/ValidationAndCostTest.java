package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/** Calcite's stage through the driver: validation errors the model can fix, and the cost estimate and ceiling. */
class ValidationAndCostTest {

    private static Properties props(ScriptedLlmServer llm, String... extra) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.rateLimit.perMinute", "0"); // many model calls in one JVM: the limit is per user, "" here
        p.setProperty("nl.symbolic.minConfidence", "1.1");
        for (int i = 0; i < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return p;
    }

    private static TestDb orders(Target target) throws SQLException {
        TestDb db = TestDatabases.fresh(target, "cost");
        db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER, status VARCHAR(10))",
                "INSERT INTO orders VALUES (1, 10, 'open')", "INSERT INTO orders VALUES (2, 32, 'done')");
        return db;
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void anUnknownColumnIsCaughtBeforeTheDatabaseAndRepairedWithASuggestion(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = orders(target);
             Connection c = DriverManager.getConnection(db.nlUrl(), props(llm)); Statement s = c.createStatement()) {
            llm.reply("SELECT SUM(totl) FROM orders").reply("SELECT SUM(total) FROM orders");
            try (ResultSet rs = s.executeQuery("NL: total of all orders")) {
                rs.next();
                assertEquals(42, rs.getInt(1));
            }
            NlResult r = s.unwrap(NlResult.class);
            String error = r.attempts().get(0).error().toLowerCase();
            assertTrue(error.contains("totl") && error.contains("did you mean") && error.contains("total"), error);
            assertTrue(llm.promptText(1).contains("did you mean"), "the suggestion went back to the model");
            assertNotNull(r.cost(), "a cost estimate is reported");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void aQueryAboveTheCostCeilingIsRefusedWithTheEstimate(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = orders(target);
             Connection c = DriverManager.getConnection(db.nlUrl(), props(llm, "nl.maxCost", "0.001"));
             Statement s = c.createStatement()) {
            llm.otherwise(req -> new ScriptedLlmServer.Reply("SELECT a.id, b.id FROM orders a, orders b", 1, 1,
                    java.time.Duration.ZERO));
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: every pair of orders"));
            assertEquals("54000", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("cost"), e.getMessage());
            assertEquals(1, llm.requests().size(), "a refusal by cost is not sent back for repair");
        }
    }

    /** No model: the LLM-free translator answers; its SQL goes through the same cost ceiling. */
    private static Properties llmFree(String... extra) {
        Properties p = new Properties();
        for (int i = 0; i < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return p;
    }

    @org.junit.jupiter.api.Test
    void maxCostRefusesAnLlmFreeAnswer() throws Exception {
        try (TestDb db = orders(Target.H2)) {
            try (Connection c = DriverManager.getConnection(db.nlUrl(), llmFree());
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: how many orders are there?")) {
                assertTrue(rs.next());
                assertEquals("symbolic", s.unwrap(NlResult.class).source());
            }
            try (Connection c = DriverManager.getConnection(db.nlUrl(), llmFree("nl.maxCost", "0.0001"));
                 Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: how many orders are there?"));
                assertEquals("54000", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().toLowerCase().contains("cost"), e.getMessage());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void explainOfAnLlmFreeAnswerHasItsCost() throws Exception {
        try (TestDb db = orders(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), llmFree());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL SHOWSQL: how many orders are there?")) {
            assertTrue(rs.next());
            assertNotNull(rs.getString("cost"), "the LLM-free answer has a cost estimate");
            assertTrue(rs.getString("report").contains("\"cost\""), rs.getString("report"));
        }
    }

    @org.junit.jupiter.api.Test
    void withAModelConfiguredTheModelAnswersUnlessTheLlmFreeThresholdIsSet() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = orders(Target.H2)) {
            llm.otherwise(req -> new ScriptedLlmServer.Reply("SELECT COUNT(*) FROM orders", 1, 1, java.time.Duration.ZERO));
            Properties model = props(llm, "nl.rateLimit.perMinute", "0");
            model.remove("nl.symbolic.minConfidence");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), model); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: how many orders are there?")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
                assertEquals("llm", s.unwrap(NlResult.class).source());
            }
            model.setProperty("nl.symbolic.minConfidence", "0.7");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), model); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: how many orders are there?")) {
                assertTrue(rs.next());
                assertEquals("symbolic", s.unwrap(NlResult.class).source());
            }
            assertEquals(1, llm.requests().size());
        }
    }

    @org.junit.jupiter.api.Test
    void explainOfAnLlmFreeQuestionReportsItsCost() throws Exception {
        try (TestDb db = orders(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), llmFree());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL EXPLAIN: how many orders are there?")) {
            assertTrue(rs.next());
            NlResult r = s.unwrap(NlResult.class);
            assertEquals("symbolic", r.source());
            assertNotNull(r.cost(), "the LLM-free answer explained has a cost estimate");
            String report = rs.getString("report");
            assertTrue(report.contains("\"cost\"") && !report.contains("\"cost\":null"), report);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void explainFlagsACommaJoinWithoutCondition(Target target) throws Exception {
        try (TestDb db = orders(target)) {
            db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(20))");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), llmFree()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(
                         "NL EXPLAIN: SELECT * FROM orders o, customers c WHERE o.status LIKE '%deliv%'")) {
                assertTrue(rs.next());
                String issues = rs.getString("issues");
                assertTrue(issues.contains("no join condition") && issues.contains("customers"), issues);
                assertTrue(issues.contains("wildcard"), issues);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void showSqlReportsTheDatabasesOwnEstimateWithCostExplain(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = orders(target);
             Connection c = DriverManager.getConnection(db.nlUrl(), props(llm, "nl.cost.explain", "true"));
             Statement s = c.createStatement()) {
            llm.reply("SELECT status, SUM(total) FROM orders GROUP BY status");
            try (ResultSet rs = s.executeQuery("NL SHOWSQL: revenue per status")) {
                rs.next();
                String cost = rs.getString("cost");
                assertNotNull(cost);
                assertTrue(cost.toLowerCase().contains("database"), cost);
            }
        }
    }
}
