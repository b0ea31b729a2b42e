package org.nljdbc.bench.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring of single questions against real SQLite files, through jdbc:nl: and the scripted model. */
class QuestionRunnerTest {
    @TempDir
    Path tmp;

    @Test
    void resultEqualToGoldIsCorrectAndADifferentResultIsWrong() throws Exception {
        Path original = original();
        Path altered = tmp.resolve("altered.sqlite");
        Files.copy(original, altered);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + altered); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM singer WHERE Singer_ID = (SELECT min(Singer_ID) FROM singer)");
        }
        SpiderQuestion q = new SpiderQuestion(0, "concert_singer", "How many singers do we have?",
                "SELECT count(*) FROM singer", Hardness.EASY);

        assertEquals(QuestionResult.Outcome.CORRECT, ask(q, original, original).outcome());
        // Gold computed on a copy with one singer fewer: the NL answer (same SQL, original data) must not match.
        QuestionResult wrong = ask(q, altered, original);
        assertEquals(QuestionResult.Outcome.WRONG_RESULT, wrong.outcome());
        // The SQL that ran, with its result column named by the driver's stable naming rule.
        assertEquals("SELECT count(*) AS singer FROM singer LIMIT " + SpiderBenchmark.MAX_ROWS,
                wrong.sql().replaceAll("\\s+", " ").trim());
    }

    @Test
    void aResultLongerThanTheDriversDefaultRowLimitIsNotCutAndCountsAsRight() throws Exception {
        Path big = tmp.resolve("big.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + big); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE item (item_id INTEGER PRIMARY KEY, label TEXT)");
            s.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) "
                    + "INSERT INTO item SELECT i, 'item ' || i FROM n");
        }
        // 2500 rows: more than the driver's default nl.maxRows (1000), which would cut the answer.
        SpiderQuestion q = new SpiderQuestion(0, "big", "List every item label.", "SELECT label FROM item",
                Hardness.EASY);
        QuestionResult r = ask(q, big, big);
        assertEquals(QuestionResult.Outcome.CORRECT, r.outcome(), r.detail());
    }

    @Test
    void goldSqlThatFailsIsNotAskedAndNotScored() throws Exception {
        Path original = original();
        SpiderQuestion q = new SpiderQuestion(0, "concert_singer", "How many singers do we have?",
                "SELECT count(*) FROM no_such_table", Hardness.EASY);
        QuestionResult r = ask(q, original, original);
        assertEquals(QuestionResult.Outcome.GOLD_FAILED, r.outcome());
        assertNull(r.sql());
    }

    @Test
    void withoutAnLlmTheQuestionIsUnansweredNotWrong() throws Exception {
        Path original = original();
        // Set questions are beyond the LLM-free translator, which abstains rather than guess.
        SpiderQuestion q = new SpiderQuestion(0, "concert_singer",
                "List the names of stadiums that had no concert in 2014, and those with capacity over 5000",
                "SELECT name FROM stadium EXCEPT SELECT T2.name FROM concert AS T1 JOIN stadium AS T2 "
                        + "ON T1.stadium_id = T2.stadium_id WHERE T1.year = 2014", Hardness.HARD);
        String url = "jdbc:sqlite:" + original;
        try (Connection plain = DriverManager.getConnection(url);
             Connection nl = DriverManager.getConnection("jdbc:nl:sqlite:" + original,
                     SpiderBenchmark.connectionProperties("none", null))) {
            QuestionResult r = new SpiderBenchmark.QuestionRunner(plain, nl, null, SpiderBenchmark.columnsOf(plain))
                    .run(q);
            assertEquals(QuestionResult.Outcome.NO_SQL, r.outcome(), r.detail());
        }
    }

    private static Path original() {
        Path p = SpiderData.sqliteFile(SpiderData.locate(), "concert_singer");
        assumeTrue(Files.isRegularFile(p), "Spider data absent: no " + p);
        return p;
    }

    /** The scripted model's path alone: the LLM-free translator would answer "how many singers" itself. */
    private static java.util.Properties modelOnly(ScriptedSpiderLlm llm) {
        java.util.Properties p = SpiderBenchmark.connectionProperties("scripted", llm);
        p.setProperty("nl.symbolic.minConfidence", "1.1");
        return p;
    }

    private static QuestionResult ask(SpiderQuestion q, Path goldDb, Path nlDb) throws Exception {
        try (ScriptedSpiderLlm llm = ScriptedSpiderLlm.start();
             Connection plain = DriverManager.getConnection("jdbc:sqlite:" + goldDb);
             Connection nl = DriverManager.getConnection("jdbc:nl:sqlite:" + nlDb, modelOnly(llm))) {
            return new SpiderBenchmark.QuestionRunner(plain, nl, llm, SpiderBenchmark.columnsOf(plain)).run(q);
        }
    }
}
