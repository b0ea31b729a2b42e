package org.nljdbc.translator.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.translator.internal.Answer;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.llm.LlmClients;
import org.nljdbc.translator.llm.LlmSettings;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.internal.llm.TranslatorFixture;
import org.nljdbc.translator.internal.retrieval.WholeSchemaRetriever;

class CachedTranslatorTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private ScriptedLlmServer server;
    private TranslatorFixture db;
    private TranslationCache cache;
    private Translator translator;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        db = new TranslatorFixture();
        cache = new TranslationCache(Duration.ofMinutes(10), 1000);
        LlmSettings settings = new LlmSettings("openai", server.baseUrl(), "m", new LlmSettings.Secret("k-123456"),
                Duration.ofSeconds(10), 3);
        translator = Translator.builder().llm(LlmClients.create(settings)).retriever(new WholeSchemaRetriever()).cache(cache)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        server.close();
        db.close();
    }

    @Test
    void sameQuestionAgainIsAnsweredFromTheCacheWithoutAnHttpCallButStillGuarded() throws Exception {
        SqlGuard guard = TranslatorFixture.workingGuard(Policy.defaults());
        server.reply("```sql\nSELECT name FROM singer WHERE country = 'France' ORDER BY name\n```");

        Answer<List<String>> first = translator.answer("French singers?", db.catalog, Dialect.H2, guard, db.runner());
        Answer<List<String>> second = translator.answer("  french SINGERS ", db.catalog, Dialect.H2, guard, db.runner());

        assertEquals(1, server.requests().size());
        assertEquals(List.of("Joe", "Li"), second.value());
        assertEquals("llm", first.translation().source().tag());
        assertEquals("cache", second.translation().source().tag());
        assertEquals(first.translation().sql(), second.translation().sql(), "the guard's rewrite applies to a hit too");
        assertEquals(0, second.translation().promptTokens());
    }

    @Test
    void maxCostRefusesACachedAnswer() throws Exception {
        SqlGuard guard = TranslatorFixture.workingGuard(Policy.defaults());
        server.reply("SELECT a.name, b.name FROM singer a, singer b");
        translator.answer("every pair of singers", db.catalog, Dialect.H2, guard, db.runner());
        // The same cache behind a translator with a cost ceiling: the hit is estimated and refused before it runs.
        Translator ceiling = translator.toBuilder().dialects(Translator.DialectStage.defaults(
                new org.nljdbc.translator.internal.dialect.CostSettings(false, 0.001))).build();
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> ceiling.answer("every pair of singers", db.catalog, Dialect.H2, guard, db.runner()));
        assertEquals("54000", e.getSQLState(), e.getMessage());
        assertEquals(1, server.requests().size(), "answered from the cache, not by the model");
    }

    @Test
    void cacheHitRunsTheRenderedSql() throws Exception {
        // SQL Server is rendered through Calcite: the model's LIMIT becomes TOP. A hit must run the rendered text,
        // not the model's raw SQL that the cache was filled from.
        SqlGuard guard = TranslatorFixture.workingGuard(Policy.defaults());
        server.reply("SELECT name FROM singer ORDER BY name LIMIT 2");
        Translator sqlServer = translator.toBuilder().dialects(Translator.DialectStage.defaults(
                org.nljdbc.translator.internal.dialect.CostSettings.DEFAULT)).build();
        List<String> ran = new java.util.ArrayList<>();
        org.nljdbc.translator.internal.SqlRunner<String> recorder = accepted -> {
            ran.add(accepted.sql());
            return accepted.sql();
        };
        Answer<String> first = sqlServer.answer("first two singers", db.catalog, Dialect.SQLSERVER, guard, recorder);
        Answer<String> hit = sqlServer.answer("first two singers", db.catalog, Dialect.SQLSERVER, guard, recorder);

        assertEquals(1, server.requests().size());
        assertEquals("cache", hit.translation().source().tag());
        assertEquals(2, ran.size());
        assertTrue(ran.get(1).toUpperCase().contains("TOP"), ran.get(1));
        assertTrue(!ran.get(1).toUpperCase().contains("LIMIT"), ran.get(1));
        assertEquals(first.value(), hit.value(), "the hit runs exactly what the first answer ran");
    }

    @Test
    void aStricterPolicyNeverGetsSqlMadeUnderAnother() throws Exception {
        SqlGuard open = TranslatorFixture.workingGuard(Policy.defaults());
        SqlGuard tight = TranslatorFixture.workingGuard(Policy.defaults().withMaxRows(1));
        server.reply("SELECT name FROM singer ORDER BY name").reply("SELECT name FROM singer ORDER BY name");

        translator.answer("all singers", db.catalog, Dialect.H2, open, db.runner());
        Answer<List<String>> limited = translator.answer("all singers", db.catalog, Dialect.H2, tight, db.runner());

        assertEquals(2, server.requests().size());
        assertEquals("llm", limited.translation().source().tag());
        assertEquals(1, limited.value().size());
    }

    @Test
    void twoThreadsAskingTheSameQuestionMakeOneCall() throws Exception {
        SqlGuard guard = TranslatorFixture.workingGuard(Policy.defaults());
        CountDownLatch release = new CountDownLatch(1);
        server.then(new ScriptedLlmServer.Held(ScriptedLlmServer.completion("SELECT count(*) FROM singer"), release))
                .reply("SELECT 'second call' FROM singer");

        Future<Answer<List<String>>> a = pool.submit(() -> translator.answer("how many singers", db.catalog, Dialect.H2, guard, db.runner()));
        awaitRequests(1);
        Future<Answer<List<String>>> b = pool.submit(() -> translator.answer("How many singers?", db.catalog, Dialect.H2, guard, db.runner()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.waiting() < 1) {
            assertTrue(System.nanoTime() < deadline, "the second asker never waited for the first");
            LockSupport.parkNanos(1_000_000);
        }
        release.countDown();

        assertEquals(List.of("3"), a.get(10, TimeUnit.SECONDS).value());
        assertEquals(List.of("3"), b.get(10, TimeUnit.SECONDS).value());
        assertEquals(1, server.requests().size());
        assertEquals(Set.of("llm", "cache"), Set.of(a.get().translation().source().tag(), b.get().translation().source().tag()));
    }

    private void awaitRequests(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.requests().size() < n) {
            assertTrue(System.nanoTime() < deadline, "the scripted LLM saw no request");
            LockSupport.parkNanos(1_000_000);
        }
    }
}
