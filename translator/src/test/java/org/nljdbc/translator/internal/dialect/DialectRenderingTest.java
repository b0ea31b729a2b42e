package org.nljdbc.translator.internal.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;

class DialectRenderingTest {
    private static final String TOP_CUSTOMERS = "SELECT c.name, COUNT(*) AS n FROM customers c JOIN orders o"
            + " ON o.customer_id = c.id GROUP BY c.name ORDER BY n DESC LIMIT 3";

    private final Catalog shop = Catalogs.shop("PostgreSQL");
    private final DialectPipeline pipeline = new DialectPipeline();

    private String render(String sql, Dialect source, RenderTarget target) throws Exception {
        Rendered r = pipeline.render(pipeline.validate(sql, shop, source), target);
        assertFalse(r.fallback(), () -> r.reason());
        return r.sql().replaceAll("\\s+", " ");
    }

    @Test
    void sqlServerGetsTopInsteadOfLimit() throws Exception {
        String sql = render(TOP_CUSTOMERS, Dialect.POSTGRESQL, RenderTarget.SQLSERVER);
        assertTrue(sql.startsWith("SELECT TOP (3) [customers].[name]"), sql);
        assertFalse(sql.contains("LIMIT"), sql);
    }

    @Test
    void sqlServerGetsOffsetFetchWhenThereIsAnOffset() throws Exception {
        String sql = render("SELECT name FROM customers ORDER BY name LIMIT 5 OFFSET 10", Dialect.MYSQL,
                RenderTarget.SQLSERVER);
        assertTrue(sql.endsWith("OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY"), sql);
        assertFalse(sql.contains("LIMIT"), sql);
    }

    @Test
    void oracleGetsFetchFirst() throws Exception {
        String sql = render(TOP_CUSTOMERS, Dialect.POSTGRESQL, RenderTarget.ORACLE);
        assertTrue(sql.endsWith("FETCH NEXT 3 ROWS ONLY"), sql);
        assertFalse(sql.contains("LIMIT"), sql);
    }

    @Test
    void postgresqlMysqlAndSqliteKeepARowLimit() throws Exception {
        assertTrue(render(TOP_CUSTOMERS, Dialect.MYSQL, RenderTarget.POSTGRESQL).endsWith("FETCH NEXT 3 ROWS ONLY"));
        String mysql = render(TOP_CUSTOMERS, Dialect.POSTGRESQL, RenderTarget.MYSQL);
        assertTrue(mysql.endsWith("LIMIT 3"), mysql);
        assertTrue(mysql.contains("`customers`.`name`"), mysql);
        assertTrue(render(TOP_CUSTOMERS, Dialect.POSTGRESQL, RenderTarget.SQLITE).endsWith("LIMIT 3"));
    }

    @Test
    void oracleAndSnowflakeGetTheCatalogsUpperCaseNamesQuoted() throws Exception {
        Catalog upper = Catalogs.upperCaseShop("Oracle");
        for (RenderTarget t : new RenderTarget[] {RenderTarget.ORACLE, RenderTarget.SNOWFLAKE}) {
            Rendered r = pipeline.render(pipeline.validate("select total from orders where customer_id = 7",
                    upper, Dialect.ORACLE), t);
            assertEquals("SELECT \"TOTAL\" FROM \"ORDERS\" WHERE \"CUSTOMER_ID\" = 7", r.sql(), t.name());
        }
    }

    @Test
    void snowflakeKeepsLowerCaseNamesQuotedSoTheyAreNotUpperCased() throws Exception {
        String sql = render("SELECT name FROM customers WHERE city = 'Oslo'", Dialect.POSTGRESQL,
                RenderTarget.SNOWFLAKE);
        assertEquals("SELECT \"name\" FROM \"customers\" WHERE \"city\" = 'Oslo'", sql);
    }

    @Test
    void sqliteLikeIgnoresCaseSoPostgresqlGetsIlike() throws Exception {
        assertTrue(render("SELECT name FROM customers WHERE name LIKE '%ann%'", Dialect.SQLITE,
                RenderTarget.POSTGRESQL).contains("ILIKE '%ann%'"));
        assertTrue(render("SELECT name FROM customers WHERE name LIKE '%ann%'", Dialect.POSTGRESQL,
                RenderTarget.POSTGRESQL).contains(" LIKE '%ann%'"));
    }

    @Test
    void sqliteNullsSortFirstSoPostgresqlIsToldSo() throws Exception {
        assertTrue(render("SELECT name FROM customers ORDER BY city", Dialect.SQLITE, RenderTarget.POSTGRESQL)
                .endsWith("ORDER BY \"city\" NULLS FIRST"));
    }

    @Test
    void bareColumnsBecomeMinWhereTheTargetHasNoAnyValue() throws Exception {
        String pg = render("SELECT status, total FROM orders GROUP BY status", Dialect.SQLITE, RenderTarget.POSTGRESQL);
        assertEquals("SELECT \"status\", MIN(\"total\") AS \"total\" FROM \"orders\" GROUP BY \"status\"", pg);
    }

    @Test
    void generatedColumnNamesAreNotForcedOnTheResult() throws Exception {
        String sql = render("SELECT COUNT(*), o.id, c.id FROM orders o JOIN customers c ON o.customer_id = c.id"
                + " GROUP BY o.id, c.id", Dialect.POSTGRESQL, RenderTarget.POSTGRESQL);
        assertFalse(sql.contains("EXPR$"), sql);
        assertFalse(sql.contains("id0"), sql);
    }

    @Test
    void aConstructTheTargetWouldMisreadFallsBackToTheOriginalAndIsCounted() throws Exception {
        String sql = "SELECT name || ' of ' || city FROM customers";
        Validated v = pipeline.validate(sql, shop, Dialect.POSTGRESQL);
        Rendered mysql = pipeline.render(v, RenderTarget.MYSQL);
        assertTrue(mysql.fallback());
        assertEquals(sql, mysql.sql());
        assertEquals("|| has no rendering for MYSQL", mysql.reason());
        assertFalse(pipeline.render(v, RenderTarget.POSTGRESQL).fallback());
        assertEquals(2, pipeline.fallbacks().attempts(FallbackCounter.Stage.RENDERING));
        assertEquals(1, pipeline.fallbacks().fallbacks(FallbackCounter.Stage.RENDERING));
        assertEquals(0.5, pipeline.fallbacks().rate(FallbackCounter.Stage.RENDERING));
    }

    @Test
    void sqlThatCouldNotBeValidatedRendersAsItsOriginalText() throws Exception {
        String sql = "SELECT name FROM customers WHERE MATCH (name) AGAINST ('anna')";
        Rendered r = pipeline.render(pipeline.validate(sql, shop, Dialect.MYSQL), Dialect.MARIADB);
        assertTrue(r.fallback());
        assertEquals(sql, r.sql());
        assertEquals(1L, pipeline.fallbacks().fallbacks(FallbackCounter.Stage.RENDERING));
    }

    @Test
    void sqliteBareColumnBesideMaxKeepsTheOriginalText() throws Exception {
        Validated v = pipeline.validate("SELECT name, MAX(id) FROM customers", shop, Dialect.SQLITE);
        Rendered r = pipeline.render(v, RenderTarget.POSTGRESQL);
        assertTrue(r.fallback());
        assertTrue(r.reason().startsWith("bare column beside MIN/MAX"), r.reason());
    }
}
