package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Result columns are named from the question's words and the schema, the same every time: whatever aliases the
 * model chose (or none), a report designed against {@code category, revenue} keeps working; through JDBC on real
 * databases, with a scripted model over HTTP and with the LLM-free translator.
 */
class ResultColumnNamesTest {
    private static final String QUESTION = "revenue by category";
    /** Three ways a model writes the same query: other aliases, none, an ORDER BY on its own alias. */
    private static final String[] MODEL_SQL = {
        "SELECT c.name AS category_name, SUM(oi.quantity * oi.unit_price) AS total_revenue FROM order_items oi "
            + "JOIN products p ON p.id = oi.product_id JOIN categories c ON c.id = p.category_id GROUP BY c.name "
            + "ORDER BY total_revenue DESC",
        "SELECT c.name, SUM(oi.quantity * oi.unit_price) FROM order_items oi JOIN products p ON p.id = oi.product_id "
            + "JOIN categories c ON c.id = p.category_id GROUP BY c.name",
        "SELECT SUM(oi.quantity * oi.unit_price) AS sum_amount, c.name AS cat FROM order_items oi "
            + "JOIN products p ON p.id = oi.product_id JOIN categories c ON c.id = p.category_id GROUP BY c.name "
            + "ORDER BY cat"};

    private static TestDb shop(Target target) throws SQLException {
        TestDb db = TestDatabases.fresh(target, "clientsnames");
        db.exec("CREATE TABLE categories (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)",
                "CREATE TABLE products (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, category_id INTEGER NOT NULL)",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(20) NOT NULL)",
                "CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, product_id INTEGER NOT NULL, "
                        + "quantity INTEGER NOT NULL, unit_price DECIMAL(10,2) NOT NULL)",
                "INSERT INTO categories VALUES (1, 'Books')", "INSERT INTO categories VALUES (2, 'Toys')",
                "INSERT INTO products VALUES (1, 'Atlas', 1)", "INSERT INTO products VALUES (2, 'Kite', 2)",
                "INSERT INTO orders VALUES (1, 'paid')", "INSERT INTO orders VALUES (2, 'paid')",
                "INSERT INTO orders VALUES (3, 'open')",
                "INSERT INTO order_items VALUES (1, 1, 1, 2, 10.00)", "INSERT INTO order_items VALUES (2, 2, 2, 1, 5.50)",
                "INSERT INTO order_items VALUES (3, 3, 1, 1, 10.00)");
        return db;
    }

    private static Properties withModel(ScriptedLlmServer llm) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.llm.apiKeyEnv", "NLJDBC_TEST_NO_KEY");
        p.setProperty("nl.llm.maxAttempts", "1");
        // Each model reply is its own translation: no cache between the three connections.
        p.setProperty("nl.cache.maxEntries", "0");
        return p;
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void theSameQuestionHasTheSameColumnNamesWhateverAliasesTheModelWrote(Target target) throws Exception {
        try (TestDb db = shop(target)) {
            List<List<String>> labels = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (String sql : MODEL_SQL) {
                try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
                    llm.otherwise(req -> new ScriptedLlmServer.Reply("```sql\n" + sql + "\n```", 10, 10, Duration.ZERO));
                    try (Connection c = DriverManager.getConnection(db.nlUrl(), withModel(llm));
                         Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
                        labels.add(sortedLabels(rs.getMetaData()));
                        rows.add(rows(rs, "category", "revenue"));
                        assertTrue(s.getWarnings().getMessage().contains("AS revenue"),
                                "the SQL that ran is reported as it ran: " + s.getWarnings().getMessage());
                    }
                }
            }
            for (List<String> l : labels) {
                assertEquals(List.of("category", "revenue"), l, target + ": named from the question");
            }
            assertEquals(rows.get(0), rows.get(1));
            assertEquals(rows.get(0), rows.get(2));
            assertEquals(List.of("Books=30.00", "Toys=5.50"), rows.get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void llmFreeAnswersArePreparedAndWrappedWithTheSameNames(Target target) throws Exception {
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl())) {
            String question = "how many orders per status?";
            List<String> direct;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: " + question)) {
                direct = sortedLabels(rs.getMetaData());
                assertEquals(List.of("open=1", "paid=2"), rows(rs, "status", "orders"));
            }
            assertEquals(List.of("orders", "status"), direct, "COUNT(*) of orders is orders");
            try (PreparedStatement ps = c.prepareStatement("NL: " + question)) {
                assertEquals(direct, sortedLabels(ps.getMetaData()), "prepared metadata has the same names");
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM (NL: " + question + ") t WHERE 1=0")) {
                assertEquals(direct, sortedLabels(rs.getMetaData()), "a wrapper sees the same names");
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL SHOWSQL: " + question)) {
                assertTrue(rs.next());
                assertTrue(rs.getString("sql").contains("AS orders"), rs.getString("sql"));
            }
        }
    }

    /** Labels in lower case: H2 reports unquoted names, these included, in upper case, as it folds them. */
    private static List<String> sortedLabels(ResultSetMetaData md) throws SQLException {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.add(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
        }
        out.sort(null);
        return out;
    }

    /** Rows as "key=value" read by column label, sorted. */
    private static List<String> rows(ResultSet rs, String key, String value) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(key) + "=" + rs.getString(value));
        }
        out.sort(null);
        return out;
    }
}
