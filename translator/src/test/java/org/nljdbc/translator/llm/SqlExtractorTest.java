package org.nljdbc.translator.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlExtractorTest {

    private static Optional<String> sql(String reply) {
        return SqlExtractor.extract(reply);
    }

    @Test
    void takesTheSqlFenceAndDropsThinkBlocks() {
        String reply = "<think>The user wants counts. Maybe ```sql SELECT wrong``` no.</think>\n"
                + "Here is the query:\n```sql\nSELECT country, count(*) FROM singer GROUP BY country;\n```\n"
                + "This groups singers by country.";
        assertEquals(Optional.of("SELECT country, count(*) FROM singer GROUP BY country"), sql(reply));
    }

    @Test
    void dropsEverythingBeforeAnOrphanClosingThinkTag() {
        assertEquals(Optional.of("SELECT 1"), sql("reasoning without an opening tag, SELECT 2 maybe\n</think>\n\nSELECT 1;"));
    }

    @Test
    void dropsAnUnclosedReasoningBlockAndFindsNoSql() {
        assertEquals(Optional.empty(), sql("<thinking>SELECT * FROM t is what I would write but I ran out of"));
    }

    @Test
    void takesTheFinalChannelOfAHarmonyReply() {
        assertEquals(Optional.of("SELECT 3"),
                sql("<|channel|>analysis<|message|>SELECT 1<|end|><|start|>assistant<|channel|>final<|message|>SELECT 3"));
    }

    @Test
    void takesAnUnclosedFenceCutOffByTheTokenLimit() {
        assertEquals(Optional.of("SELECT a,\n  b FROM t"), sql("```sql\nSELECT a,\n  b FROM t"));
    }

    @Test
    void takesAnUnlabeledFenceThatHoldsAQueryButNotOtherCode() {
        assertEquals(Optional.of("SELECT 1"), sql("```python\nprint(1)\n```\n```\nSELECT 1\n```"));
    }

    @Test
    void proseOnlyHasNoSql() {
        assertEquals(Optional.empty(), sql("I cannot answer this: the schema has no table about salaries."));
        assertEquals(Optional.empty(), sql("With the given schema it is not possible to know the weather."));
        assertEquals(Optional.empty(), sql("Show me which table holds salaries and I will write the query."));
    }

    @Test
    void cutsLeadingProseAndTrailingExplanation() {
        assertEquals(Optional.of("SELECT name FROM singer WHERE age > 30"),
                sql("Sure! Here's the SQL:\nSELECT name FROM singer WHERE age > 30;\nThis returns singers older than 30."));
        assertEquals(Optional.of("SELECT name\nFROM singer"),
                sql("SQL: SELECT name\nFROM singer\n\nExplanation: lists the singers."));
        assertEquals(Optional.of("SELECT name FROM singer"),
                sql("SELECT name FROM singer\nThis lists every singer."));
    }

    @Test
    void findsAnInlineQueryAfterProse() {
        assertEquals(Optional.of("SELECT count(*) FROM singer"), sql("The answer is `SELECT count(*) FROM singer`."));
        assertEquals(Optional.of("SELECT count(*) FROM singer"), sql("You can run SELECT count(*) FROM singer"));
    }

    @Test
    void keepsASecondStatementSoTheGuardRefusesIt() {
        assertEquals(Optional.of("SELECT 1; DROP TABLE singer"), sql("```sql\nSELECT 1; DROP TABLE singer;\n```"));
        assertEquals(Optional.of("SELECT 1; -- tidy up\nDELETE FROM singer"), sql("SELECT 1; -- tidy up\nDELETE FROM singer"));
    }

    @Test
    void keepsSemicolonsInsideStringLiterals() {
        assertEquals(Optional.of("SELECT 'a;b' AS x FROM t WHERE y = 'it''s; fine'"),
                sql("```sql\nSELECT 'a;b' AS x FROM t WHERE y = 'it''s; fine';\n```"));
    }

    @Test
    void surfacesWriteStatementsForTheGuardToRefuse() {
        assertEquals(Optional.of("DROP TABLE singer"), sql("DROP TABLE singer;"));
        assertEquals(Optional.of("WITH x AS (SELECT 1) SELECT * FROM x"), sql("with prose first\nWITH x AS (SELECT 1) SELECT * FROM x"));
    }
}
