package org.nljdbc.translator.internal.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;

/** Follow-ups as edits of the previous query's AST, on the shop's catalog, without a database or a model. */
class QueryRefinerTest {
    private static final Catalog SHOP = ShopCatalog.create();
    private static final String REVENUE_BY_CATEGORY = "SELECT c.name AS category, SUM(oi.quantity * oi.unit_price) AS revenue "
            + "FROM order_items oi JOIN products p ON p.id = oi.product_id JOIN categories c ON c.id = p.category_id "
            + "JOIN orders o ON o.id = oi.order_id "
            + "WHERE o.order_date >= '2024-01-01' AND o.order_date < '2025-01-01' GROUP BY c.name";
    private static final String ORDERS_BY_STATUS = "SELECT status, COUNT(*) AS orders FROM orders GROUP BY status";

    private static Turn turn(String sql) {
        return new Turn(1, "previous", sql, sql, List.of(), -1, null);
    }

    private static QueryRefiner.Refined refined(String sql, String question) {
        QueryRefiner.Outcome o = QueryRefiner.refine(question, turn(sql), SHOP, Dialect.POSTGRESQL);
        return assertInstanceOf(QueryRefiner.Refined.class, o, () -> o.toString());
    }

    private static QueryRefiner.Unclear unclear(String sql, String question) {
        QueryRefiner.Outcome o = QueryRefiner.refine(question, turn(sql), SHOP, Dialect.POSTGRESQL);
        return assertInstanceOf(QueryRefiner.Unclear.class, o, () -> o.toString());
    }

    @Test
    void topTenOrdersByTheMeasureDescendingWithALimit() {
        QueryRefiner.Refined r = refined(REVENUE_BY_CATEGORY, "show only top 3");
        assertTrue(r.sql().endsWith("ORDER BY revenue DESC LIMIT 3"), r.sql());
        assertEquals(List.of("order", "limit"), r.edits().stream().map(e -> e.substring(0, e.indexOf(':'))).toList());
    }

    @Test
    void bottomFiveOrdersAscending() {
        assertTrue(refined(REVENUE_BY_CATEGORY, "bottom 5").sql().endsWith("ORDER BY revenue ASC LIMIT 5"));
    }

    @Test
    void sortedByNameOrdersByTheSelectedColumn() {
        QueryRefiner.Refined r = refined(ORDERS_BY_STATUS, "sorted by status descending");
        assertTrue(r.sql().endsWith("ORDER BY status DESC"), r.sql());
    }

    @Test
    void sameForAnotherYearMovesTheWholeDateRange() {
        QueryRefiner.Refined r = refined(REVENUE_BY_CATEGORY, "same for 2023");
        assertTrue(r.sql().contains("o.order_date >= '2023-01-01' AND o.order_date < '2024-01-01'"), r.sql());
        assertEquals(List.of("period: 2024 -> 2023"), r.edits());
    }

    @Test
    void aBareYearAddsARangeOnTheMainTablesDateColumn() {
        QueryRefiner.Refined r = refined(ORDERS_BY_STATUS, "in 2024");
        assertTrue(r.sql().contains("WHERE orders.order_date >= '2024-01-01' AND orders.order_date < '2025-01-01'"),
                r.sql());
    }

    @Test
    void extractYearComparisonsAreShiftedToo() {
        String sql = "SELECT COUNT(*) FROM orders WHERE EXTRACT(YEAR FROM order_date) = 2024 AND total_amount > 2000";
        QueryRefiner.Refined r = refined(sql, "what about 2022");
        assertTrue(r.sql().contains("EXTRACT(YEAR FROM order_date) = 2022"), r.sql());
        assertTrue(r.sql().contains("total_amount > 2000"), "an amount that looks like a year is not a year: " + r.sql());
    }

    @Test
    void countInsteadOfSumSwapsTheMeasureAndItsSortKey() {
        String sql = REVENUE_BY_CATEGORY + " ORDER BY revenue DESC LIMIT 3";
        QueryRefiner.Refined r = refined(sql, "count instead of sum");
        assertTrue(r.sql().contains("COUNT(*) AS count_all"), r.sql());
        assertTrue(r.sql().endsWith("ORDER BY count_all DESC LIMIT 3"), r.sql());
        assertFalse(r.sql().contains("SUM("), r.sql());
    }

    @Test
    void averageInsteadKeepsTheMeasuredColumn() {
        String sql = "SELECT status, SUM(total_amount) AS revenue FROM orders GROUP BY status";
        QueryRefiner.Refined r = refined(sql, "average instead");
        assertTrue(r.sql().contains("AVG(total_amount) AS avg_total_amount"), r.sql());
    }

    @Test
    void byRegionJoinsAlongForeignKeysAndAddsTheDimension() {
        String sql = "SELECT status, COUNT(*) AS orders FROM orders GROUP BY status";
        QueryRefiner.Refined r = refined(sql, "and by region");
        assertTrue(r.sql().contains("JOIN customers ON customers.id = orders.customer_id"), r.sql());
        assertTrue(r.sql().contains("JOIN countries ON countries.id = customers.country_id"), r.sql());
        assertTrue(r.sql().contains("JOIN regions ON regions.id = countries.region_id"), r.sql());
        assertTrue(r.sql().startsWith("SELECT status, regions.name AS region, COUNT(*)"), r.sql());
        assertTrue(r.sql().endsWith("GROUP BY status, regions.name"), r.sql());
    }

    @Test
    void byRegionInsteadReplacesTheDimension() {
        QueryRefiner.Refined r = refined(REVENUE_BY_CATEGORY, "by status instead");
        // "status" is a keyword in some dialects: the one quoter quotes it, as the LLM-free translator always did.
        assertTrue(r.sql().startsWith("SELECT o.\"status\" AS status, SUM("), r.sql());
        assertTrue(r.sql().endsWith("GROUP BY o.\"status\""), r.sql());
        assertFalse(r.sql().contains("c.name AS category"), r.sql());
    }

    @Test
    void aNamedTableAndValueAddsAJoinedFilter() {
        QueryRefiner.Refined r = refined(ORDERS_BY_STATUS, "now only region 'Europe'");
        assertTrue(r.sql().contains("WHERE regions.name = 'Europe'"), r.sql());
        assertTrue(r.sql().contains("JOIN regions ON regions.id = countries.region_id"), r.sql());
    }

    @Test
    void aJoinWithSeveralEquallyShortPathsIsLeftToTheModel() {
        // Revenue by category reads products and orders: Europe of the customer, or of the supplier?
        String why = unclear(REVENUE_BY_CATEGORY, "now only region Europe").why();
        assertTrue(why.contains("customers") && why.contains("suppliers"), why);
    }

    @Test
    void aBareValueReplacesTheValueOfTheOneTextFilter() {
        String sql = "SELECT COUNT(*) FROM orders o WHERE o.status = 'delivered'";
        QueryRefiner.Refined r = refined(sql, "what about 'Cancelled'");
        assertTrue(r.sql().contains("o.status = 'Cancelled'"), "the user's spelling is kept: " + r.sql());
        assertFalse(r.sql().contains("delivered"), r.sql());
    }

    @Test
    void aComparisonOnANamedColumnReplacesTheOldOne() {
        String sql = "SELECT name, price FROM products WHERE price > 10";
        QueryRefiner.Refined r = refined(sql, "only price over 100");
        assertTrue(r.sql().contains("WHERE products.price > 100"), r.sql());
        assertFalse(r.sql().contains("> 10 "), r.sql());
    }

    @Test
    void aBareComparisonFiltersTheMeasureWithHaving() {
        QueryRefiner.Refined r = refined(REVENUE_BY_CATEGORY, "only over 10000");
        assertTrue(r.sql().contains("HAVING SUM(oi.quantity * oi.unit_price) > 10000"), r.sql());
    }

    @Test
    void comparingTwoYearsPutsThemSideBySide() {
        QueryRefiner.Refined r = refined(REVENUE_BY_CATEGORY, "compare with 2023");
        assertTrue(r.sql().contains("o.order_date >= '2023-01-01' AND o.order_date < '2025-01-01'"), r.sql());
        assertTrue(r.sql().contains("EXTRACT(YEAR FROM o.order_date) AS period_year"), r.sql());
        assertTrue(r.sql().contains("GROUP BY c.name, EXTRACT(YEAR FROM o.order_date)"), r.sql());
    }

    @Test
    void editsCombineInOneFollowUp() {
        QueryRefiner.Refined r = refined(REVENUE_BY_CATEGORY, "same for 2023, top 2");
        assertTrue(r.sql().contains("'2023-01-01'"), r.sql());
        assertTrue(r.sql().endsWith("ORDER BY revenue DESC LIMIT 2"), r.sql());
    }

    @Test
    void wordsNoEditExplainsLeaveTheRefinementToTheModel() {
        assertTrue(unclear(REVENUE_BY_CATEGORY, "as a share of total").why().contains("share"));
        unclear(REVENUE_BY_CATEGORY, "now only Europe"); // no sampled values, no named column: the model decides
        unclear(REVENUE_BY_CATEGORY, "by month");
    }

    @Test
    void aSetOperationIsNotEdited() {
        unclear("SELECT name FROM regions UNION SELECT name FROM countries", "top 5");
    }

    @Test
    void aFilterOnAJoinedTableKeepsSelectStarToThePreviousRowsColumns() {
        QueryRefiner.Refined r = refined("SELECT * FROM products ORDER BY price DESC LIMIT 5", "now only category 'Books'");
        assertTrue(r.sql().startsWith("SELECT products.* FROM products"), r.sql());
        assertTrue(r.sql().contains("'Books'"), r.sql());
    }

    // ---- issue 14: edits never invent values ---------------------------------------------------------------

    @Test
    void anUnquotedWordThatNoSampleKnowsIsNeverAFilterValue() {
        // Before issue 14 "Europe" became regions.name = 'Europe' although nothing said it was a region's name.
        assertTrue(unclear(ORDERS_BY_STATUS, "now only region Europe").why().contains("quote it"));
        // A bare word replaced the one text filter's value: "what about Cancelled" is no edit without a sample.
        unclear("SELECT COUNT(*) FROM orders o WHERE o.status = 'delivered'", "what about Cancelled");
    }

    @Test
    void aLeftOverNounIsNeverAFilterValue() {
        String sql = "SELECT name, price FROM products WHERE name = 'Lamp'";
        QueryRefiner.Outcome o = QueryRefiner.refine("show only the top 3 products", turn(sql), SHOP,
                org.nljdbc.guard.Dialect.POSTGRESQL);
        if (o instanceof QueryRefiner.Refined r) {
            assertFalse(r.sql().contains("'products'"), r.sql());
            assertTrue(r.sql().contains("'Lamp'"), r.sql());
        }
        QueryRefiner.Outcome words = QueryRefiner.refine("and the language and the number of TV", turn(sql), SHOP,
                org.nljdbc.guard.Dialect.POSTGRESQL);
        assertInstanceOf(QueryRefiner.Unclear.class, words, words::toString);
    }

    @Test
    void aReplacedFilterReplacesTheSameColumnHoweverThePreviousQueryWroteIt() {
        for (String where : List.of("status = 'delivered'", "orders.status = 'delivered'",
                "\"status\" = 'delivered'", "o.status = 'delivered'")) {
            String sql = "SELECT COUNT(*) FROM orders" + (where.startsWith("o.") ? " o" : "") + " WHERE " + where;
            QueryRefiner.Refined r = refined(sql, "now only status 'cancelled'");
            assertFalse(r.sql().contains("delivered"), r.sql());
            assertEquals(1, r.sql().split("'cancelled'", -1).length - 1, r.sql());
        }
    }
}
