package org.nljdbc.driver.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.Stage;

/** The audit line is written by hand for speed: it must still be one line of valid JSON holding exactly the values. */
class AuditLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Audit.Entry entry(String question, String sql, String reason, List<String> rewrites, long[] stages) {
        return new Audit.Entry("bi\"user", null, 7, "query", question, sql, "cache", reason == null ? "ran" : "refused",
                reason, reason == null ? null : "42501", rewrites, true, 3, 120, 4_567_000, stages, 11, 22, 4.5E-4);
    }

    @Test
    void anyTextRoundTripsThroughTheLineOnOneLine() throws Exception {
        Random random = new Random(18);
        String[] hostile = {"", "\"", "\\", "\n", "\r\n", "\t", "\u0000\u0001\u001f", "\u2028\u2029", "é漢字",
                "\uD83D\uDE00", "</script>", "a\"b\\\"c", "\\u0041"};
        for (int round = 0; round < 500; round++) {
            StringBuilder q = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                q.append(random.nextBoolean() ? hostile[random.nextInt(hostile.length)] : (char) random.nextInt(0x3000));
            }
            String question = q.toString();
            List<String> rewrites = List.of(question, "LIMIT 1000 added");
            String line = Audit.toJson(entry(question, "SELECT '" + question + "'", question, rewrites,
                    new long[Stage.values().length]));
            assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028"), line);
            JsonNode j = JSON.readTree(line);
            assertEquals(question, j.get("question").asText());
            assertEquals("SELECT '" + question + "'", j.get("sql").asText());
            assertEquals(question, j.get("reason").asText());
            assertEquals(question, j.get("rewrites").get(0).asText());
            assertEquals("bi\"user", j.get("user").asText());
        }
    }

    @Test
    void carriesEveryFieldWithItsType() throws Exception {
        long[] stages = new long[Stage.values().length];
        stages[Stage.CACHE.ordinal()] = 413_999; // 0.413 ms
        stages[Stage.CHECKPOINT.ordinal()] = 9_835_000;
        stages[Stage.EXECUTION.ordinal()] = 200; // under a microsecond: still a stage it passed
        JsonNode j = JSON.readTree(Audit.toJson(entry("list the orders", "SELECT 1", null,
                List.of("LIMIT 1000 added"), stages)));
        List<String> fields = new ArrayList<>();
        j.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("time", "user", "applicationName", "connectionId", "form", "question", "sql", "source",
                "verdict", "rewrites", "tenant", "rows", "bytes", "durationMicros", "stages", "tokens", "cost"), fields);
        Instant time = Instant.parse(j.get("time").asText());
        assertTrue(Math.abs(time.toEpochMilli() - System.currentTimeMillis()) < 60_000, j.toString());
        assertTrue(j.get("applicationName").isNull());
        assertEquals(7, j.get("connectionId").asLong());
        assertEquals("bound", j.get("tenant").asText());
        assertEquals(3, j.get("rows").asLong());
        assertEquals(120, j.get("bytes").asLong());
        assertEquals(4567, j.get("durationMicros").get("total").asLong());
        assertEquals(List.of("cache", "checkpoint", "execution"), names(j.get("stages")));
        assertEquals(0.413, j.get("stages").get("cache").asDouble(), 0.0);
        assertEquals(9.835, j.get("stages").get("checkpoint").asDouble(), 0.0);
        assertEquals(0.001, j.get("stages").get("execution").asDouble(), 0.0);
        assertEquals(11, j.get("tokens").get("in").asInt());
        assertEquals(22, j.get("tokens").get("out").asInt());
        assertEquals(4.5E-4, j.get("cost").asDouble(), 0.0);

        JsonNode refused = JSON.readTree(Audit.toJson(entry("drop it", null, "refused: not a query", List.of(), null)));
        assertTrue(refused.get("sql").isNull());
        assertEquals("42501", refused.get("sqlState").asText());
        assertEquals(0, refused.get("rewrites").size());
        assertEquals(0, refused.get("stages").size());
    }

    @Test
    void theTimeIsUtcWithNanosecondsWithinOneSecondAndAcrossSeconds() {
        for (Instant t : List.of(Instant.parse("2026-12-03T07:55:19.000000001Z"),
                Instant.parse("2026-12-03T07:55:19.728457829Z"), Instant.parse("2026-12-03T07:55:20Z"),
                Instant.parse("1999-12-31T23:59:59.999999999Z"))) {
            StringBuilder b = new StringBuilder();
            Audit.time(b, t);
            assertEquals(t, Instant.parse(b.toString()));
            assertEquals(30, b.length(), b.toString());
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
