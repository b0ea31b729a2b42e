package org.nljdbc.translator.internal.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

class CostEstimateTest {
    private final Catalog shop = Catalogs.shop("PostgreSQL");
    private final DialectPipeline pipeline = new DialectPipeline();

    @Test
    void estimateUsesTheCatalogsRowCounts() throws Exception {
        CostEstimate scan = pipeline.estimate(pipeline.validate("SELECT * FROM orders", shop, Dialect.POSTGRESQL));
        assertEquals(1000, scan.rows());
        CostEstimate join = pipeline.estimate(pipeline.validate(
                "SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id", shop, Dialect.POSTGRESQL));
        assertTrue(join.estimated());
        assertTrue(join.cost() > scan.cost(), join + " vs " + scan);
        assertTrue(join.describe().startsWith("~" + String.format(java.util.Locale.ROOT, "%,d", (long) join.rows())
                + " rows, cost "), join.describe());
    }

    @Test
    void uncheckedSqlHasNoEstimateAndPassesTheCeiling() throws Exception {
        CostEstimate e = pipeline.estimate(pipeline.validate("SELECT my_udf(total) FROM orders", shop,
                Dialect.POSTGRESQL));
        assertFalse(e.estimated());
        new CostSettings(false, 1).check(e);
    }

    @Test
    void ceilingRefusesWithTheEstimateInTheMessage() throws Exception {
        Properties p = new Properties();
        p.setProperty("nl.maxCost", "5000");
        CostSettings settings = CostSettings.from(p);
        Validated cheap = pipeline.validate("SELECT * FROM customers WHERE id = 3", shop, Dialect.POSTGRESQL);
        settings.check(pipeline.estimate(cheap));
        Validated join = pipeline.validate("SELECT * FROM orders o, customers c", shop, Dialect.POSTGRESQL);
        CostLimitExceededException e = assertThrows(CostLimitExceededException.class,
                () -> settings.check(pipeline.estimate(join)));
        assertEquals("54000", e.getSQLState());
        assertTrue(e.getMessage().startsWith("refused: estimated cost "), e.getMessage());
        assertTrue(e.getMessage().contains("above nl.maxCost 5,000.0 (~200,000 rows, cost "), e.getMessage());
    }

    @Test
    void postgresqlExplainAddsTheDatabasesEstimateAndTheCeilingUsesIt() throws Exception {
        databaseExplain(Target.POSTGRESQL, Dialect.POSTGRESQL);
    }

    @Test
    void mariadbExplainAddsTheDatabasesEstimateAndTheCeilingUsesIt() throws Exception {
        databaseExplain(Target.MARIADB, Dialect.MARIADB);
    }

    private void databaseExplain(Target target, Dialect dialect) throws Exception {
        try (TestDb db = TestDatabases.fresh(target, "cost");
             Connection c = db.open()) {
            db.exec("CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, total DECIMAL(10,2), status VARCHAR(20))",
                    "INSERT INTO orders VALUES (1, 1, 10.00, 'paid'), (2, 1, 5.50, 'open'), (3, 2, 7.25, 'paid')");
            Catalog catalog = CatalogReader.read(c);
            String sql = "SELECT status, SUM(total) FROM orders GROUP BY status";
            Validated v = pipeline.validate(sql, catalog, dialect);
            assertTrue(v.checked(), v.toString());
            CostEstimate e = pipeline.estimate(v, new CostSettings(true, Double.POSITIVE_INFINITY), c,
                    pipeline.render(v, dialect).sql(), dialect);
            assertTrue(e.estimated());
            assertTrue(e.databaseCost().isPresent() || e.databaseRows().isPresent(), e.describe());
            assertTrue(e.describe().contains("; database:"), e.describe());
            if (e.databaseCost().isPresent()) {
                double below = e.databaseCost().getAsDouble() / 2;
                CostLimitExceededException refused = assertThrows(CostLimitExceededException.class,
                        () -> pipeline.estimate(v, new CostSettings(true, below), c, sql, dialect));
                assertEquals(e.databaseCost().getAsDouble(), refused.estimate().ceilingCost());
            }
        }
    }

    @Test
    void settingsRejectANonsenseCeiling() {
        Properties p = new Properties();
        p.setProperty("nl.maxCost", "lots");
        assertThrows(IllegalArgumentException.class, () -> CostSettings.from(p));
        assertEquals(CostSettings.DEFAULT, CostSettings.from(new Properties()));
    }
}
