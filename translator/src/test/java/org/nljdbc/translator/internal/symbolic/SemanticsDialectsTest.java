package org.nljdbc.translator.internal.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.internal.knowledge.Semantics;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * A semantics file's metrics and named filters composed for PostgreSQL, MariaDB, SQLite and H2, each catalog read
 * from the real database: the metric's expression and the filter's condition, put into the rendered query with its
 * aliases and quoting, pass the guard, run, and give the rows of a hand-written portable query.
 */
class SemanticsDialectsTest {
    private static final String[] DDL = {
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, order_date DATE NOT NULL, "
            + "status VARCHAR(20) NOT NULL, total_amount DECIMAL(10,2) NOT NULL, "
            + "FOREIGN KEY (customer_id) REFERENCES customers(id))",
        "INSERT INTO customers VALUES (1, 'Ada'), (2, 'Bo'), (3, 'Cy'), (4, 'Di'), (5, 'Ed')",
        "INSERT INTO orders VALUES (1, 1, '2023-02-10', 'delivered', 120.50), (2, 1, '2024-01-05', 'pending', 80.00), "
            + "(3, 2, '2024-03-15', 'delivered', 310.25), (4, 3, '2024-07-01', 'delivered', 45.10), "
            + "(5, 3, '2023-12-31', 'cancelled', 99.99), (6, 4, '2024-12-31', 'delivered', 500.00), "
            + "(7, 5, '2025-01-01', 'pending', 12.00), (8, 5, '2024-05-20', 'cancelled', 230.00)"
    };
    private static final String FILE = """
            metrics:
              - name: average order value
                sql: AVG(CASE WHEN orders.status <> 'cancelled' THEN orders.total_amount END)
                tables: [orders]
              - name: revenue
                sql: SUM(orders.total_amount)
                tables: [orders]
            filters:
              - name: big orders
                sql: orders.total_amount > 100
                tables: [orders]
            """;
    private static final SqlGuard GUARD = new SqlGuard(Policy.defaults());
    private static final Map<String, String> QUESTIONS = new LinkedHashMap<>();

    static {
        QUESTIONS.put("average order value", "SELECT AVG(CASE WHEN status <> 'cancelled' THEN total_amount END) "
                + "FROM orders");
        QUESTIONS.put("average order value by customer", "SELECT AVG(CASE WHEN o.status <> 'cancelled' THEN "
                + "o.total_amount END), c.name FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.name");
        QUESTIONS.put("revenue in 2024", "SELECT SUM(total_amount) FROM orders WHERE order_date >= '2024-01-01' "
                + "AND order_date <= '2024-12-31'");
        QUESTIONS.put("top 2 customers by revenue", "SELECT c.name FROM orders o JOIN customers c ON "
                + "c.id = o.customer_id GROUP BY c.id, c.name ORDER BY SUM(o.total_amount) DESC LIMIT 2");
        QUESTIONS.put("number of big orders by status", "SELECT COUNT(*), status FROM orders "
                + "WHERE total_amount > 100 GROUP BY status");
        QUESTIONS.put("revenue of big orders per year", "SELECT SUM(total_amount), y FROM (SELECT total_amount, "
                + "CASE WHEN order_date < '2024-01-01' THEN 2023 WHEN order_date < '2025-01-01' THEN 2024 ELSE 2025 "
                + "END AS y FROM orders WHERE total_amount > 100) t GROUP BY y ORDER BY y");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void metricsAndFiltersRenderRunAndGiveTheHandWrittenQuerysRows(Target target, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("semantics.yaml");
        Files.writeString(file, FILE);
        try (TestDb db = TestDatabases.fresh(target, "know_semantics"); Connection c = db.open()) {
            try (Statement s = c.createStatement()) {
                for (String sql : DDL) {
                    s.execute(sql);
                }
            }
            Catalog catalog = CatalogReader.read(c);
            Dialect dialect = Dialect.detect(catalog.productName());
            SymbolicTranslator translator = new SymbolicTranslator(SymbolicTranslator.DEFAULT_MIN_CONFIDENCE)
                    .withSemantics(Semantics.load(file));
            for (Map.Entry<String, String> q : QUESTIONS.entrySet()) {
                SymbolicOutcome outcome = translator.attempt(q.getKey(), catalog, dialect);
                if (!(outcome instanceof SymbolicAnswer answer)) {
                    throw new AssertionError(target + ": " + q.getKey() + ": " + ((Abstention) outcome).describe());
                }
                Verdict verdict = GUARD.check(answer.sql(), dialect, Translator.visibleSchema(catalog));
                Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, verdict,
                        () -> target + ": the guard refused " + answer.sql() + ": " + verdict);
                List<String> got = SymbolicDialectsTest.rows(c, accepted.sql());
                List<String> expected = SymbolicDialectsTest.rows(c, q.getValue());
                if (!q.getValue().contains("ORDER BY")) {
                    got.sort(null);
                    expected.sort(null);
                }
                assertFalse(expected.isEmpty(), q.getValue());
                assertEquals(expected, got, target + ": " + q.getKey() + " -> " + answer.sql());
                assertTrue(answer.understood().get(0).contains("semantics file"), answer.understood().toString());
            }
        }
    }
}
