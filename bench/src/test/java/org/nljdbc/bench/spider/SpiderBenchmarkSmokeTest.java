package org.nljdbc.bench.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI slice of the harness: five concert_singer questions, scripted model, SQLite, end to end through jdbc:nl:. */
class SpiderBenchmarkSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void scriptedRunOnFiveConcertSingerQuestionsWritesEveryFigureAndScoresAboveZero() throws Exception {
        Path data = spiderData();
        Path out = tmp.resolve("smoke.json");
        SpiderBenchmark.Options options = new SpiderBenchmark.Options(data, "sqlite", "scripted", 5,
                Set.of("concert_singer"), null, out);

        SpiderReport report = SpiderBenchmark.run(options);

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        for (String field : new String[] {"accuracy", "correct", "total", "answered", "meanPromptTokens",
                "fullSchemaPromptTokens", "tableRecall", "p50LatencyMs", "p95LatencyMs", "questions", "byDifficulty",
                "byDatabase"}) {
            assertTrue(json.has(field), "JSON has " + field);
        }
        assertEquals(5, json.get("questions").size());
        assertEquals(5, json.get("total").asInt() + json.get("goldFailed").asInt());
        assertTrue(json.get("accuracy").asDouble() > 0, "a perfect scripted model gets something right");
        assertEquals(json.get("correct").asDouble() / json.get("total").asDouble(), json.get("accuracy").asDouble(),
                0.001);
        assertTrue(json.get("meanPromptTokens").asDouble() > 0, "the scripted server measured the prompts");
        assertTrue(json.get("p95LatencyMs").asDouble() >= json.get("p50LatencyMs").asDouble());
        for (JsonNode q : json.get("questions")) {
            assertEquals("concert_singer", q.get("db").asText());
            for (String field : new String[] {"question", "difficulty", "gold", "sql", "outcome", "tokens", "latencyMs"}) {
                assertTrue(q.has(field), "question record has " + field);
            }
        }
        JsonNode correct = json.get("questions").findParents("outcome").stream()
                .filter(q -> q.get("outcome").asText().equals("correct")).findFirst().orElseThrow();
        assertTrue(correct.get("sql").asText().toUpperCase().contains("SELECT"), "a correct answer records its SQL");
        assertTrue(report.headline().matches("execution accuracy: \\d\\.\\d{3} \\(\\d+/\\d+\\)"), report.headline());
        String html = Files.readString(SpiderReport.htmlPath(out));
        assertTrue(html.contains("<svg") && html.contains("<rect"), "the HTML holds the bar chart");
    }

    @Test
    void bothModesAndBothSymbolicSettingsAreOneRunWithTheirDifferencesCounted() throws Exception {
        Path data = spiderData();
        Path out = tmp.resolve("passes.json");
        SpiderReport report = SpiderBenchmark.run(new SpiderBenchmark.Options(data, "sqlite", "scripted", 6,
                Set.of("concert_singer"), null, out, "both", "both"));

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(4, json.get("passes").size(), json.get("passes").toString());
        assertEquals("row", json.get("passes").get(0).get("mode").asText());
        assertEquals("product", json.get("passes").get(0).get("symbolic").asText());
        assertEquals(json.get("accuracy").asDouble(), json.get("passes").get(0).get("accuracy").asDouble(), 1e-9,
                "the run's figures are the first pass's");
        assertTrue(json.get("rowVsAlone").get("product").isArray() && json.get("rowVsAlone").get("off").isArray());
        JsonNode versus = json.get("productVsModelAlone");
        assertEquals(Math.round((versus.get("product").asDouble() - versus.get("modelAlone").asDouble()) * 1000) / 10.0,
                versus.get("points").asDouble(), 0.11);
        // the scripted model answers gold itself: right by either rule, so the official rule is never stricter
        assertTrue(versus.get("modelAloneAnyColumnOrder").asDouble() >= versus.get("modelAlone").asDouble());
        assertTrue(versus.get("productAnyColumnOrder").asDouble() >= versus.get("product").asDouble());
        assertTrue(json.get("questions").get(0).has("rightUpToColumnOrder"));
        assertTrue(report.comparisonLines().stream().anyMatch(l -> l.startsWith(
                "answers differing between row and alone (model alone): ")), report.comparisonLines().toString());
        assertTrue(json.get("questions").get(0).get("otherPasses").has("alone, model alone"));
    }

    @Test
    void answersDifferWhenTheOutcomeOrTheSqlDiffers() {
        QuestionResult a = result(1, QuestionResult.Outcome.CORRECT, "SELECT 1");
        QuestionResult b = result(2, QuestionResult.Outcome.WRONG_RESULT, "SELECT 2");
        assertEquals(java.util.List.of(), SpiderReport.differing(java.util.List.of(a, b), java.util.List.of(b, a)));
        assertEquals(java.util.List.of(1, 2), SpiderReport.differing(java.util.List.of(a, b),
                java.util.List.of(result(1, QuestionResult.Outcome.CORRECT, "SELECT 1 + 0"),
                        result(2, QuestionResult.Outcome.NO_SQL, "SELECT 2"))));
    }

    private static Path spiderData() {
        Path data = SpiderData.locate();
        assumeTrue(Files.isRegularFile(data.resolve("dev.json"))
                        && Files.isRegularFile(SpiderData.sqliteFile(data, "concert_singer")),
                "Spider data absent at " + data + " (set -Dnljdbc.shared.data); skipping the harness smoke test");
        return data;
    }

    private static QuestionResult result(int index, QuestionResult.Outcome outcome, String sql) {
        return new QuestionResult(index, "q", "db", Hardness.EASY, "SELECT 1", outcome, sql, 0, 0, -1, -1, null, 1,
                0, 0, null);
    }
}
