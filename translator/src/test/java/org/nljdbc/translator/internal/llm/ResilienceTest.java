package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.LlmUnavailableException;
import org.nljdbc.translator.TranslationFailedException;

class ResilienceTest {
    private ScriptedLlmServer server;

    @BeforeEach
    void start() {
        server = ScriptedLlmServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void waitsForRetryAfterSecondsOn429ThenSucceeds() throws Exception {
        server.then(new ScriptedLlmServer.Status(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "1")))
                .reply("SELECT 1");
        LlmClient client = LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast());

        assertEquals("SELECT 1", client.complete(LlmTestSupport.question("q")).text());

        assertEquals(2, server.requests().size());
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(server.arrivalNanos().get(1) - server.arrivalNanos().get(0));
        // the fast backoff would retry within 20 ms; only Retry-After makes it wait a second
        assertTrue(gapMillis >= 950, "retried after " + gapMillis + " ms");
    }

    @Test
    void retryAfterLongerThanAllowedFailsAtOnceWithTheProvidersWait() throws Exception {
        server.then(new ScriptedLlmServer.Status(429, "{}", Map.of("Retry-After", "3600"))).reply("SELECT 1");
        LlmClient client = LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast());

        LlmUnavailableException e = assertThrows(LlmUnavailableException.class,
                () -> client.complete(LlmTestSupport.question("q")));

        assertEquals(1, server.requests().size());
        assertTrue(e.getMessage().contains("HTTP 429") && e.getMessage().contains("retry after 3600 s"), e.getMessage());
        assertEquals("08006", e.getSQLState());
    }

    @Test
    void readsRetryAfterAsSecondsOrHttpDate() {
        Instant now = Instant.parse("2026-11-03T10:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(7)), LlmHttp.retryAfter("7", now));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(12).atOffset(ZoneOffset.UTC));
        assertEquals(Optional.of(Duration.ofSeconds(12)), LlmHttp.retryAfter(date, now));
        assertEquals(Optional.of(Duration.ZERO), LlmHttp.retryAfter("Tue, 03 Nov 2026 09:00:00 GMT", now));
        assertEquals(Optional.empty(), LlmHttp.retryAfter("soon", now));
    }

    @Test
    void retriesServerErrorThenSucceeds() throws Exception {
        server.then(new ScriptedLlmServer.Status(500, "{\"error\":\"boom\"}", Map.of()))
                .then(new ScriptedLlmServer.Status(503, "overloaded", Map.of()))
                .reply("SELECT 42");
        LlmClient client = LlmClients.create(LlmTestSupport.anthropic(server), LlmTestSupport.fast());

        assertEquals("SELECT 42", client.complete(LlmTestSupport.question("q")).text());
        assertEquals(3, server.requests().size());
    }

    @Test
    void givesUpAfterMaxTriesOnPersistentServerErrors() throws Exception {
        server.otherwise(req -> new ScriptedLlmServer.Status(502, "bad gateway", Map.of()));
        LlmClient client = LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast().withMaxTries(3));

        LlmUnavailableException e = assertThrows(LlmUnavailableException.class,
                () -> client.complete(LlmTestSupport.question("q")));

        assertEquals(3, server.requests().size());
        assertTrue(e.getMessage().contains("HTTP 502") && e.getMessage().contains("after 3 tries"), e.getMessage());
    }

    @Test
    void doesNotRetryARefusedKey() throws Exception {
        server.then(new ScriptedLlmServer.Status(401, "{\"error\":{\"message\":\"invalid key\"}}", Map.of())).reply("SELECT 1");
        LlmClient client = LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast());

        LlmUnavailableException e = assertThrows(LlmUnavailableException.class,
                () -> client.complete(LlmTestSupport.question("q")));

        assertEquals(1, server.requests().size());
        assertTrue(e.getMessage().contains("API key was refused"), e.getMessage());
    }

    @Test
    void retriesConnectionErrorsThenReportsTheEndpointUnavailable() throws Exception {
        LlmSettings settings = LlmTestSupport.openAi(server);
        server.close(); // nothing listens on that port any more
        LlmClient client = LlmClients.create(settings, LlmTestSupport.fast());

        LlmUnavailableException e = assertThrows(LlmUnavailableException.class,
                () -> client.complete(LlmTestSupport.question("q")));

        assertTrue(e.getMessage().startsWith("LLM endpoint unavailable: openai-compatible endpoint http://127.0.0.1:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("after 3 tries"), e.getMessage());
    }

    @Test
    void hangPastTheTimeoutFailsAfterTheTimeoutWithoutRetrying() throws Exception {
        server.then(new ScriptedLlmServer.Hang()).reply("SELECT 1");
        LlmSettings settings = new LlmSettings("openai", server.baseUrl(), "m", new LlmSettings.Secret(LlmTestSupport.KEY),
                Duration.ofSeconds(1), 3);
        LlmClient client = LlmClients.create(settings, LlmTestSupport.fast());

        long start = System.nanoTime();
        LlmUnavailableException e = assertThrows(LlmUnavailableException.class,
                () -> client.complete(LlmTestSupport.question("q")));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(millis >= 900 && millis < 5000, "failed after " + millis + " ms");
        assertTrue(e.getMessage().contains("did not answer within 1 s"), e.getMessage());
        assertEquals(1, server.requests().size());
    }

    @Test
    void malformedJsonMeansTheEndpointIsUnusable() throws Exception {
        server.then(new ScriptedLlmServer.Raw("<html>proxy login</html>")).reply("SELECT 1");
        LlmClient client = LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast());

        LlmUnavailableException e = assertThrows(LlmUnavailableException.class,
                () -> client.complete(LlmTestSupport.question("q")));

        assertTrue(e.getMessage().contains("malformed JSON") && e.getMessage().contains("proxy login"), e.getMessage());
        assertEquals(1, server.requests().size());
    }

    @Test
    void emptyChoiceListIsATranslationFailure() throws Exception {
        server.then(new ScriptedLlmServer.Raw("{\"choices\":[],\"usage\":{\"prompt_tokens\":3}}"));
        LlmClient client = LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast());

        TranslationFailedException e = assertThrows(TranslationFailedException.class,
                () -> client.complete(LlmTestSupport.question("q")));

        assertTrue(e.getMessage().contains("returned no choices"), e.getMessage());
        assertEquals("42000", e.getSQLState());
    }

    @Test
    void circuitOpensAfterRepeatedFailuresFailsFastAndClosesAfterItsWait() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.then(new ScriptedLlmServer.Status(500, "down", Map.of()));
        }
        server.reply("SELECT 1");
        Resilience r = LlmTestSupport.fast().withMaxTries(1).withCircuit(3, 50f, Duration.ofSeconds(1));
        LlmClient client = LlmClients.create(LlmTestSupport.openAi(server), r);
        String key = LlmTestSupport.endpointKey(server, "/chat/completions");
        for (int i = 0; i < 3; i++) {
            assertThrows(LlmUnavailableException.class, () -> client.complete(LlmTestSupport.question("q")));
        }
        assertEquals(CircuitBreaker.State.OPEN, ResilientLlmClient.circuitState(key));

        LlmUnavailableException fast = assertThrows(LlmUnavailableException.class,
                () -> client.complete(LlmTestSupport.question("q")));
        assertEquals(3, server.requests().size(), "an open circuit must not call the endpoint");
        assertTrue(fast.getMessage().startsWith("LLM endpoint unavailable: openai-compatible endpoint"), fast.getMessage());
        assertTrue(fast.getMessage().contains("(circuit open for 1 s"), fast.getMessage());
        assertTrue(fast.getMessage().contains("HTTP 500"), fast.getMessage());
        assertEquals("08006", fast.getSQLState());

        // Poll with a deadline: once the wait is over, one trial call goes through and closes the circuit.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String answer = null;
        while (answer == null && System.nanoTime() < deadline) {
            try {
                answer = client.complete(LlmTestSupport.question("q")).text();
            } catch (LlmUnavailableException stillOpen) {
                assertTrue(stillOpen.getMessage().contains("circuit open"), stillOpen.getMessage());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        assertEquals("SELECT 1", answer);
        assertEquals(4, server.requests().size());
        assertEquals(CircuitBreaker.State.CLOSED, ResilientLlmClient.circuitState(key));
    }

    @Test
    void circuitIsSharedByEveryClientOfTheSameEndpoint() throws Exception {
        server.otherwise(req -> new ScriptedLlmServer.Status(503, "down", Map.of()));
        Resilience r = LlmTestSupport.fast().withMaxTries(1).withCircuit(2, 50f, Duration.ofSeconds(30));
        LlmClient first = LlmClients.create(LlmTestSupport.openAi(server), r);
        LlmClient second = LlmClients.create(LlmTestSupport.openAi(server), r);
        assertThrows(LlmUnavailableException.class, () -> first.complete(LlmTestSupport.question("q")));
        assertThrows(LlmUnavailableException.class, () -> first.complete(LlmTestSupport.question("q")));

        LlmUnavailableException e = assertThrows(LlmUnavailableException.class,
                () -> second.complete(LlmTestSupport.question("q")));

        assertTrue(e.getMessage().contains("circuit open for"), e.getMessage());
        assertEquals(2, server.requests().size());
        // another endpoint (Anthropic path on the same host) has its own circuit
        assertFalse(ResilientLlmClient.circuitState(LlmTestSupport.endpointKey(server, "/messages"))
                == CircuitBreaker.State.OPEN);
    }
}
