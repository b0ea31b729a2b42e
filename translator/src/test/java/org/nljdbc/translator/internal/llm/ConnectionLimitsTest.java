package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmRateLimitedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
    private ScriptedLlmServer server;
    private LlmClient shared;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start().otherwise(req -> ScriptedLlmServer.completion("SELECT 1"));
        shared = LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void connectionOverItsPerMinuteLimitIsRefusedWithoutCallingTheEndpoint() throws Exception {
        LlmClient connection = LlmClients.forConnection(shared, null, 2, null);
        connection.complete(LlmTestSupport.question("a"));
        connection.complete(LlmTestSupport.question("b"));

        LlmRateLimitedException e = assertThrows(LlmRateLimitedException.class,
                () -> connection.complete(LlmTestSupport.question("c")));

        assertEquals(2, server.requests().size());
        assertEquals("53400", e.getSQLState());
        assertTrue(e.getMessage().contains("this connection may make 2 LLM calls per minute (nl.rateLimit.perMinute)"),
                e.getMessage());
        // another connection has its own allowance
        LlmClients.forConnection(shared, null, 2, null).complete(LlmTestSupport.question("d"));
        assertEquals(3, server.requests().size());
    }

    @Test
    void userLimitIsSharedByAllOfThatUsersConnections() throws Exception {
        String user = "alice-" + UUID.randomUUID();
        LlmClient first = LlmClients.forConnection(shared, user, 2, null);
        LlmClient second = LlmClients.forConnection(shared, user, 2, null);
        first.complete(LlmTestSupport.question("a"));
        second.complete(LlmTestSupport.question("b"));

        LlmRateLimitedException e = assertThrows(LlmRateLimitedException.class,
                () -> LlmClients.forConnection(shared, user, 2, null).complete(LlmTestSupport.question("c")));

        assertTrue(e.getMessage().contains("user " + user), e.getMessage());
        assertEquals(2, server.requests().size());
        LlmClients.forConnection(shared, "bob-" + UUID.randomUUID(), 2, null).complete(LlmTestSupport.question("d"));
        assertEquals(3, server.requests().size());
    }

    @Test
    void meterAddsUpEveryCallOfItsConnection() throws Exception {
        server.then(new ScriptedLlmServer.Reply("SELECT 1", 120, 30, Duration.ZERO))
                .then(new ScriptedLlmServer.Reply("no idea", 80, 5, Duration.ZERO));
        TokenMeter meter = new TokenMeter();
        LlmClient connection = LlmClients.forConnection(shared, null, 0, meter);

        connection.complete(LlmTestSupport.question("a"));
        connection.complete(LlmTestSupport.question("b"));

        assertEquals(new TokenUsage(2, 200, 35), meter.usage());
        assertEquals(235, meter.usage().totalTokens());
    }
}
