package org.nljdbc.bench.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Cases worked by hand through Spider evaluation.py's component counts, on dev.json's parsed-SQL format. */
class HardnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY_TAIL = "\"groupBy\": [], \"having\": [], \"limit\": null, \"intersect\": null, "
            + "\"union\": null, \"except\": null";

    @Test
    void countStarOverOneTableIsEasy() throws Exception {
        // SELECT count(*) FROM singer
        assertEquals(Hardness.EASY, Hardness.of(JSON.readTree("{\"from\": {\"table_units\": [[\"table_unit\", 1]], "
                + "\"conds\": []}, \"select\": [false, [[3, [0, [0, 0, false], null]]]], \"where\": [], "
                + "\"orderBy\": [], " + EMPTY_TAIL + "}")));
    }

    @Test
    void severalColumnsWithOrderByIsMedium() throws Exception {
        // SELECT name, country, age FROM singer ORDER BY age DESC: component1 = 1 (order), others = 1 (3 columns)
        assertEquals(Hardness.MEDIUM, Hardness.of(JSON.readTree("{\"from\": {\"table_units\": [[\"table_unit\", 1]], "
                + "\"conds\": []}, \"select\": [false, [[0, [0, [0, 9, false], null]], [0, [0, [0, 10, false], null]], "
                + "[0, [0, [0, 13, false], null]]]], \"where\": [], \"orderBy\": [\"desc\", [[0, [0, 13, false], null]]], "
                + EMPTY_TAIL + "}")));
    }

    @Test
    void oneNestedQueryUnderOneWhereIsHard() throws Exception {
        // SELECT name FROM stadium WHERE stadium_id NOT IN (SELECT stadium_id FROM concert)
        String nested = "{\"from\": {\"table_units\": [[\"table_unit\", 2]], \"conds\": []}, "
                + "\"select\": [false, [[0, [0, [0, 20, false], null]]]], \"where\": [], \"orderBy\": [], " + EMPTY_TAIL + "}";
        assertEquals(Hardness.HARD, Hardness.of(JSON.readTree("{\"from\": {\"table_units\": [[\"table_unit\", 0]], "
                + "\"conds\": []}, \"select\": [false, [[0, [0, [0, 3, false], null]]]], "
                + "\"where\": [[true, 8, [0, [0, 1, false], null], " + nested + ", null]], \"orderBy\": [], "
                + EMPTY_TAIL + "}")));
    }

    @Test
    void joinsWithGroupingOrderingAndLimitAreExtra() throws Exception {
        // three tables (2 joins), GROUP BY, ORDER BY, LIMIT: component1 = 5
        assertEquals(Hardness.EXTRA, Hardness.of(JSON.readTree("{\"from\": {\"table_units\": [[\"table_unit\", 0], "
                + "[\"table_unit\", 1], [\"table_unit\", 2]], \"conds\": []}, \"select\": [false, [[0, [0, [0, 1, false], "
                + "null]]]], \"where\": [], \"groupBy\": [[0, 1, false]], \"having\": [], \"orderBy\": [\"desc\", "
                + "[[0, [3, 0, false], null]]], \"limit\": 1, \"intersect\": null, \"union\": null, \"except\": null}")));
    }
}
