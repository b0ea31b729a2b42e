package org.nljdbc.translator.internal.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;

class SqlValidationTest {
    private final Catalog shop = Catalogs.shop("PostgreSQL");
    private final DialectPipeline pipeline = new DialectPipeline();

    @Test
    void unknownQualifiedColumnNamesItsTableAndSuggestsTheNearestColumn() {
        SqlValidationException e = assertThrows(SqlValidationException.class,
                () -> pipeline.validate("SELECT o.totl FROM orders o", shop, Dialect.POSTGRESQL));
        assertEquals("column `orders.totl` not found; did you mean `orders.total`?", e.getMessage());
        assertEquals("42703", e.getSQLState());
    }

    @Test
    void unknownColumnWithNothingCloseListsTheTablesColumns() {
        SqlValidationException e = assertThrows(SqlValidationException.class,
                () -> pipeline.validate("SELECT orders.amount FROM orders", shop, Dialect.POSTGRESQL));
        assertEquals("column `orders.amount` not found; its columns are id, customer_id, total, status",
                e.getMessage());
    }

    @Test
    void unknownUnqualifiedColumnSuggestsAQualifiedColumnOfTheQuerysTables() {
        SqlValidationException e = assertThrows(SqlValidationException.class, () -> pipeline.validate(
                "SELECT nmae FROM orders JOIN customers ON orders.customer_id = customers.id", shop, Dialect.MYSQL));
        assertEquals("column `nmae` not found in orders, customers; did you mean `customers.name`?", e.getMessage());
    }

    @Test
    void unknownTableSuggestsTheNearestTable() {
        SqlValidationException e = assertThrows(SqlValidationException.class,
                () -> pipeline.validate("SELECT * FROM ordrs", shop, Dialect.SQLITE));
        assertEquals("table `ordrs` not found; did you mean `orders`?", e.getMessage());
        assertEquals("42P01", e.getSQLState());
    }

    @Test
    void ambiguousColumnSaysWhichTablesHaveIt() {
        SqlValidationException e = assertThrows(SqlValidationException.class, () -> pipeline.validate(
                "SELECT id FROM orders JOIN customers ON orders.customer_id = customers.id", shop, Dialect.POSTGRESQL));
        assertEquals("column `id` is ambiguous: it is in orders, customers; qualify it with its table", e.getMessage());
        assertEquals("42702", e.getSQLState());
    }

    @Test
    void ungroupedColumnIsAnErrorWhereTheDialectForbidsIt() {
        SqlValidationException e = assertThrows(SqlValidationException.class, () -> pipeline.validate(
                "SELECT status, total FROM orders GROUP BY status", shop, Dialect.ORACLE));
        assertEquals("42803", e.getSQLState());
        assertTrue(e.getMessage().contains("TOTAL") || e.getMessage().contains("total"), e.getMessage());
    }

    @Test
    void ungroupedColumnIsValidInSqliteAndMysql() throws Exception {
        for (Dialect d : new Dialect[] {Dialect.SQLITE, Dialect.MYSQL, Dialect.MARIADB}) {
            assertTrue(pipeline.validate("SELECT status, total FROM orders GROUP BY status", shop, d).checked(), d.name());
        }
    }

    @Test
    void postgresqlColumnsOfATableGroupedByItsPrimaryKeyAreNotRejected() throws Exception {
        Validated v = pipeline.validate("SELECT c.id, c.name, COUNT(*) FROM customers c JOIN orders o"
                + " ON o.customer_id = c.id GROUP BY c.id", shop, Dialect.POSTGRESQL);
        assertFalse(v.checked(), "Calcite does not know functional dependence; the SQL passes through");
        assertTrue(v.fallbackReason().orElseThrow().contains("not being grouped"));
    }

    @Test
    void sqliteDoubleQuotedTextThatNamesNoColumnIsAString() throws Exception {
        Validated v = pipeline.validate("SELECT name FROM customers WHERE city = \"Paris\"", shop, Dialect.SQLITE);
        assertTrue(v.checked());
        assertTrue(pipeline.render(v, Dialect.POSTGRESQL).sql().contains("'Paris'"));
    }

    @Test
    void selectAliasUsedInWhereFallsBackInsteadOfBeingRejected() throws Exception {
        Validated v = pipeline.validate("SELECT total * 2 AS doubled FROM orders WHERE doubled > 10", shop,
                Dialect.SQLITE);
        assertFalse(v.checked());
        assertEquals(1, pipeline.fallbacks().fallbacks(FallbackCounter.Stage.VALIDATION));
    }

    @Test
    void sqlCalciteCannotParseFallsBackAndIsCounted() throws Exception {
        Validated v = pipeline.validate(
                "SELECT name FROM customers WHERE MATCH (name) AGAINST ('anna' IN BOOLEAN MODE)", shop, Dialect.MYSQL);
        assertFalse(v.checked());
        assertTrue(v.fallbackReason().orElseThrow().startsWith("parse"), v.fallbackReason().get());
        assertEquals(1, pipeline.fallbacks().attempts(FallbackCounter.Stage.VALIDATION));
        assertEquals(1, pipeline.fallbacks().fallbacks(FallbackCounter.Stage.VALIDATION));
        assertEquals(1L, pipeline.fallbacks().byReason().get("validation: parse: Encountered"),
                pipeline.fallbacks().byReason().toString());
    }

    @Test
    void unknownFunctionFallsBackRatherThanRejecting() throws Exception {
        Validated v = pipeline.validate("SELECT my_udf(total) FROM orders", shop, Dialect.POSTGRESQL);
        assertFalse(v.checked());
    }

    @Test
    void namesMatchCaseInsensitively() throws Exception {
        assertTrue(pipeline.validate("SELECT Name FROM CUSTOMERS WHERE City = 'x'", shop, Dialect.POSTGRESQL).checked());
    }
}
