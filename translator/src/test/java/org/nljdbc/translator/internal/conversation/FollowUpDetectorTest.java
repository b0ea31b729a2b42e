package org.nljdbc.translator.internal.conversation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nljdbc.translator.internal.catalog.Catalog;

/** Which questions refine the previous one and which stand on their own. */
class FollowUpDetectorTest {
    private static final Catalog SHOP = ShopCatalog.create();
    private static final Turn PREVIOUS = new Turn(1, "revenue by category in 2024", "SELECT 1", "SELECT 1", List.of(),
            -1, null);

    @ParameterizedTest
    @ValueSource(strings = {"now only Europe", "show only top 10", "same for 2023", "count instead of sum",
        "and by region", "by region", "sorted by name", "bottom 5", "2023", "Europe", "what about Asia?",
        "as a share of total", "only over 1000", "which of them are in Germany", "in 2022", "top 3",
        "compare with 2023", "Books only", "do the same for Asia", "same but for 2022",
        // issue 14: fragments and anaphora cannot stand alone
        "only in 2024", "same for Canada", "now by region", "count instead", "how many are there?",
        "which one has the most?", "that supplier's products", "those customers", "list that company's products",
        "what are their names?", "show only the top 3 products"})
    void refinementsAreFollowUps(String question) {
        assertTrue(FollowUpDetector.isFollowUp(question, PREVIOUS, SHOP), question);
    }

    @ParameterizedTest
    @ValueSource(strings = {"how many customers are there?", "list all products with a price over 100",
        "which customers signed up in 2023", "what is the average order total per status",
        "show the ten most expensive products", "how many orders were cancelled in 2024",
        // Spider dev asks these one after another; "above" and "same" alone do not refer back.
        "What are all distinct countries where customers above age 20 are from?",
        "List all product names by customers above the average age.",
        "Which customers signed up on the same day?",
        // After a question about orders and categories, a ranking of another table is a new question.
        "Top 5 customers by signup date", "bottom 3 countries by name",
        // issue 14: whole questions with pronouns of their own, or opening with a preposition
        "For each category, how many products are there?", "Show the name of each supplier and its country",
        "List the customers that placed orders in 2024 and their cities", "In which year did customers sign up most?"})
    void questionsOfTheirOwnAreIndependent(String question) {
        assertFalse(FollowUpDetector.isFollowUp(question, PREVIOUS, SHOP), question);
    }

    @org.junit.jupiter.api.Test
    void aRankingOfTheSameTableRefinesButOfAnotherTableStartsAfresh() {
        Turn revenueByCategory = new Turn(1, "revenue by category", "SELECT categories.name, SUM(orders.total_amount) "
                + "FROM orders JOIN categories ON categories.id = orders.id GROUP BY categories.name",
                "SELECT 1", List.of(), -1, null);
        assertTrue(FollowUpDetector.isFollowUp("top 3 categories", revenueByCategory, SHOP));
        assertTrue(FollowUpDetector.isFollowUp("top 3", revenueByCategory, SHOP));
        assertFalse(FollowUpDetector.isFollowUp("top 5 customers by signup date", revenueByCategory, SHOP));
        // issue 14: a ranking that says what it ranks and by what is new even over a table the last query read
        Turn joined = new Turn(1, "revenue by category", "SELECT c.name, SUM(oi.quantity * oi.unit_price) FROM "
                + "order_items oi JOIN products p ON p.id = oi.product_id JOIN categories c ON c.id = p.category_id "
                + "GROUP BY c.name", "SELECT 1", List.of(), -1, null);
        assertFalse(FollowUpDetector.isFollowUp("top 5 products by price", joined, SHOP));
    }
}
