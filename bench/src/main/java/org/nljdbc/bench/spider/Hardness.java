package org.nljdbc.bench.spider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Spider's difficulty levels, computed exactly as Spider's {@code evaluation.py} ({@code eval_hardness},
 * {@code count_component1}, {@code count_component2}, {@code count_others}) does, over the parsed query that
 * {@code dev.json} ships with each question (its {@code sql} field), so the levels match published Spider results.
 *
 * <p>The Python code's quirks are kept on purpose: {@code count_agg} over WHERE conditions tests the NOT flag, and over
 * HAVING it also counts the {@code and}/{@code or} connectives (a string is never equal to 0 in Python).
 */
public enum Hardness {
    EASY, MEDIUM, HARD, EXTRA;

    private static final int LIKE = 9; // WHERE_OPS.index('like')

    public static Hardness of(JsonNode sql) {
        int c1 = countComponent1(sql);
        int c2 = nested(sql).size();
        int others = countOthers(sql);
        if (c1 <= 1 && others == 0 && c2 == 0) {
            return EASY;
        }
        if ((others <= 2 && c1 <= 1 && c2 == 0) || (c1 <= 2 && others < 2 && c2 == 0)) {
            return MEDIUM;
        }
        if ((others > 2 && c1 <= 2 && c2 == 0) || (c1 > 2 && c1 <= 3 && others <= 2 && c2 == 0)
                || (c1 <= 1 && others == 0 && c2 <= 1)) {
            return HARD;
        }
        return EXTRA;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<JsonNode> nested(JsonNode sql) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode cond : condUnits(sql)) {
            if (cond.get(3).isObject()) {
                out.add(cond.get(3));
            }
            if (cond.get(4).isObject()) {
                out.add(cond.get(4));
            }
        }
        for (String set : List.of("intersect", "except", "union")) {
            if (sql.path(set).isObject()) {
                out.add(sql.get(set));
            }
        }
        return out;
    }

    private static int countComponent1(JsonNode sql) {
        int count = 0;
        count += sql.path("where").isEmpty() ? 0 : 1;
        count += sql.path("groupBy").isEmpty() ? 0 : 1;
        count += sql.path("orderBy").isEmpty() ? 0 : 1;
        count += sql.path("limit").isNull() || sql.path("limit").isMissingNode() ? 0 : 1;
        int tableUnits = sql.path("from").path("table_units").size();
        count += tableUnits > 0 ? tableUnits - 1 : 0;
        for (JsonNode connective : connectives(sql)) {
            count += "or".equals(connective.asText()) ? 1 : 0;
        }
        for (JsonNode cond : condUnits(sql)) {
            count += cond.get(1).asInt() == LIKE ? 1 : 0;
        }
        return count;
    }

    private static int countOthers(JsonNode sql) {
        int count = 0;
        int agg = 0;
        for (JsonNode selected : sql.path("select").path(1)) {
            agg += hasAgg(selected) ? 1 : 0;
        }
        List<JsonNode> where = everyOther(sql.path("where"), 0);
        for (JsonNode cond : where) {
            agg += hasAgg(cond) ? 1 : 0;
        }
        for (JsonNode col : sql.path("groupBy")) {
            agg += hasAgg(col) ? 1 : 0;
        }
        if (!sql.path("orderBy").isEmpty()) {
            for (JsonNode valUnit : sql.path("orderBy").path(1)) {
                for (int i = 1; i <= 2; i++) {
                    JsonNode colUnit = valUnit.path(i);
                    if (!colUnit.isNull() && !colUnit.isMissingNode()) {
                        agg += hasAgg(colUnit) ? 1 : 0;
                    }
                }
            }
        }
        for (JsonNode unit : sql.path("having")) {
            agg += hasAgg(unit) ? 1 : 0;
        }
        count += agg > 1 ? 1 : 0;
        count += sql.path("select").path(1).size() > 1 ? 1 : 0;
        count += sql.path("where").size() > 1 ? 1 : 0;
        count += sql.path("groupBy").size() > 1 ? 1 : 0;
        return count;
    }

    /** Python's {@code unit[0] != 0}: true for a non-zero number, for {@code true}, and for any string. */
    private static boolean hasAgg(JsonNode unit) {
        if (unit.isTextual()) {
            return true;
        }
        JsonNode first = unit.path(0);
        if (first.isBoolean()) {
            return first.asBoolean();
        }
        return first.isNumber() ? first.asInt() != 0 : !first.isNull();
    }

    private static List<JsonNode> condUnits(JsonNode sql) {
        List<JsonNode> out = new ArrayList<>(everyOther(sql.path("from").path("conds"), 0));
        out.addAll(everyOther(sql.path("where"), 0));
        out.addAll(everyOther(sql.path("having"), 0));
        return out;
    }

    private static List<JsonNode> connectives(JsonNode sql) {
        List<JsonNode> out = new ArrayList<>(everyOther(sql.path("from").path("conds"), 1));
        out.addAll(everyOther(sql.path("where"), 1));
        out.addAll(everyOther(sql.path("having"), 1));
        return out;
    }

    private static List<JsonNode> everyOther(JsonNode array, int start) {
        List<JsonNode> out = new ArrayList<>();
        for (int i = start; i < array.size(); i += 2) {
            out.add(array.get(i));
        }
        return out;
    }
}
