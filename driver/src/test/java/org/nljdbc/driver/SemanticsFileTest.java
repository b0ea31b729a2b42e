package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nljdbc.driver.demo.ShopDatabase;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;

/**
 * The shipped shop semantics file ({@code nl.semantics}) through JDBC: loaded and validated (a broken file fails the
 * connection naming its line), its descriptions, metrics and most similar verified examples in the model's prompt,
 * its metric pulling its table into a cut-down schema, its examples answering without a model, and nothing of it
 * over a table the policy denies.
 */
class SemanticsFileTest {
    private static final String DB = "semantics_" + ProcessHandle.current().pid();
    private static Connection keepAlive;
    private static Path semantics;

    @BeforeAll
    static void load(@TempDir Path dir) throws Exception {
        keepAlive = DriverManager.getConnection("jdbc:h2:mem:" + DB + ";DB_CLOSE_DELAY=-1");
        ShopDatabase.create(keepAlive);
        semantics = dir.resolve("shop-semantics.yaml");
        try (InputStream in = ShopDatabase.class.getResourceAsStream("shop-semantics.yaml")) {
            Files.copy(in, semantics);
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("SHUTDOWN");
        }
        keepAlive.close();
    }

    private static Properties withModel(ScriptedLlmServer llm, String distinct) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.symbolic.minConfidence", "2");
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.cache.ttlSeconds", distinct);
        return p;
    }

    @Test
    void thePromptCarriesDescriptionsMetricsAndTheMostSimilarExamples() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
            llm.reply("SELECT AVG(total_amount) FROM orders");
            Properties p = withModel(llm, "4101");
            p.setProperty("nl.semantics", semantics.toString());
            try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:" + DB, p); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: average order value of delivered orders")) {
                assertTrue(rs.next());
            }
            String prompt = llm.promptText(0);
            assertTrue(prompt.contains("table orders: One row per order a customer placed"), prompt);
            assertTrue(prompt.contains("metric \"average order value\" = AVG(CASE WHEN orders.status <> 'cancelled' THEN orders.total_amount END)"), prompt);
            assertTrue(prompt.contains("filter \"active customers\""), prompt);
            assertTrue(prompt.contains("-- Q: What is the average order value?\nSELECT AVG(total_amount) AS "
                    + "average_order_value FROM orders WHERE status <> 'cancelled';"), "the most similar example first: "
                    + prompt);
            assertTrue(prompt.indexOf("What is the average order value?") < prompt.indexOf("Monthly revenue in 2024")
                    || !prompt.contains("Monthly revenue in 2024"), prompt);
        }
    }

    @Test
    void nothingOverADeniedTableReachesThePrompt() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
            llm.reply("SELECT COUNT(*) FROM products");
            Properties p = withModel(llm, "4102");
            p.setProperty("nl.semantics", semantics.toString());
            p.setProperty("nl.tables.deny", "order_items");
            try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:" + DB, p); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: best selling product by units sold")) {
                assertTrue(rs.next());
            }
            String prompt = llm.promptText(0);
            assertFalse(prompt.contains("units sold\" ="), "a metric over a denied table is not offered: " + prompt);
            assertFalse(prompt.toLowerCase().contains("order_items"), prompt);
            assertFalse(prompt.contains("best selling product?"), "nor an example that reads it: " + prompt);
            assertTrue(prompt.contains("metric \"average order value\""), prompt);
        }
    }

    @Test
    void aMetricPullsItsTableIntoACutDownSchema() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
            llm.reply("SELECT 1").reply("SELECT 1");
            Properties without = withModel(llm, "4103");
            without.setProperty("nl.retrieval.maxPromptTokens", "120");
            Properties with = withModel(llm, "4104");
            with.setProperty("nl.retrieval.maxPromptTokens", "120");
            with.setProperty("nl.semantics", semantics.toString());
            String question = "NL: aov";
            java.util.List<String> tablesWithout;
            try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:" + DB, without);
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery(question)) {
                tablesWithout = s.unwrap(NlResult.class).tables();
            }
            try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:" + DB, with);
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery(question)) {
                java.util.List<String> tablesWith = s.unwrap(NlResult.class).tables();
                assertFalse(tablesWithout.stream().anyMatch(t -> t.equalsIgnoreCase("orders")), tablesWithout::toString);
                assertTrue(tablesWith.stream().anyMatch(t -> t.equalsIgnoreCase("orders")), tablesWith::toString);
            }
        }
    }

    @Test
    void aVerifiedExampleOfTheFileAnswersWithoutAModel() throws Exception {
        Properties p = new Properties();
        p.setProperty("nl.semantics", semantics.toString());
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:" + DB, p); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: what is the average order value")) {
            assertTrue(rs.next());
            assertEquals("example", s.unwrap(NlResult.class).source());
        }
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:" + DB); Statement s = c.createStatement()) {
            assertThrows(SQLException.class, () -> s.executeQuery("NL: what is the average order value"),
                    "without the file the demo cannot answer it");
        }
    }

    @Test
    void aBrokenFileFailsTheConnectionNamingTheLine(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "tables:\n  orders:\n    description: orders\nmetrics:\n  - name: aov\n"
                + "    tables: [orders]\n  - name: units\n    sql: SUM(quantity)\n    tabels: [order_items]\n");
        Properties p = new Properties();
        p.setProperty("nl.semantics", broken.toString());
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:" + DB, p).close());
        assertEquals("HY024", e.getSQLState());
        // A missing field is noticed where its entry ends (line 7, where the next one starts); the entry is named.
        assertTrue(e.getMessage().contains("line 7 (metrics[0])")
                && e.getMessage().contains("metric \"aov\" needs its sql"),
                e.getMessage());
        Files.writeString(broken, "metrics:\n  - name: units\n    sql: SUM(quantity)\n    tabels: [order_items]\n");
        e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:nl:h2:mem:" + DB, p).close());
        assertTrue(e.getMessage().contains("(metrics[0])") && e.getMessage().contains("needs the tables it reads"),
                "a misspelt key leaves the entry without it: " + e.getMessage());
        Files.writeString(broken, "tables:\n  orders:\n    description: orders\nmetric:\n  - name: units\n");
        e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:nl:h2:mem:" + DB, p).close());
        // The line is where the parser noticed the error (for YAML, the end of the unknown entry); the entry is named.
        assertTrue(e.getMessage().matches(".*line [4-6] \\(metric\\): Unrecognized field \"metric\".*"),
                e.getMessage());
    }
}
