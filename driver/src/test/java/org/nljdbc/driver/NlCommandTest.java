package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NlCommandTest {
    @Test
    void recognisesEveryFormCaseInsensitively() {
        assertEquals(new NlCommand(NlCommand.Kind.QUERY, "how many orders?"), NlCommand.parse("nl: how many orders?;").get());
        assertEquals(NlCommand.Kind.SHOWSQL, NlCommand.parse("NL ShowSQL: top products").get().kind());
        assertEquals(NlCommand.Kind.EXPLAIN, NlCommand.parse("NL EXPLAIN: x").get().kind());
        assertEquals(NlCommand.Kind.RESET, NlCommand.parse("  nl reset ; ").get().kind());
    }

    @Test
    void recognisesTheFeedbackForms() {
        assertEquals(NlCommand.Kind.REMEMBER, NlCommand.parse("nl remember;").get().kind());
        assertEquals(NlCommand.Kind.EXAMPLES, NlCommand.parse("NL EXAMPLES").get().kind());
        assertEquals(new NlCommand(NlCommand.Kind.FORGET, "revenue by region"),
                NlCommand.parse("NL FORGET: revenue by region;").get());
        assertTrue(NlCommand.parse("NL REMEMBER this").isEmpty());
        assertTrue(NlCommand.parse("NL FORGET revenue").isEmpty());
    }

    @Test
    void findsTheStatementAfterCommentsSuchAsMetabasesPrefix() {
        assertEquals("orders per month", NlCommand.parse(
                "-- Metabase:: userID: 1 queryType: native\n/* dashboard 7 */\n  NL: orders per month").get().question());
    }

    @Test
    void leavesPlainSqlAlone() {
        assertTrue(NlCommand.parse("SELECT 'NL: x'").isEmpty());
        assertTrue(NlCommand.parse("select nl from t").isEmpty());
        assertTrue(NlCommand.parse("NLS_LANG").isEmpty());
        assertTrue(NlCommand.parse("NL RESET everything").isEmpty());
        assertTrue(NlCommand.parse("-- NL: commented out\nSELECT 1").isEmpty());
    }
}
