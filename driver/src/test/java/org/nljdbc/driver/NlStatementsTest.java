package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/** NL statements through the public JDBC API, with a scripted LLM over real HTTP, on real databases. */
class NlStatementsTest {
    private ScriptedLlmServer llm;

    @BeforeEach
    void startLlm() {
        llm = ScriptedLlmServer.start();
    }

    @AfterEach
    void stopLlm() {
        llm.close();
    }

    private TestDb shop(Target target) throws SQLException {
        TestDb db = TestDatabases.fresh(target, "nl");
        db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, country VARCHAR(40))",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total INTEGER NOT NULL, "
                        + "FOREIGN KEY (customer_id) REFERENCES customers(id))",
                "INSERT INTO customers VALUES (1, 'Ada', 'Brazil')",
                "INSERT INTO customers VALUES (2, 'Bo', 'Chile')",
                "INSERT INTO customers VALUES (3, 'Cy', 'Brazil')",
                "INSERT INTO orders VALUES (10, 1, 100)",
                "INSERT INTO orders VALUES (11, 1, 50)",
                "INSERT INTO orders VALUES (12, 2, 70)");
        return db;
    }

    private Properties llmProps(String... extra) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "scripted-model");
        p.setProperty("nl.llm.apiKey", "sk-test-secret-0001");
        p.setProperty("nl.llm.timeoutSeconds", "2");
        p.setProperty("nl.llm.maxAttempts", "2");
        // These tests are about the model's path: keep the LLM-free translator from answering first.
        p.setProperty("nl.symbolic.minConfidence", "1.1");
        for (int i = 0; i < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return p;
    }

    private static List<String> column(ResultSet rs, int col) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(col));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void answersAQuestionWithTheDelegatesRowsAndReportsTheSqlThatRan(Target target) throws SQLException {
        llm.reply("Here you go:\n```sql\nSELECT name FROM customers WHERE country = 'Brazil' ORDER BY id;\n```");
        try (TestDb db = shop(target);
             Connection c = DriverManager.getConnection(db.nlUrl(), llmProps());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("NL: which customers are in Brazil?")) {
                assertEquals(List.of("Ada", "Cy"), column(rs, 1));
                assertTrue(rs.getStatement() == s);
            }
            SQLWarning w = s.getWarnings();
            assertNotNull(w);
            // The result column is named from the question ("which customers"), whatever alias the model gave it.
            assertTrue(w.getMessage().startsWith("NL query ran: SELECT name AS customer FROM customers"), w.getMessage());
            NlResult result = s.unwrap(NlResult.class);
            assertTrue(result.sql().contains("customers"));
            assertTrue(result.sql().toUpperCase().contains("1000"), "the row limit is enforced: " + result.sql());
            assertEquals("llm", result.source());
            assertNotNull(result.chart());
            assertEquals(100, result.promptTokens());
            String prompt = llm.promptText(0);
            assertTrue(prompt.toLowerCase().contains("create table customers"), prompt);
            assertTrue(prompt.contains("which customers are in Brazil?"));
            // The connection is back in the caller's auto-commit mode after the NL transaction.
            assertTrue(c.getAutoCommit());
            s.executeUpdate("INSERT INTO customers VALUES (4, 'Di', 'Peru')");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
                rs.next();
                assertEquals(4, rs.getInt(1), "a plain write after an NL query is kept");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void showSqlReturnsOneRowWithSqlAndJsonReportAndRunsNothing(Target target) throws Exception {
        llm.reply("```sql\nSELECT c.name, SUM(o.total) AS spent FROM customers c JOIN orders o ON o.customer_id = c.id "
                + "GROUP BY c.name\n```");
        try (TestDb db = shop(target);
             Connection c = DriverManager.getConnection(db.nlUrl(), llmProps());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL SHOWSQL: how much did each customer spend?")) {
            assertTrue(rs.next());
            String sql = rs.getString("sql");
            assertTrue(sql.startsWith("SELECT c.name AS customer, SUM(o.total) AS spend"), sql);
            JsonNode report = new ObjectMapper().readTree(rs.getString("report"));
            assertEquals("showsql", report.get("kind").asText());
            assertEquals(sql, report.get("sql").asText());
            assertFalse(rs.next());
            assertEquals("showsql", s.unwrap(NlResult.class).kind());
            assertEquals("bar", report.get("chart").get("type").asText(), report.toString());
        }
    }

    @Test
    void findsTheQuestionAfterAMetabaseCommentAndThroughPrepareStatement() throws SQLException {
        llm.reply("SELECT COUNT(*) FROM orders").reply("SELECT COUNT(*) FROM customers");
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), llmProps())) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("-- Metabase:: userID: 1 queryType: native queryHash: abc\nNL: how many orders?")) {
                assertEquals(List.of("3"), column(rs, 1));
            }
            try (PreparedStatement ps = c.prepareStatement("/* report */ nl: how many customers?")) {
                assertEquals(0, ps.getParameterMetaData().getParameterCount());
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(List.of("3"), column(rs, 1));
                    assertTrue(rs.getStatement() == ps);
                }
                assertEquals("SELECT COUNT(*) FROM customers", ps.unwrap(NlResult.class).attempts().get(0).sql());
                SQLException e = assertThrows(SQLException.class, () -> ps.setInt(1, 5));
                assertEquals("07009", e.getSQLState());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void refusesADeleteFromTheModelAndLeavesTheDataAlone(Target target) throws SQLException {
        llm.otherwise(req -> new ScriptedLlmServer.Reply("```sql\nDELETE FROM orders\n```", 10, 5, Duration.ZERO));
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(), llmProps());
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: remove all orders"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("delete"), e.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                rs.next();
                assertEquals(3, rs.getInt(1));
            }
        }
    }

    @Test
    void refusesTwoStatementsFromTheModel() throws SQLException {
        llm.otherwise(req -> new ScriptedLlmServer.Reply("SELECT * FROM customers; DROP TABLE orders", 10, 5,
                Duration.ZERO));
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), llmProps());
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: customers"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                rs.next();
                assertEquals(3, rs.getInt(1));
            }
        }
    }

    @Test
    void proseWithoutSqlIsATranslationFailureQuotingTheModel() throws SQLException {
        llm.reply("I am sorry, the schema has no information about the weather.");
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), llmProps());
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: what is the weather?"));
            assertEquals("42000", e.getSQLState());
            assertTrue(e.getMessage().contains("no information about the weather"), e.getMessage());
        }
    }

    @Test
    void deadEndpointIsAClearConnectionErrorWithoutTheKey() throws SQLException {
        String deadUrl = llm.baseUrl();
        llm.close();
        Properties p = llmProps();
        p.setProperty("nl.llm.baseUrl", deadUrl);
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), p);
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: how many orders?"));
            assertTrue(e.getSQLState().startsWith("08"), e.getSQLState());
            assertTrue(e.getMessage().contains("LLM endpoint unavailable"), e.getMessage());
            assertFalse(String.valueOf(e).contains("sk-test-secret-0001"));
        }
    }

    @Test
    void hangingEndpointTimesOutWithinTheConfiguredTimeout() throws SQLException {
        llm.otherwise(req -> new ScriptedLlmServer.Hang());
        try (TestDb db = shop(Target.H2);
             Connection c = DriverManager.getConnection(db.nlUrl(), llmProps("nl.llm.timeoutSeconds", "1"));
             Statement s = c.createStatement()) {
            SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(SQLException.class, () -> s.executeQuery("NL: how many orders?")));
            assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + " " + e.getMessage());
        }
    }

    @Test
    void withoutAnLlmTheDriverSaysHowToConfigureOne() throws SQLException {
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl());
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeQuery("NL: which customers ordered the most, compared to last year's trend?"));
            assertTrue(e.getMessage().contains("nl.llm.provider"), e.getMessage());
        }
    }

    @Test
    void resetAndUpdateFormsBehaveAsJdbcExpects() throws SQLException {
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), llmProps());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("NL RESET")) {
                assertTrue(rs.next());
                assertEquals("conversation reset", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("NL RESET")) {
                // Tools read past the end and ask again; JDBC says next() stays false.
                assertTrue(rs.next());
                assertEquals("conversation reset", rs.getObject(1, String.class));
                assertFalse(rs.next());
                assertFalse(rs.next());
                assertFalse(rs.isClosed());
                assertTrue(rs.getStatement() == s);
            }
            assertEquals(0, s.executeUpdate("nl reset;"));
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("NL: delete old orders"));
            assertEquals("0A000", e.getSQLState());
            assertThrows(SQLException.class, () -> s.addBatch("NL: x"));
            SQLException empty = assertThrows(SQLException.class, () -> s.executeQuery("NL:   "));
            assertEquals("42000", empty.getSQLState());
        }
    }

    @Test
    void readonlyPassthroughGuardsPlainSql() throws SQLException {
        try (TestDb db = shop(Target.H2);
             Connection c = DriverManager.getConnection(db.nlUrl() + ";nl.passthrough=readonly");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                rs.next();
                assertEquals(3, rs.getInt(1));
            }
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM orders"));
            assertEquals("42501", e.getSQLState());
        }
        try (TestDb db = shop(Target.H2); Connection raw = db.open(); Statement s = raw.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            assertEquals(3, rs.getInt(1));
        }
    }

    @Test
    void apiKeyIsSentAsBearerTokenButNeverShown() throws SQLException {
        llm.reply("SELECT 1 FROM customers");
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), llmProps());
             Statement s = c.createStatement()) {
            s.executeQuery("NL: anything").close();
            Map<String, List<String>> headers = llm.requestHeaders().get(0);
            assertEquals(List.of("Bearer sk-test-secret-0001"), headers.get("Authorization"));
            assertFalse(c.toString().contains("sk-test"));
            assertFalse(s.unwrap(NlResult.class).toJson().contains("sk-test"));
        }
    }

    @Test
    void explainOfPlainSqlNeedsNoModelAndPointsOutInefficiencies() throws SQLException {
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL EXPLAIN: SELECT * FROM orders ORDER BY total")) {
            assertTrue(rs.next());
            assertEquals("SELECT * FROM orders ORDER BY total", rs.getString("sql"));
            assertTrue(rs.getString("explanation").contains("sorted by total"), rs.getString("explanation"));
            assertTrue(rs.getString("issues").contains("SELECT *"), rs.getString("issues"));
            assertTrue(rs.getString("warnings").contains("LIMIT"), "the guard's rewrite is reported: "
                    + rs.getString("warnings"));
            assertEquals(0, llm.requests().size());
        }
    }

    @Test
    void explainOfAQuestionTranslatesItAndExplainsTheSql() throws SQLException {
        llm.reply("SELECT country, COUNT(*) FROM customers GROUP BY country");
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), llmProps());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL EXPLAIN: customers per country")) {
            assertTrue(rs.next());
            assertTrue(rs.getString("explanation").contains("grouped by country"), rs.getString("explanation"));
            assertEquals("explain", s.unwrap(NlResult.class).kind());
        }
    }

    @Test
    void theConversationRemembersHowManyRowsAnAnswerHadOnceTheyAreRead() throws SQLException {
        llm.reply("SELECT name FROM customers ORDER BY id").reply("SELECT name FROM customers ORDER BY id");
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), llmProps());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("NL: all customer names")) {
                assertEquals(3, column(rs, 1).size());
            }
            NlConnection nl = (NlConnection) c;
            assertEquals(3, nl.conversation.last().orElseThrow().rowCount());
            try (ResultSet rs = s.executeQuery("NL: list every customer's name")) {
                rs.next();
            }
            assertEquals(-1, nl.conversation.last().orElseThrow().rowCount(), "closed early: the count is unknown");
        }
    }
}
