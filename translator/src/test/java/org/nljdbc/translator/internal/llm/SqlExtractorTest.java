package org.nljdbc.translator.internal.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.PolicyRefusedException;

class SqlExtractorTest {

    private static Optional<String> sql(String reply) {
        try {
            return SqlExtractor.extract(reply);
        } catch (PolicyRefusedException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    private static PolicyRefusedException refused(String reply) {
        return assertThrows(PolicyRefusedException.class, () -> SqlExtractor.extract(reply), () -> "not refused: " + reply.replace("\u200b", "<200B>"));
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
    void refusesASecondStatementAsASecurityRefusal() {
        for (String reply : new String[] {"```sql\nSELECT 1; DROP TABLE singer;\n```",
                "SELECT 1; -- tidy up\nDELETE FROM singer", "SELECT 1;\u200bDROP TABLE orders",
                "```sql\nSELECT 1;\u2060DROP TABLE orders\n```", "SELECT 1;\ufeffDELETE FROM orders",
                "SELECT 1; /* x */ \u00a0UPDATE t SET a = 1", "SELECT 1; select 2", "SELECT 1;\u200c\u200d",
                "SELECT 'a;b';\u3000DROP TABLE t"}) {
            PolicyRefusedException e = refused(reply);
            assertTrue(e.refusal().reason().isSecurity(), reply);
            assertEquals("42501", e.getSQLState(), reply);
        }
        PolicyRefusedException e = refused("SELECT 1; DROP TABLE singer");
        assertEquals(Verdict.Reason.MULTIPLE_STATEMENTS, e.refusal().reason());
        assertTrue(e.getMessage().contains("more than one statement"), e.getMessage());
        assertTrue(e.getMessage().contains("DROP TABLE singer"), e.getMessage());
    }

    @Test
    void refusesAnInvisibleCharacterOutsideAStringLiteral() {
        for (String reply : new String[] {"SELECT name\u200b FROM t", "SELECT name FROM t\u2060", "SELECT 1 -- \u200b",
                "SELECT \"na\u200bme\" FROM t", "SELECT 'it\\' \u200b, 'x' FROM t", "SELECT 1 +\u00a01",
                "SELECT 1\u2028+ 1", "SELECT 1\u000b+ 1"}) {
            PolicyRefusedException e = refused(reply);
            assertEquals(Verdict.Reason.UNSUPPORTED, e.refusal().reason(), reply);
            assertTrue(e.getMessage().contains("invisible character"), e.getMessage());
        }
    }

    @Test
    void keepsInvisibleCharactersInsideStringLiteralsAndCutsOnlyBlanksAndComments() {
        assertEquals(Optional.of("SELECT 'a\u200bb' FROM t"), sql("SELECT 'a\u200bb' FROM t;"));
        assertEquals(Optional.of("SELECT 1"), sql("SELECT 1; -- done\n;  /* end */ ;"));
        assertEquals(Optional.of("SELECT 1"), sql("```sql\nSELECT 1;\n\n```"));
    }

    @Test
    void leavesALiteralThatOnlyOneReadingOfBackslashesClosesToTheGuard() {
        // MySQL reads 'it\'s; x' as one literal, PostgreSQL as 'it\' then code: the guard knows the dialect.
        assertEquals(Optional.of("SELECT 'it\\'s; x' FROM t"), sql("SELECT 'it\\'s; x' FROM t"));
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
