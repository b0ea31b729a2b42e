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
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nljdbc.driver.demo.ShopDatabase;

/**
 * The semantics file's metrics and named filters composed by the LLM-free translator, through the JDBC API on the demo
 * shop in H2 and in PostgreSQL: a question naming a metric or filter gets the rows of a hand-written query that uses
 * the file's definition, and one whose metric cannot stand where the translator would put it (a join that repeats
 * the metric's rows, a period on another table's date, two metrics, a table the policy denies) is refused with the
 * reason, never answered with a plausible wrong number. The file is the shipped one without its verified examples
 * (so that no example answers in the translator's place), plus one filter written here.
 */
class SemanticsMetricsTest {
    private static final String H2_DB = "metrics_" + ProcessHandle.current().pid();
    private static final String PG_DB = "know_metrics_" + ProcessHandle.current().pid();
    private static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/" + PG_DB + "?user=postgres";
    private static Connection h2KeepAlive;
    private static Path file;

    @BeforeAll
    static void load(@TempDir Path dir) throws Exception {
        h2KeepAlive = DriverManager.getConnection("jdbc:h2:mem:" + H2_DB + ";DB_CLOSE_DELAY=-1");
        ShopDatabase.create(h2KeepAlive);
        try (Connection admin = DriverManager.getConnection(PG_ADMIN); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + PG_DB);
            s.execute("CREATE DATABASE " + PG_DB);
        }
        try (Connection pg = DriverManager.getConnection(PG)) {
            ShopDatabase.create(pg);
        }
        String text;
        try (InputStream in = ShopDatabase.class.getResourceAsStream("shop-semantics.yaml")) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        int examples = text.indexOf("\nexamples:");
        assertTrue(examples > 0, "the shipped file has verified examples");
        file = dir.resolve("definitions.yaml");
        Files.writeString(file, text.substring(0, examples + 1)
                + "  - name: big orders\n    sql: orders.total_amount > 500\n    tables: [orders]\n");
    }

    @AfterAll
    static void drop() throws SQLException {
        try (Statement s = h2KeepAlive.createStatement()) {
            s.execute("SHUTDOWN");
        }
        h2KeepAlive.close();
        try (Connection admin = DriverManager.getConnection(PG_ADMIN); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + PG_DB + " WITH (FORCE)");
        }
    }

    private static String url(String database) {
        return database.equals("h2") ? "jdbc:h2:mem:" + H2_DB : PG;
    }

    private static Properties settings(String deny) {
        Properties p = new Properties();
        p.setProperty("nl.semantics", file.toString());
        p.setProperty("nl.rateLimit.perMinute", "0");
        if (deny != null) {
            p.setProperty("nl.tables.deny", deny);
        }
        return p;
    }

    static final String TO_COUNTRY = " JOIN customers cu ON cu.id = o.customer_id JOIN countries co ON co.id = cu.country_id";
    static final String TO_CATEGORY = " JOIN products p ON p.id = oi.product_id JOIN categories c ON c.id = p.category_id";
    static final String IN_2024 = " o.order_date >= DATE '2024-01-01' AND o.order_date < DATE '2025-01-01'";
    static final String AOV = "AVG(CASE WHEN o.status <> 'cancelled' THEN o.total_amount END)";

    /** Questions naming a metric or filter of the file, with the query a person would write from its definitions. */
    static Stream<Arguments> answered() {
        List<Arguments> cases = List.of(
            Arguments.of("average order value", "SELECT " + AOV + " FROM orders o"),
            Arguments.of("What is the AOV in 2024?", "SELECT " + AOV + " FROM orders o WHERE" + IN_2024),
            Arguments.of("average order value by country",
                    "SELECT " + AOV + ", co.name FROM orders o" + TO_COUNTRY + " GROUP BY co.id, co.name"),
            Arguments.of("Monthly revenue in 2024", "SELECT EXTRACT(YEAR FROM o.order_date), EXTRACT(MONTH FROM "
                    + "o.order_date), SUM(o.total_amount) FROM orders o WHERE" + IN_2024 + " GROUP BY EXTRACT(YEAR "
                    + "FROM o.order_date), EXTRACT(MONTH FROM o.order_date) ORDER BY 1, 2"),
            Arguments.of("revenue per month", "SELECT SUM(o.total_amount), EXTRACT(YEAR FROM o.order_date), "
                    + "EXTRACT(MONTH FROM o.order_date) FROM orders o GROUP BY EXTRACT(YEAR FROM o.order_date), "
                    + "EXTRACT(MONTH FROM o.order_date) ORDER BY 2, 3"),
            Arguments.of("Top 10 customers by revenue in 2024", "SELECT cu.first_name, cu.last_name FROM orders o "
                    + "JOIN customers cu ON cu.id = o.customer_id WHERE" + IN_2024 + " GROUP BY cu.id, "
                    + "cu.first_name, cu.last_name ORDER BY SUM(o.total_amount) DESC, cu.id LIMIT 10"),
            Arguments.of("product revenue by category", "SELECT SUM(oi.quantity * oi.unit_price), c.name "
                    + "FROM order_items oi" + TO_CATEGORY + " GROUP BY c.id, c.name"),
            Arguments.of("top 3 categories by product revenue", "SELECT c.name FROM order_items oi" + TO_CATEGORY
                    + " GROUP BY c.id, c.name ORDER BY SUM(oi.quantity * oi.unit_price) DESC, c.id LIMIT 3"),
            Arguments.of("units sold by category",
                    "SELECT SUM(oi.quantity), c.name FROM order_items oi" + TO_CATEGORY + " GROUP BY c.id, c.name"),
            // order lines have no date: their periods are the orders' dates
            Arguments.of("units sold in 2024", "SELECT SUM(oi.quantity) FROM order_items oi JOIN orders o "
                    + "ON o.id = oi.order_id WHERE" + IN_2024),
            Arguments.of("monthly product revenue in 2024", "SELECT EXTRACT(YEAR FROM o.order_date), EXTRACT(MONTH "
                    + "FROM o.order_date), SUM(oi.quantity * oi.unit_price) FROM order_items oi JOIN orders o "
                    + "ON o.id = oi.order_id WHERE" + IN_2024 + " GROUP BY EXTRACT(YEAR FROM o.order_date), "
                    + "EXTRACT(MONTH FROM o.order_date) ORDER BY 1, 2"),
            Arguments.of("units sold by category in 2024", "SELECT SUM(oi.quantity), c.name FROM order_items oi"
                    + TO_CATEGORY + " JOIN orders o ON o.id = oi.order_id WHERE" + IN_2024 + " GROUP BY c.id, c.name"),
            Arguments.of("revenue of orders not cancelled",
                    "SELECT SUM(o.total_amount) FROM orders o WHERE o.status <> 'cancelled'"),
            Arguments.of("how many active customers", "SELECT COUNT(*) FROM customers cu WHERE cu.id IN "
                    + "(SELECT customer_id FROM orders WHERE order_date >= CURRENT_DATE - 90)"),
            Arguments.of("number of big orders by status",
                    "SELECT COUNT(*), o.status FROM orders o WHERE o.total_amount > 500 GROUP BY o.status"),
            Arguments.of("revenue of big orders by region", "SELECT SUM(o.total_amount), r.name FROM orders o"
                    + TO_COUNTRY + " JOIN regions r ON r.id = co.region_id WHERE o.total_amount > 500 "
                    + "GROUP BY r.id, r.name"));
        return Stream.of("h2", "postgresql").flatMap(db -> cases.stream().map(a -> Arguments.of(db, a.get()[0],
                a.get()[1])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("answered")
    void aQuestionNamingAMetricOrFilterGetsTheRowsOfItsDefinition(String db, String question, String reference)
            throws SQLException {
        List<String> expected;
        try (Connection c = DriverManager.getConnection(url(db)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(reference)) {
            expected = DemoQuestionsTest.rows(rs);
        }
        assertFalse(expected.isEmpty(), reference);
        try (Connection c = DriverManager.getConnection("jdbc:nl:" + url(db).substring(5), settings(null));
             Statement s = c.createStatement()) {
            List<String> actual;
            try (ResultSet rs = s.executeQuery("NL: " + question)) {
                actual = DemoQuestionsTest.rows(rs);
            }
            NlResult r = s.unwrap(NlResult.class);
            assertEquals("symbolic", r.source(), r.sql());
            assertEquals(0, r.promptTokens());
            if (!reference.contains("ORDER BY")) {
                expected.sort(null);
                actual.sort(null);
            }
            assertEquals(expected, actual, r.sql());
        }
    }

    /** A follow-up refines the metric's answer like any other: the definition stays, the period is added. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"h2", "postgresql"})
    void aFollowUpRefinesAMetricsAnswerWithoutAModel(String db) throws SQLException {
        List<String> expected;
        try (Connection c = DriverManager.getConnection(url(db)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + AOV + ", co.name FROM orders o" + TO_COUNTRY + " WHERE"
                     + IN_2024 + " GROUP BY co.id, co.name")) {
            expected = DemoQuestionsTest.rows(rs);
        }
        try (Connection c = DriverManager.getConnection("jdbc:nl:" + url(db).substring(5), settings(null));
             Statement s = c.createStatement()) {
            s.executeQuery("NL: average order value by country").close();
            List<String> actual;
            try (ResultSet rs = s.executeQuery("NL: only in 2024")) {
                actual = DemoQuestionsTest.rows(rs);
            }
            NlResult r = s.unwrap(NlResult.class);
            assertTrue(r.isFollowUp(), r.sql());
            expected.sort(null);
            actual.sort(null);
            assertEquals(expected, actual, r.sql());
        }
    }

    /** Questions the file's definitions cannot answer faithfully, with a word of the reason given. */
    static Stream<Arguments> refused() {
        List<Arguments> cases = List.of(
            // revenue is one amount per order: summed over order items it would count an order once per item
            Arguments.of("revenue by category", null, "repeat"),
            // units sold are order lines; "in 2024" would be read on the customers' sign-up dates
            Arguments.of("top 10 customers by units sold in 2024", null, "not the time of the metric"),
            Arguments.of("average order value and revenue by country", null, "two metrics"),
            Arguments.of("units sold by category", "order_items", "may not use"),
            Arguments.of("top 3 categories by product revenue", "order_items", "may not use"));
        return Stream.of("h2", "postgresql").flatMap(db -> cases.stream().map(a -> Arguments.of(db, a.get()[0],
                a.get()[1], a.get()[2])));
    }

    @ParameterizedTest(name = "{0}: {1} (denied: {2})")
    @MethodSource("refused")
    void aMetricThatCannotStandWhereTheQuestionPutsItIsRefusedWithTheReason(String db, String question, String deny,
                                                                          String reason) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = DriverManager.getConnection("jdbc:nl:" + url(db).substring(5), settings(deny));
                 Statement s = c.createStatement()) {
                s.executeQuery("NL: " + question).close();
            }
        });
        assertEquals("42000", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        String m = e.getMessage().toLowerCase(Locale.ROOT);
        assertFalse(m.contains("quantity") || m.contains("unit_price"), "no definition is echoed: " + m);
    }
}
