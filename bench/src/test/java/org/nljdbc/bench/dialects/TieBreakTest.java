package org.nljdbc.bench.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TieBreakTest {
    @Test
    void appendsEverySelectedColumnToTheOrderBy() {
        assertEquals(Optional.of("SELECT name, age FROM singer ORDER BY count(*) DESC, 1, 2 LIMIT 1"),
                TieBreak.of("SELECT name, age FROM singer ORDER BY count(*) DESC LIMIT 1"));
    }

    @Test
    void leavesUnorderedAndStarQueriesAlone() {
        assertTrue(TieBreak.of("SELECT name FROM singer").isEmpty());
        assertTrue(TieBreak.of("SELECT * FROM singer ORDER BY age").isEmpty());
        assertTrue(TieBreak.of("not sql").isEmpty());
    }
}
