package org.nljdbc.bench.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparatorTest {
    @Test
    void rowsAreAMultisetUnlessTheGoldOrders() {
        List<String> gold = List.of("a", "b", "b");
        assertTrue(ResultComparator.same(gold, List.of("b", "a", "b"), false));
        assertFalse(ResultComparator.same(gold, List.of("b", "a", "b"), true));
        assertFalse(ResultComparator.same(gold, List.of("a", "b"), false), "duplicates count");
        assertFalse(ResultComparator.same(gold, List.of("a", "a", "b"), false));
    }

    @Test
    void numbersCompareByValueWithinAMillionthAndStringsTrimmed() {
        assertEquals(ResultComparator.normalise(5), ResultComparator.normalise(5.0));
        assertEquals(ResultComparator.normalise(5L), ResultComparator.normalise(new BigDecimal("5.0000000000")));
        assertEquals(ResultComparator.normalise(29.333333333333332),
                ResultComparator.normalise(new BigDecimal("29.3333333333333333")));
        assertNotEquals(ResultComparator.normalise(29.33), ResultComparator.normalise(29.34));
        assertEquals(ResultComparator.normalise("France "), ResultComparator.normalise("France"));
        assertNotEquals(ResultComparator.normalise("5"), ResultComparator.normalise(5), "a string is not a number");
        assertNotEquals(ResultComparator.normalise(null), ResultComparator.normalise("null"));
    }

    @Test
    void spidersOfficialRuleAcceptsTheRightResultInAnotherOrderOfItsColumns() {
        char sep = '\u0001';
        List<String> gold = List.of("s:France" + sep + "n:3" + sep, "s:Japan" + sep + "n:1" + sep);
        List<String> swapped = List.of("n:1" + sep + "s:Japan" + sep, "n:3" + sep + "s:France" + sep);
        assertFalse(ResultComparator.same(gold, swapped, false), "columns in order");
        assertTrue(ResultComparator.sameUpToColumnOrder(gold, swapped, false));
        // the columns are permuted as a whole, never cell by cell within a row
        List<String> mixed = List.of("n:1" + sep + "s:Japan" + sep, "s:France" + sep + "n:3" + sep);
        assertFalse(ResultComparator.sameUpToColumnOrder(gold, mixed, false));
        assertFalse(ResultComparator.sameUpToColumnOrder(gold, List.of("n:3" + sep + "s:France" + sep), false));
    }

    @Test
    void onlyAnOuterOrderByMakesTheComparisonOrdered() {
        assertTrue(ResultComparator.ordersResult("SELECT name FROM singer ORDER BY age DESC"));
        assertFalse(ResultComparator.ordersResult(
                "SELECT name FROM singer WHERE age > (SELECT age FROM singer ORDER BY age LIMIT 1)"));
        assertTrue(ResultComparator.ordersResult("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1"));
    }
}
