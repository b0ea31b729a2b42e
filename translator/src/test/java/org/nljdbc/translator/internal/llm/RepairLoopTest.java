package org.nljdbc.translator.internal.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.translator.internal.Answer;
import org.nljdbc.translator.internal.Attempt;
import org.nljdbc.translator.LlmUnavailableException;
import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.TranslationFailedException;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.retrieval.WholeSchemaRetriever;

class RepairLoopTest {
    private ScriptedLlmServer server;
    private TranslatorFixture db;
    private Translator translator;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        db = new TranslatorFixture();
        translator = Translator.builder().llm(LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast()))
                .retriever(new WholeSchemaRetriever()).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        db.close();
    }

    @Test
    void unknownColumnErrorFromTheDatabaseGoesBackToTheModelWithThePreviousSql() throws Exception {
        SqlGuard guard = TranslatorFixture.workingGuard(Policy.defaults());
        server.then(new ScriptedLlmServer.Reply("```sql\nSELECT nme FROM singer WHERE country = 'France'\n```", 150, 20, Duration.ZERO))
                .then(new ScriptedLlmServer.Reply("```sql\nSELECT name FROM singer WHERE country = 'France' ORDER BY name\n```", 190, 22, Duration.ZERO));

        Answer<List<String>> answer = translator.answer("names of French singers", db.catalog, Dialect.H2, guard, db.runner());

        assertEquals(List.of("Joe", "Li"), answer.value());
        assertEquals(2, server.requests().size());
        String repairPrompt = server.promptText(1);
        assertTrue(repairPrompt.contains("SELECT nme FROM singer"), "the previous SQL goes back to the model");
        assertTrue(repairPrompt.toUpperCase().contains("NME"), repairPrompt);
        List<Attempt> attempts = answer.translation().attempts();
        assertEquals(2, attempts.size());
        assertTrue(attempts.get(0).sql().contains("nme"));
        assertNotNull(attempts.get(0).error());
        assertEquals(150, attempts.get(0).promptTokens());
        assertNull(attempts.get(1).error());
        assertEquals(340, answer.translation().promptTokens());
        assertEquals(42, answer.translation().completionTokens());
        assertEquals("llm", answer.translation().source().tag());
    }

    @Test
    void refusedDropIsNotRepairedAndCostsNoFurtherCall() throws Exception {
        SqlGuard guard = TranslatorFixture.workingGuard(Policy.defaults());
        server.reply("```sql\nDROP TABLE singer\n```").reply("```sql\nSELECT name FROM singer\n```");

        PolicyRefusedException e = assertThrows(PolicyRefusedException.class,
                () -> translator.answer("remove the singers", db.catalog, Dialect.H2, guard, db.runner()));

        assertEquals(1, server.requests().size());
        assertEquals("DROP TABLE singer", e.sql());
        assertTrue(db.singerTableExists());
    }

    @Test
    void repairStopsAfterMaxAttemptsWithTheLastDatabaseError() throws Exception {
        SqlGuard guard = TranslatorFixture.workingGuard(Policy.defaults());
        server.otherwise(req -> ScriptedLlmServer.completion("SELECT nme FROM singer"));

        SQLException e = assertThrows(SQLException.class,
                () -> translator.answer("names", db.catalog, Dialect.H2, guard, db.runner()));

        assertEquals(3, server.requests().size());
        assertTrue(e.getMessage().toUpperCase().contains("NME"), e.getMessage());
    }

    @Test
    void proseOnlyReplyIsATranslationFailureQuotingTheModel() {
        server.reply("I cannot answer this: the schema has no information about concert ticket prices.");

        TranslationFailedException e = assertThrows(TranslationFailedException.class, () -> translator.answer(
                "average ticket price", db.catalog, Dialect.H2, new org.nljdbc.guard.SqlGuard(Policy.defaults()), db.runner()));

        assertEquals("42000", e.getSQLState());
        assertTrue(e.getMessage().contains("no information about concert ticket prices"), e.getMessage());
        assertEquals(1, server.requests().size());
    }

    @Test
    void overlongProseIsTruncatedInTheMessage() {
        server.reply("No. " + "This schema cannot say that. ".repeat(100));

        TranslationFailedException e = assertThrows(TranslationFailedException.class, () -> translator.answer(
                "q", db.catalog, Dialect.H2, new org.nljdbc.guard.SqlGuard(Policy.defaults()), db.runner()));

        assertTrue(e.getMessage().length() < 600 && e.getMessage().endsWith("..."), e.getMessage());
    }

    @Test
    void deadEndpointIsReportedAsUnavailable() {
        server.otherwise(req -> new ScriptedLlmServer.Status(503, "maintenance", Map.of()));

        LlmUnavailableException e = assertThrows(LlmUnavailableException.class, () -> translator.answer(
                "q", db.catalog, Dialect.H2, new org.nljdbc.guard.SqlGuard(Policy.defaults()), db.runner()));

        assertEquals("08006", e.getSQLState());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    }

    @Test
    void promptNamesTheDatabaseProductAndVersion() throws Exception {
        server.reply("I will not.");
        assertThrows(TranslationFailedException.class, () -> translator.answer(
                "q", db.catalog, Dialect.H2, new org.nljdbc.guard.SqlGuard(Policy.defaults()), db.runner()));
        String prompt = server.promptText(0);
        assertTrue(prompt.contains(db.catalog.productName()) && prompt.contains(db.catalog.productVersion()), prompt);
        assertEquals(0.0, server.requests().get(0).path("temperature").asDouble(), 0.0);
    }
}
