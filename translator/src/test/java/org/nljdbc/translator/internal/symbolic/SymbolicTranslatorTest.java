package org.nljdbc.translator.internal.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.ForeignKey;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * What the LLM-free translator composes from a question over a small shop catalog, and when it abstains. The
 * results of these queries on real databases are checked in {@link SymbolicDialectsTest}.
 */
class SymbolicTranslatorTest {
    private static final Clock MID_MARCH_2025 = Clock.fixed(Instant.parse("2025-03-15T10:00:00Z"), ZoneOffset.UTC);

    static ColumnInfo col(String name, int type, String... samples) {
        String typeName = switch (type) {
            case Types.INTEGER -> "INTEGER";
            case Types.DECIMAL -> "DECIMAL";
            case Types.DATE -> "DATE";
            default -> "VARCHAR";
        };
        return new ColumnInfo(name, typeName, type, true, null, List.of(samples));
    }

    static TableInfo table(String name, List<ColumnInfo> columns, ForeignKey... keys) {
        return new TableInfo(null, name, "TABLE", null, columns, List.of("id"), List.of(keys), -1);
    }

    static ForeignKey fk(String from, String column, String to) {
        return new ForeignKey("fk_" + from + "_" + column, from, List.of(column), to, List.of("id"));
    }

    static final Catalog SHOP = new Catalog("PostgreSQL", "16", List.of(
            table("regions", List.of(col("id", Types.INTEGER), col("name", Types.VARCHAR, "Europe", "Asia"))),
            table("countries", List.of(col("id", Types.INTEGER), col("name", Types.VARCHAR, "Brazil", "Japan"),
                    col("region_id", Types.INTEGER)), fk("countries", "region_id", "regions")),
            table("customers", List.of(col("id", Types.INTEGER), col("name", Types.VARCHAR),
                    col("country_id", Types.INTEGER), col("signup_date", Types.DATE)),
                    fk("customers", "country_id", "countries")),
            table("orders", List.of(col("id", Types.INTEGER), col("customer_id", Types.INTEGER),
                    col("order_date", Types.DATE), col("status", Types.VARCHAR, "delivered", "pending"),
                    col("total_amount", Types.DECIMAL)), fk("orders", "customer_id", "customers"))));

    private final SymbolicTranslator translator = new SymbolicTranslator(0.7, MID_MARCH_2025);

    private String sql(String question, Dialect dialect) {
        SymbolicOutcome outcome = translator.attempt(question, SHOP, dialect);
        assertInstanceOf(SymbolicAnswer.class, outcome, () -> question + ": " + ((Abstention) outcome).describe());
        return ((SymbolicAnswer) outcome).sql();
    }

    private Abstention abstention(String question) {
        SymbolicOutcome outcome = translator.attempt(question, SHOP, Dialect.POSTGRESQL);
        assertInstanceOf(Abstention.class, outcome, () -> question + " was answered: " + outcome);
        return (Abstention) outcome;
    }

    @Test
    void countsTheRowsOfTheTableTheQuestionNames() {
        assertEquals("SELECT COUNT(*) AS count_customers FROM customers",
                sql("How many customers are there?", Dialect.POSTGRESQL));
    }

    @Test
    void aSampledValueBecomesAFilterOnItsColumnThroughTheForeignKeyPath() {
        assertEquals("SELECT COUNT(*) AS count_orders FROM orders t1 JOIN customers t2 ON t1.customer_id = t2.id "
                + "JOIN countries t3 ON t2.country_id = t3.id JOIN regions t4 ON t3.region_id = t4.id "
                + "WHERE t4.name = 'Europe'", sql("How many orders in Europe?", Dialect.POSTGRESQL));
    }

    @Test
    void aColumnNamedBeforeItsValueIsPartOfTheFilter() {
        assertEquals("SELECT COUNT(*) AS count_orders FROM orders WHERE \"status\" = 'delivered'",
                sql("How many orders with status delivered?", Dialect.POSTGRESQL));
    }

    @Test
    void aYearIsAHalfOpenDateRangeOnTheTablesOwnDate() {
        assertEquals("SELECT COUNT(*) AS count_orders FROM orders WHERE order_date >= DATE '2024-01-01' "
                + "AND order_date < DATE '2025-01-01'", sql("How many orders in 2024?", Dialect.POSTGRESQL));
    }

    @Test
    void relativePeriodsAreComputedFromTheClock() {
        assertTrue(sql("How many orders last month?", Dialect.POSTGRESQL)
                .endsWith("order_date >= DATE '2025-02-01' AND order_date < DATE '2025-03-01'"));
        assertTrue(sql("How many orders since March?", Dialect.POSTGRESQL).endsWith("order_date >= DATE '2025-03-01'"));
        // April has not come yet in mid-March: "since April" is last year's
        assertTrue(sql("How many orders since April?", Dialect.POSTGRESQL).endsWith("order_date >= DATE '2024-04-01'"));
        assertTrue(sql("How many orders between 2022 and 2023?", Dialect.POSTGRESQL)
                .endsWith("order_date >= DATE '2022-01-01' AND order_date < DATE '2024-01-01'"));
    }

    @Test
    void anAmountByADimensionIsSummedOverTheJoinToIt() {
        assertEquals("SELECT SUM(t1.total_amount) AS sum_total_amount, t4.name FROM orders t1 "
                + "JOIN customers t2 ON t1.customer_id = t2.id "
                + "JOIN countries t3 ON t2.country_id = t3.id JOIN regions t4 ON t3.region_id = t4.id "
                + "GROUP BY t4.id, t4.name", sql("Revenue by region", Dialect.POSTGRESQL));
    }

    @Test
    void revenueIsATotalByItsMeaningWhileAListedAmountColumnIsListed() {
        assertEquals("SELECT SUM(total_amount) AS sum_total_amount FROM orders WHERE order_date >= DATE '2024-01-01' "
                + "AND order_date < DATE '2025-01-01'", sql("Revenue in 2024", Dialect.POSTGRESQL));
        assertEquals("SELECT total_amount FROM orders WHERE order_date >= DATE '2024-01-01' "
                + "AND order_date < DATE '2025-01-01'", sql("List the total amount of orders in 2024", Dialect.POSTGRESQL));
    }

    @Test
    void comparisonsAndTopNBecomeWhereAndOrderedLimits() {
        assertEquals("SELECT COUNT(*) AS count_orders FROM orders WHERE total_amount >= 100",
                sql("How many orders have a total amount of at least 100?", Dialect.POSTGRESQL));
        assertEquals("SELECT * FROM orders ORDER BY total_amount DESC LIMIT 3",
                sql("Top 3 orders by total amount", Dialect.POSTGRESQL));
        assertEquals("SELECT COUNT(*) AS count_orders FROM orders WHERE total_amount > 100",
                sql("How many orders above total amount 100?", Dialect.POSTGRESQL));
    }

    @Test
    void aThresholdThatIsNotANumberIsRefusedAndOneAboveOneNeverAnswers() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SymbolicTranslator(Double.NaN));
        assertTrue(new SymbolicTranslator(1.01).translate("How many customers are there?", SHOP, Dialect.H2)
                .isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POSTGRESQL|SELECT * FROM orders ORDER BY total_amount DESC LIMIT 3",
        "SQLITE|SELECT * FROM orders ORDER BY total_amount DESC LIMIT 3",
        "SQLSERVER|SELECT TOP 3 * FROM orders ORDER BY total_amount DESC",
        "ORACLE|SELECT * FROM \"orders\" ORDER BY \"total_amount\" DESC FETCH FIRST 3 ROWS ONLY"})
    void theRowLimitIsWrittenAsEachDialectWritesIt(Dialect dialect, String expected) {
        assertEquals(expected, sql("Top 3 orders by total amount", dialect));
    }

    @Test
    void identifiersAreQuotedOnlyWhereTheDialectWouldChangeOrRejectThem() {
        SqlRenderer pg = new SqlRenderer(Dialect.POSTGRESQL);
        assertEquals("order_date", pg.ident("order_date"));
        assertEquals("\"Net_Worth\"", pg.ident("Net_Worth")); // PostgreSQL would fold it to lower case
        assertEquals("\"status\"", pg.ident("status"));
        assertEquals("`order`", new SqlRenderer(Dialect.MARIADB).ident("order"));
        assertEquals("Net_Worth", new SqlRenderer(Dialect.SQLITE).ident("Net_Worth"));
        assertEquals("ORDER_DATE", new SqlRenderer(Dialect.H2).ident("ORDER_DATE"));
        assertEquals("\"order_date\"", new SqlRenderer(Dialect.H2).ident("order_date"));
        assertEquals("[my col]", new SqlRenderer(Dialect.SQLSERVER).ident("my col"));
        assertEquals("'it''s'", new SqlRenderer(Dialect.POSTGRESQL).render(new QueryModel.Query(
                List.of(new QueryModel.AllColumns(SHOP.table("regions").orElseThrow())), false,
                SHOP.table("regions").orElseThrow(), List.of(), List.of(new QueryModel.Condition(
                        new QueryModel.Column(new QueryModel.ColumnRef(SHOP.table("regions").orElseThrow(),
                                SHOP.table("regions").orElseThrow().column("name").orElseThrow())), "=", "it's",
                        QueryModel.ValueKind.STRING)), List.of(), List.of(), List.of(), null))
                .replaceAll(".*= ", ""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Customers who never ordered|never",
        "Customers not in Brazil|not",
        "Orders in Europe or with status pending|or",
        "Customers with both pending and delivered orders|both",
        "Orders except those in Europe|except",
        "Orders with a total amount above the average|average",
        "What percentage of orders are pending?|percentage"})
    void negatedSetAndNestedQuestionsAbstainNamingTheWordResponsible(String question, String word) {
        Abstention a = abstention(question);
        assertTrue(a.notUnderstood().contains(word), a.describe());
    }

    @Test
    void aNegatedValueOfTheCountedTableIsAnInequalityButNotAcrossARelationship() {
        assertEquals("SELECT COUNT(*) AS count_orders FROM orders WHERE \"status\" <> 'delivered'",
                sql("How many orders are not delivered?", Dialect.POSTGRESQL));
        // "customers not in Brazil" means no Brazilian country row, which a join cannot say
        assertTrue(abstention("How many customers are not in Brazil?").reason().contains("negation"));
    }

    @Test
    void valuesOfOneColumnJoinedByOrBecomeAnInList() {
        assertTrue(sql("How many orders in Europe or Asia?", Dialect.POSTGRESQL)
                .endsWith("WHERE t4.name IN ('Europe', 'Asia')"));
    }

    @Test
    void twoValuesOfOneColumnAbstainSinceAndMayMeanEitherOrBoth() {
        assertTrue(abstention("How many orders delivered and pending?").reason().contains("two values"));
    }

    @Test
    void wordsThatMatchNothingAreListedInQuestionOrder() {
        assertEquals(List.of("spaceships", "teleported"),
                abstention("How many spaceships teleported in 2024?").notUnderstood());
    }

    @Test
    void aSumAcrossAOneToManyJoinAbstainsRatherThanCountRowsTwice() {
        List<TableInfo> tables = new java.util.ArrayList<>(SHOP.tables());
        tables.add(table("products", List.of(col("id", Types.INTEGER), col("name", Types.VARCHAR))));
        tables.add(table("order_items", List.of(col("id", Types.INTEGER), col("order_id", Types.INTEGER),
                col("product_id", Types.INTEGER), col("quantity", Types.INTEGER)),
                fk("order_items", "order_id", "orders"), fk("order_items", "product_id", "products")));
        Catalog withItems = new Catalog("PostgreSQL", "16", tables);
        // an order's total amount would be added once per line of the order
        Abstention a = assertInstanceOf(Abstention.class,
                translator.attempt("Total amount by product", withItems, Dialect.POSTGRESQL));
        assertTrue(a.reason().contains("one-to-many"), a.describe());
        // the lines' own quantities are fine
        assertTrue(translator.translate("Total quantity by product", withItems, Dialect.POSTGRESQL).isPresent());
    }

    @Test
    void twoForeignKeysBetweenTheSameTablesMakeTheJoinAmbiguous() {
        Catalog flights = new Catalog("PostgreSQL", "16", List.of(
                table("airports", List.of(col("id", Types.INTEGER), col("city", Types.VARCHAR, "Paris"))),
                table("flights", List.of(col("id", Types.INTEGER), col("source_id", Types.INTEGER),
                        col("destination_id", Types.INTEGER)), fk("flights", "source_id", "airports"),
                        fk("flights", "destination_id", "airports"))));
        SymbolicOutcome outcome = translator.attempt("How many flights in Paris?", flights, Dialect.POSTGRESQL);
        Abstention a = assertInstanceOf(Abstention.class, outcome);
        assertTrue(a.reason().contains("more than one way to join"), a.describe());
    }

    @Test
    void belowTheThresholdItAbstainsAndSaysHowSureItWas() {
        // "revenue" is a synonym, three joins away from "region": answered at the default, not at 0.95
        SymbolicOutcome strict = new SymbolicTranslator(0.95, MID_MARCH_2025).attempt("Revenue by region", SHOP,
                Dialect.POSTGRESQL);
        Abstention a = assertInstanceOf(Abstention.class, strict);
        assertTrue(a.confidence() > 0.7 && a.confidence() < 0.95, a.describe());
        assertTrue(translator.translate("Revenue by region", SHOP, Dialect.POSTGRESQL).isPresent());
    }

    @Test
    void theAnswerSaysWhatWasUnderstood() {
        SymbolicAnswer a = translator.translate("How many orders in Europe in 2024?", SHOP, Dialect.POSTGRESQL)
                .orElseThrow();
        assertEquals(List.of("how many", "orders", "'Europe'", "in 2024"), a.understood());
        assertEquals(List.of("orders", "customers", "countries", "regions"), a.tables());
    }

    @Test
    void topCustomersByAnAmountOfTheirOrdersSumsItPerCustomerKey() {
        assertEquals("SELECT t1.name, SUM(t2.total_amount) AS sum_total_amount FROM customers t1 JOIN orders t2 "
                + "ON t1.id = t2.customer_id GROUP BY t1.id, t1.name ORDER BY SUM(t2.total_amount) DESC LIMIT 5",
                sql("Top 5 customers by total amount? Return their name and total amount.", Dialect.POSTGRESQL));
    }

    @Test
    void aColumnOfTheRankedRelatedRowsThatIsNotTheRankedSumIsRefused() {
        Abstention a = abstention("Top 5 customers by total amount? Return their name and status.");
        assertTrue(a.reason().contains("several values for each of customers"), a.describe());
    }

    @Test
    void theOneWithTheMostRelatedRowsSaysATieIsPossibleWhenItAbstains() {
        SymbolicOutcome outcome = new SymbolicTranslator(0.99, MID_MARCH_2025)
                .attempt("Which customer has the most orders?", SHOP, Dialect.POSTGRESQL);
        Abstention a = assertInstanceOf(Abstention.class, outcome);
        assertTrue(a.reason().contains("which one to keep when several tie for \"the most\""), a.describe());
    }

    @Test
    void anExtremeShownWithAnotherColumnAbstainsSinceThatColumnMayBeOfTheRowWithIt() {
        // "the largest amount and its status": the status of that order, or the largest amount of each status
        Abstention a = abstention("What is the largest total amount and its status?");
        assertTrue(a.reason().contains("smallest or largest value shown with another column"), a.describe());
        // a count has no row of its own: listed with a column it can only be per value of that column
        SymbolicOutcome counted = new SymbolicTranslator(0.0, MID_MARCH_2025)
                .attempt("Number of orders and status", SHOP, Dialect.POSTGRESQL);
        assertInstanceOf(SymbolicAnswer.class, counted, counted::toString);
    }

    @Test
    void aNamedTableThatAddsNothingToTheQueryCostsHalfTheConfidence() {
        String question = "List the names of customers and the orders";
        SymbolicOutcome outcome = new SymbolicTranslator(0.0, MID_MARCH_2025).attempt(question, SHOP,
                Dialect.POSTGRESQL);
        double named = assertInstanceOf(SymbolicAnswer.class, outcome, outcome::toString).confidence();
        double alone = ((SymbolicAnswer) new SymbolicTranslator(0.0, MID_MARCH_2025).attempt(
                "List the names of customers", SHOP, Dialect.POSTGRESQL)).confidence();
        assertTrue(named <= alone * Doubt.TABLE_ADDS_NOTHING.factor + 1e-9, named + " vs " + alone);
        Abstention a = assertInstanceOf(Abstention.class, new SymbolicTranslator(0.6, MID_MARCH_2025)
                .attempt(question, SHOP, Dialect.POSTGRESQL));
        assertTrue(a.reason().contains("what \"orders\" adds to the question"), a.describe());
    }
}
