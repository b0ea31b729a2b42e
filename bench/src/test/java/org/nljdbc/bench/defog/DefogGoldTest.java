package org.nljdbc.bench.defog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefogGoldTest {

    @Test
    void semicolonsSeparateAlternativesButNotInsideLiterals() {
        assertEquals(List.of("SELECT a FROM t WHERE s = 'x;y'", "SELECT b FROM u"),
                DefogGold.queries("SELECT a FROM t WHERE s = 'x;y';SELECT b FROM u;"));
    }

    @Test
    void bracesGiveEveryNonEmptyChoiceAndGroupByBracesRepeatIt() {
        assertEquals(List.of(
                        "SELECT m.mid, SUM(x) FROM m GROUP BY m.mid, m.cat",
                        "SELECT m.name, SUM(x) FROM m GROUP BY m.name, m.cat",
                        "SELECT m.mid, m.name, SUM(x) FROM m GROUP BY m.mid, m.name, m.cat"),
                DefogGold.queries("SELECT {m.mid, m.name}, SUM(x) FROM m GROUP BY {}, m.cat"));
    }

    @Test
    void optionsAreSplitOutsideParenthesesAndBracesInLiteralsAreText() {
        assertEquals(List.of("SELECT COALESCE(a, b) FROM t WHERE s = '{x}'", "SELECT c FROM t WHERE s = '{x}'",
                        "SELECT COALESCE(a, b), c FROM t WHERE s = '{x}'"),
                DefogGold.queries("SELECT {COALESCE(a, b), c} FROM t WHERE s = '{x}'"));
    }

    @Test
    void alternativesAndBracesCombine() {
        assertEquals(4, DefogGold.queries("SELECT {a, b} FROM t; SELECT c FROM u").size());
    }
}
