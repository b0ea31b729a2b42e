package org.nljdbc.bench.defog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefogScorerTest {

    private static DefogScorer.Table table(int columns, String... rows) {
        return new DefogScorer.Table(columns, Arrays.stream(rows).map(r -> List.of(r.split("\\|"))).toList());
    }

    @Test
    void extraColumnsInAnyOrderAreAllowed() {
        DefogScorer.Table gold = table(2, "ann|3", "bob|5");
        assertTrue(DefogScorer.matches(gold, table(3, "5|b1|bob", "3|a1|ann"), false));
    }

    @Test
    void aMissingGoldColumnOrDifferentRowsAreWrong() {
        DefogScorer.Table gold = table(2, "ann|3", "bob|5");
        assertFalse(DefogScorer.matches(gold, table(1, "ann", "bob"), false), "the count column is missing");
        assertFalse(DefogScorer.matches(gold, table(2, "ann|5", "bob|3"), false),
                "same column values but paired differently");
        assertFalse(DefogScorer.matches(gold, table(2, "ann|3"), false), "a row is missing");
    }

    @Test
    void orderMattersOnlyWhenTheGoldOrders() {
        DefogScorer.Table gold = table(1, "a", "b");
        DefogScorer.Table reversed = table(1, "b", "a");
        assertTrue(DefogScorer.matches(gold, reversed, false));
        assertFalse(DefogScorer.matches(gold, reversed, true));
    }

    @Test
    void eachGoldColumnNeedsItsOwnAnswerColumn() {
        // Both gold columns hold the same values; one answer column cannot stand for both.
        assertFalse(DefogScorer.matches(table(2, "1|1", "2|2"), table(2, "1|9", "2|8"), false));
        assertTrue(DefogScorer.matches(table(2, "1|1", "2|2"), table(3, "1|9|1", "2|8|2"), false));
    }

    @Test
    void emptyResultsMatchWhenTheAnswerHasEnoughColumns() {
        assertTrue(DefogScorer.matches(table(2), table(2), true));
        assertFalse(DefogScorer.matches(table(2), table(1), true));
    }
}
