package org.nljdbc.translator.internal.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.symbolic.QueryModel.Aggregate;
import org.nljdbc.translator.internal.symbolic.QueryModel.Column;
import org.nljdbc.translator.internal.symbolic.QueryModel.Condition;
import org.nljdbc.translator.internal.symbolic.QueryModel.Expr;
import org.nljdbc.translator.internal.symbolic.QueryModel.Order;

/**
 * Each reader alone, on the draft of a question over {@link SymbolicTranslatorTest#SHOP}: what it adds to the draft,
 * which items it uses, and what it costs in confidence.
 */
class ReadersTest {
    private static final SchemaLexicon SHOP = new SchemaLexicon(SymbolicTranslatorTest.SHOP, Map.of());

    /** The draft of {@code question} with its schema items linked, as the readers receive it. */
    private static Draft draft(String question) throws Composer.CannotCompose {
        List<Item> items = new Linker(SHOP, LocalDate.of(2025, 3, 15)).link(QuestionLexer.lex(question)).items();
        Draft d = new Draft(SHOP, items, false);
        new LinkResolver(d).resolve();
        return d;
    }

    /** The position of the first item of {@code type}. */
    private static <T extends Item> int at(Draft d, Class<T> type) {
        for (int k = 0; k < d.items.size(); k++) {
            if (type.isInstance(d.items.get(k))) {
                return k;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + d.items);
    }

    private static <T extends Item> T item(Draft d, Class<T> type) {
        return type.cast(d.items.get(at(d, type)));
    }

    private static TableInfo table(String name) {
        return SymbolicTranslatorTest.SHOP.tables().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private static String columnOf(Expr x) {
        return x instanceof Column c ? c.ref().table().name() + "." + c.ref().column().name()
                : x instanceof Aggregate a ? a.function() + "(" + (a.column() == null ? "*"
                        : a.column().table().name() + "." + a.column().column().name()) + ")" : x.toString();
    }

    @Test
    void aggregateReaderGivesEachFunctionOfAListTheColumnAfterIt() throws Exception {
        Draft d = draft("average and maximum total amount of orders");
        new AggregateReader(d).aggregate(at(d, Item.Aggregate.class), item(d, Item.Aggregate.class));
        assertEquals(List.of("AVG(orders.total_amount)", "MAX(orders.total_amount)"),
                d.select.values().stream().map(ReadersTest::columnOf).toList());
        int column = d.items.size() - 3; // "total amount", before "of orders"
        assertTrue(d.used(column), () -> "the aggregated column is used: " + d.items);
    }

    @Test
    void aggregateReaderCountsTheTableAfterHowMany() throws Exception {
        Draft d = draft("how many customers");
        new AggregateReader(d).aggregate(at(d, Item.Aggregate.class), item(d, Item.Aggregate.class));
        assertTrue(d.countStar);
        assertEquals(table("customers"), d.counted);
        assertEquals(List.of("COUNT(*)"), d.select.values().stream().map(ReadersTest::columnOf).toList());
    }

    @Test
    void aggregateReaderRefusesToAverageText() throws Exception {
        Draft d = draft("average status of orders");
        Composer.CannotCompose e = assertThrows(Composer.CannotCompose.class,
                () -> new AggregateReader(d).aggregate(at(d, Item.Aggregate.class), item(d, Item.Aggregate.class)));
        assertEquals("status is not numeric", e.getMessage());
    }

    @Test
    void rankingReaderRanksEntitiesByTheSumOfTheirRelatedRowsAfterTopNBy() throws Exception {
        Draft d = draft("top 5 customers by total amount");
        RankingReader ranking = new RankingReader(d, new LinkResolver(d));
        ranking.top(at(d, Item.Top.class), item(d, Item.Top.class));
        assertEquals(5, d.limit);
        double before = d.confidence();
        assertTrue(ranking.rankBy(at(d, Item.GroupBy.class), item(d, Item.GroupBy.class)));
        assertTrue(d.orderByCount);
        assertEquals(table("orders"), d.counted);
        assertEquals(List.of("SUM(orders.total_amount)"),
                d.orderBy.stream().map(Order::expr).map(ReadersTest::columnOf).toList());
        assertTrue(d.orderBy.get(0).descending());
        assertEquals(before * Doubt.RANKED_BY_RELATED_ROWS.factor, d.confidence(), 1e-12);
        assertEquals(List.of(Doubt.RANKED_BY_RELATED_ROWS.reason("total amount")), d.doubts());
    }

    @Test
    void rankingReaderLeavesAByWithoutTopNToTheGrouping() throws Exception {
        Draft d = draft("total amount by status");
        assertFalse(new RankingReader(d, new LinkResolver(d)).rankBy(at(d, Item.GroupBy.class),
                item(d, Item.GroupBy.class)));
        assertTrue(d.orderBy.isEmpty());
        assertNull(d.limit);
    }

    @Test
    void groupingReaderGroupsByTheColumnAfterIt() throws Exception {
        Draft d = draft("total amount by status");
        LinkResolver links = new LinkResolver(d);
        new GroupingReader(d, new RankingReader(d, links)).groupBy(at(d, Item.GroupBy.class),
                item(d, Item.GroupBy.class), true);
        assertEquals(List.of("orders.status"), d.groupKeys.values().stream().map(ReadersTest::columnOf).toList());
    }

    @Test
    void groupingReaderReadsEachAsNothingToGroupWhenNothingIsAggregated() throws Exception {
        Draft d = draft("name of each customer");
        int each = at(d, Item.GroupBy.class);
        new GroupingReader(d, new RankingReader(d, new LinkResolver(d))).groupBy(each, item(d, Item.GroupBy.class),
                false);
        assertTrue(d.used(each));
        assertTrue(d.groupKeys.isEmpty() && d.groupTables.isEmpty() && !d.groupedByListing);
    }

    @Test
    void filterReaderTurnsMoreThanNRelatedRowsIntoACountCondition() throws Exception {
        Draft d = draft("customers with more than 5 orders");
        double before = d.confidence();
        new FilterReader(d, new LinkResolver(d)).comparison(at(d, Item.Comparison.class),
                item(d, Item.Comparison.class));
        assertEquals(table("orders"), d.counted);
        Condition c = d.having.get(0);
        assertEquals("COUNT(*) > 5", columnOf(c.left()) + " " + c.operator() + " " + c.value());
        // a guess not shown in abstentions: it costs confidence, and gives no reason
        assertEquals(before * Doubt.COUNT_OF_RELATED_ROWS.factor, d.confidence(), 1e-12);
        assertEquals(List.of(), d.doubts());
    }

    @Test
    void filterReaderTurnsAValueAfterNotAround() throws Exception {
        Draft d = new Draft(SHOP, new Linker(SHOP, LocalDate.of(2025, 3, 15))
                .link(QuestionLexer.lex("orders whose status is not delivered")).items(), false);
        FilterReader filters = new FilterReader(d, new LinkResolver(d));
        assertTrue(filters.connective(at(d, Item.Unsupported.class), item(d, Item.Unsupported.class)));
        new LinkResolver(d).resolve();
        int value = at(d, Item.Unsupported.class) + 1;
        filters.value(value, (Item.Schema) d.items.get(value));
        Condition c = d.where.get(0);
        assertEquals("orders.status <> delivered", columnOf(c.left()) + " " + c.operator() + " " + c.value());
    }

    @Test
    void timeReaderKeepsAPeriodUntilTheMainTableGivesItsDate() throws Exception {
        Draft d = draft("orders in 2024");
        TimeReader time = new TimeReader(d);
        time.period(at(d, Item.Period.class), item(d, Item.Period.class));
        assertTrue(d.where.isEmpty());
        time.periods(table("orders"));
        assertEquals(List.of("orders.order_date >= 2024-01-01", "orders.order_date < 2025-01-01"),
                d.where.stream().map(c -> columnOf(c.left()) + " " + c.operator() + " " + c.value()).toList());
    }

    @Test
    void degreesOfOneGuessShareItsReasonAndOnlyShownGuessesGiveOne() throws Exception {
        assertEquals(Doubt.NOT_OF_ADJACENT_TABLE.reason("x"), Doubt.LOOKUP_OF_ADJACENT_TABLE.reason("x"));
        assertEquals(Doubt.OUTSIDE_NAMED_TABLES.reason("x"), Doubt.NEXT_TO_NAMED_TABLE.reason("x"));
        assertEquals(Doubt.VALUE_COLUMN.reason("x"), Doubt.QUOTED_VALUE_COLUMN.reason("x"));
        for (Doubt doubt : Doubt.values()) {
            assertTrue(doubt.factor > 0 && doubt.factor < 1, doubt::name);
        }
        Draft d = draft("orders");
        d.doubt(Doubt.SUM_OF_MEASURE, "amount");
        d.doubt(Doubt.ROWS_ONCE, "");
        d.doubt(Doubt.ROWS_ONCE, "");
        assertEquals(List.of(Doubt.ROWS_ONCE.reason("")), d.doubts());
    }
}
