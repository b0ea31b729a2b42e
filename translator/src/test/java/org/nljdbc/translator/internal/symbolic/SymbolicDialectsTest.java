package org.nljdbc.translator.internal.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * The same questions translated for PostgreSQL, MariaDB, SQLite and H2 over the same small shop, each catalog read
 * from the real database: every rendering passes the guard, runs, and gives the rows of a hand-written portable
 * query, hence the same rows on every database.
 */
class SymbolicDialectsTest {
    private static final String[] DDL = {
        "CREATE TABLE regions (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)",
        "CREATE TABLE countries (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, region_id INTEGER NOT NULL, "
            + "FOREIGN KEY (region_id) REFERENCES regions(id))",
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, country_id INTEGER NOT NULL, "
            + "FOREIGN KEY (country_id) REFERENCES countries(id))",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, order_date DATE NOT NULL, "
            + "status VARCHAR(20) NOT NULL, total_amount DECIMAL(10,2) NOT NULL, "
            + "FOREIGN KEY (customer_id) REFERENCES customers(id))",
        "INSERT INTO regions VALUES (1, 'Europe'), (2, 'South America'), (3, 'Asia')",
        "INSERT INTO countries VALUES (1, 'Germany', 1), (2, 'France', 1), (3, 'Brazil', 2), (4, 'Japan', 3)",
        "INSERT INTO customers VALUES (1, 'Ada', 1), (2, 'Bo', 2), (3, 'Cy', 3), (4, 'Di', 3), (5, 'Ed', 4)",
        "INSERT INTO orders VALUES (1, 1, '2023-02-10', 'delivered', 120.50), (2, 1, '2024-01-05', 'pending', 80.00), "
            + "(3, 2, '2024-03-15', 'delivered', 310.25), (4, 3, '2024-07-01', 'delivered', 45.10), "
            + "(5, 3, '2023-12-31', 'cancelled', 99.99), (6, 4, '2024-12-31', 'delivered', 500.00), "
            + "(7, 5, '2025-01-01', 'pending', 12.00), (8, 5, '2024-05-20', 'delivered', 230.00)"
    };

    private static final SqlGuard GUARD = new SqlGuard(Policy.defaults());

    /** Question, and the portable query that answers it. */
    private static final Map<String, String> QUESTIONS = new LinkedHashMap<>();

    static {
        QUESTIONS.put("How many orders were placed in 2024?",
                "SELECT COUNT(*) FROM orders WHERE order_date >= '2024-01-01' AND order_date <= '2024-12-31'");
        QUESTIONS.put("Revenue by region", "SELECT SUM(o.total_amount), r.name FROM orders o "
                + "JOIN customers c ON c.id = o.customer_id JOIN countries co ON co.id = c.country_id "
                + "JOIN regions r ON r.id = co.region_id GROUP BY r.name");
        QUESTIONS.put("How many customers are in Brazil?",
                "SELECT COUNT(*) FROM customers WHERE country_id = 3");
        QUESTIONS.put("Number of orders per status in 2024", "SELECT COUNT(*), status FROM orders "
                + "WHERE order_date >= '2024-01-01' AND order_date <= '2024-12-31' GROUP BY status");
        QUESTIONS.put("Top 3 orders by total amount", "SELECT * FROM orders ORDER BY total_amount DESC LIMIT 3");
        QUESTIONS.put("What is the average total amount of orders with status delivered?",
                "SELECT AVG(total_amount) FROM orders WHERE status = 'delivered'");
        // time buckets: the calendar year, quarter or month of the order date, as numbers, in time order
        QUESTIONS.put("Revenue by year", "SELECT SUM(total_amount), y FROM (SELECT total_amount, CASE WHEN "
                + "order_date < '2024-01-01' THEN 2023 WHEN order_date < '2025-01-01' THEN 2024 ELSE 2025 END AS y "
                + "FROM orders) t GROUP BY y ORDER BY y");
        QUESTIONS.put("Monthly revenue in 2024", "SELECT 2024, m, SUM(total_amount) FROM (SELECT total_amount, "
                + "CASE WHEN order_date < '2024-02-01' THEN 1 WHEN order_date < '2024-04-01' THEN 3 "
                + "WHEN order_date < '2024-06-01' THEN 5 WHEN order_date < '2024-08-01' THEN 7 ELSE 12 END AS m "
                + "FROM orders WHERE order_date >= '2024-01-01' AND order_date <= '2024-12-31') t GROUP BY m ORDER BY m");
        QUESTIONS.put("Number of orders per quarter", "SELECT COUNT(*), y, q FROM (SELECT CASE WHEN order_date < "
                + "'2024-01-01' THEN 2023 WHEN order_date < '2025-01-01' THEN 2024 ELSE 2025 END AS y, CASE "
                + "WHEN order_date < '2023-04-01' OR order_date >= '2024-01-01' AND order_date < '2024-04-01' "
                + "OR order_date >= '2025-01-01' THEN 1 WHEN order_date < '2024-07-01' AND order_date >= '2024-04-01' "
                + "THEN 2 WHEN order_date < '2024-10-01' AND order_date >= '2024-07-01' THEN 3 ELSE 4 END AS q "
                + "FROM orders) t GROUP BY y, q ORDER BY y, q");
        QUESTIONS.put("How many orders in Europe?", "SELECT COUNT(*) FROM orders WHERE customer_id IN (1, 2)");
    }

    private static Map<String, List<String>> answers(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "symbolic");
             Connection c = db.open()) {
            try (Statement s = c.createStatement()) {
                for (String sql : DDL) {
                    s.execute(sql);
                }
            }
            Catalog catalog = CatalogReader.read(c);
            Dialect dialect = Dialect.detect(catalog.productName());
            SymbolicTranslator translator = new SymbolicTranslator(SymbolicTranslator.DEFAULT_MIN_CONFIDENCE);
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<String, String> q : QUESTIONS.entrySet()) {
                SymbolicOutcome outcome = translator.attempt(q.getKey(), catalog, dialect);
                if (!(outcome instanceof SymbolicAnswer answer)) {
                    throw new AssertionError(target + ": " + q.getKey() + ": " + ((Abstention) outcome).describe());
                }
                // exactly as the driver runs it: through the guard, which adds the row limit
                Verdict verdict = GUARD.check(answer.sql(), dialect, Translator.visibleSchema(catalog));
                Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, verdict,
                        () -> target + ": the guard refused " + answer.sql() + ": " + verdict);
                assertTrue(accepted.parameters().isEmpty(), accepted.toString());
                List<String> got = rows(c, accepted.sql());
                List<String> expected = rows(c, q.getValue());
                boolean ordered = q.getValue().contains("ORDER BY");
                if (!ordered) {
                    got.sort(null);
                    expected.sort(null);
                }
                assertFalse(expected.isEmpty(), q.getValue());
                assertEquals(expected, got, target + ": " + q.getKey() + " -> " + answer.sql());
                out.put(q.getKey(), got);
            }
            return out;
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void eachDialectsRenderingRunsAndGivesTheHandWrittenQuerysRows(Target target) throws SQLException {
        answers(target);
    }

    @Test
    void everyDatabaseGivesTheSameRows() throws SQLException {
        Map<String, List<String>> h2 = answers(Target.H2);
        for (Target target : List.of(Target.SQLITE, Target.POSTGRESQL, Target.MARIADB)) {
            assertEquals(h2, answers(target), target.toString());
        }
    }

    @Test
    void sqliteDatesWrittenThroughJdbcAsMillisecondsAreFilteredByYearToo() throws SQLException {
        try (TestDb db = TestDatabases.fresh(Target.SQLITE, "symbolic_ms"); Connection c = db.open()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, order_date DATE NOT NULL)");
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO orders VALUES (?, ?)")) {
                String[] dates = {"2023-12-31", "2024-01-01", "2024-06-30", "2024-12-31", "2025-01-01"};
                for (int i = 0; i < dates.length; i++) {
                    ps.setInt(1, i + 1);
                    ps.setDate(2, java.sql.Date.valueOf(dates[i])); // stored as milliseconds by sqlite-jdbc
                    ps.executeUpdate();
                }
            }
            SymbolicAnswer answer = new SymbolicTranslator(0.7).translate("How many orders in 2024?",
                    CatalogReader.read(c), Dialect.SQLITE).orElseThrow();
            assertEquals(List.of("3|"), rows(c, answer.sql()), answer.sql());
        }
    }

    /** Rows as text: numbers by value to 4 decimals, dates by their ISO text, whatever type the driver gives. */
    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    String text = v instanceof Number n ? new BigDecimal(n.toString()).setScale(4, RoundingMode.HALF_UP)
                            .stripTrailingZeros().toPlainString() : String.valueOf(v);
                    sb.append(text.toLowerCase(Locale.ROOT)).append('|');
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
