package org.nljdbc.translator.internal.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;

/** The naming rule on SQL text; the JDBC behaviour is specified in the driver's ResultColumnNamesTest. */
class ResultColumnNamesTest {
    private static final Map<String, Set<String>> SHOP = Map.of(
            "orders", Set.of("id", "customer_id", "status", "order_date", "total_amount"),
            "customers", Set.of("id", "name", "country_id"),
            "countries", Set.of("id", "name"),
            "categories", Set.of("id", "name"),
            "products", Set.of("id", "name", "category_id", "price"));

    private static String named(String sql, String question) {
        return ResultColumnNames.apply(sql, question, Dialect.POSTGRESQL, SHOP);
    }

    @Test
    void namesALabelColumnAfterTheTableTheQuestionNames() {
        assertEquals("SELECT co.name AS country, COUNT(*) AS customers FROM customers c JOIN countries co ON "
                        + "co.id = c.country_id GROUP BY co.name",
                named("SELECT co.name, COUNT(*) FROM customers c JOIN countries co ON co.id = c.country_id "
                        + "GROUP BY co.name", "Number of customers by country"));
    }

    @Test
    void keepsNameWhenTheQuestionAsksForNames() {
        assertEquals("SELECT name FROM products", named("SELECT name FROM products", "names of all products"));
    }

    @Test
    void theOneMeasureIsNamedByTheQuestionsWordsAndOrderByFollows() {
        assertEquals("SELECT c.name AS category, AVG(p.price) AS average_price FROM products p JOIN categories c ON "
                        + "c.id = p.category_id GROUP BY c.name ORDER BY average_price DESC",
                named("SELECT c.name AS cat, AVG(p.price) AS avg_p FROM products p JOIN categories c ON "
                        + "c.id = p.category_id GROUP BY c.name ORDER BY avg_p DESC", "average price by category"));
    }

    @Test
    void countsAreNamedByWhatTheyCount() {
        assertEquals("SELECT COUNT(DISTINCT customer_id) AS customers, status FROM orders GROUP BY status",
                named("SELECT COUNT(DISTINCT customer_id) AS n, status FROM orders GROUP BY status",
                        "how many customers ordered per status"));
        assertEquals("SELECT COUNT(o.id) AS orders FROM orders o", named("SELECT COUNT(o.id) FROM orders o",
                "how many orders"));
    }

    @Test
    void severalMeasuresKeepTheirQuestionWordsOrAliasesAndNamesAreUnique() {
        assertEquals("SELECT MIN(price) AS min_price, MAX(price) AS highest FROM products",
                named("SELECT MIN(price), MAX(price) AS highest FROM products", "cheapest and dearest price"));
        assertEquals("SELECT status, status AS status_2 FROM orders",
                named("SELECT status, status AS s FROM orders", "status twice"));
    }

    @Test
    void quotesKeywordsAndLeavesStarsAndUnparseableSqlAlone() {
        assertEquals("SELECT COUNT(*) AS \"count\" FROM (SELECT 1) t",
                named("SELECT COUNT(*) FROM (SELECT 1) t", "count"));
        assertEquals("SELECT * FROM orders", named("SELECT * FROM orders", "all orders"));
        assertEquals("SELECT FROM WHERE", named("SELECT FROM WHERE", "nonsense"));
    }

    @Test
    void namesTheFirstBranchOfAUnion() {
        assertEquals("SELECT name AS country FROM countries UNION SELECT name FROM categories",
                named("SELECT name FROM countries UNION SELECT name FROM categories", "every country and category"));
    }

    @Test
    void aGroupByOnARenamedAliasGroupsByItsExpressionAndOtherExpressionsKeepTheirAlias() {
        assertEquals("SELECT c.name AS category, COUNT(*) AS products FROM products p JOIN categories c ON "
                        + "c.id = p.category_id GROUP BY c.name",
                named("SELECT c.name AS cat, COUNT(*) FROM products p JOIN categories c ON c.id = p.category_id "
                        + "GROUP BY cat", "products per category"));
        assertEquals("SELECT EXTRACT(YEAR FROM order_date) AS yr, SUM(total_amount) AS revenue FROM orders GROUP BY yr",
                named("SELECT EXTRACT(YEAR FROM order_date) AS yr, SUM(total_amount) AS s FROM orders GROUP BY yr",
                        "revenue per year"));
    }
}
