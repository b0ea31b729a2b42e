package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.ChatMessage;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmReply;
import org.nljdbc.translator.llm.LlmRequest;
import org.nljdbc.translator.llm.LlmSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nljdbc.translator.internal.llm.LlmTestSupport.KEY;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProvidersTest {
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
    void openAiClientSendsChatCompletionAndReadsUsage() throws Exception {
        server.then(new ScriptedLlmServer.Reply("```sql\nSELECT 1\n```", 321, 12, Duration.ZERO));
        LlmClient client = LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast());

        LlmReply reply = client.complete(LlmTestSupport.question("how many?"));

        assertEquals("```sql\nSELECT 1\n```", reply.text());
        assertEquals(321, reply.promptTokens());
        assertEquals(12, reply.completionTokens());
        assertEquals("/v1/chat/completions", server.requestUris().get(0).getPath());
        assertEquals("Bearer " + KEY, server.header(0, "Authorization"));
        JsonNode body = server.requests().get(0);
        assertEquals("gpt-test", body.path("model").asText());
        assertEquals(0.0, body.path("temperature").asDouble(), 0.0);
        assertTrue(body.path("max_tokens").asInt() > 0 && body.path("max_tokens").asInt() <= 4096);
        assertEquals("system", body.path("messages").get(0).path("role").asText());
        assertEquals("You write SQL.", body.path("messages").get(0).path("content").asText());
        assertEquals("user", body.path("messages").get(1).path("role").asText());
        assertEquals("how many?", body.path("messages").get(1).path("content").asText());
    }

    @Test
    void anthropicClientSendsMessagesWithTopLevelSystemAndReadsUsage() throws Exception {
        server.then(new ScriptedLlmServer.Reply("SELECT 2", 210, 7, Duration.ZERO));
        LlmClient client = LlmClients.create(LlmTestSupport.anthropic(server), LlmTestSupport.fast());

        LlmReply reply = client.complete(new LlmRequest("You write SQL.",
                List.of(ChatMessage.user("q"), ChatMessage.assistant("SELECT x"), ChatMessage.user("fix it"))));

        assertEquals("SELECT 2", reply.text());
        assertEquals(210, reply.promptTokens());
        assertEquals(7, reply.completionTokens());
        assertEquals("/v1/messages", server.requestUris().get(0).getPath());
        assertEquals(KEY, server.header(0, "x-api-key"));
        assertEquals(AnthropicMessagesClient.API_VERSION, server.header(0, "anthropic-version"));
        assertNull(server.header(0, "Authorization"));
        JsonNode body = server.requests().get(0);
        assertEquals("You write SQL.", body.path("system").asText());
        assertEquals("claude-test", body.path("model").asText());
        assertTrue(body.path("max_tokens").asInt() > 0);
        assertEquals(3, body.path("messages").size());
        assertEquals("assistant", body.path("messages").get(1).path("role").asText());
        for (JsonNode m : body.path("messages")) {
            assertTrue(!m.path("role").asText().equals("system"), "system must not be a message for Anthropic");
        }
    }

    @Test
    void azureBaseUrlBecomesDeploymentUrlWithApiVersion() {
        assertEquals(URI.create("https://acme.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version="
                        + OpenAiChatClient.AZURE_API_VERSION),
                OpenAiChatClient.azureEndpoint("https://acme.openai.azure.com/", "gpt4o"));
        assertEquals(URI.create("https://acme.openai.azure.com/openai/deployments/prod/chat/completions?api-version=2025-01-01"),
                OpenAiChatClient.azureEndpoint("https://acme.openai.azure.com/openai/deployments/prod?api-version=2025-01-01", "ignored"));
        assertEquals(URI.create("https://acme.openai.azure.com/openai/v1/chat/completions"),
                OpenAiChatClient.azureEndpoint("https://acme.openai.azure.com/openai/v1", "gpt4o"));
        assertTrue(OpenAiChatClient.isAzure("https://acme.openai.azure.com"));
        assertTrue(!OpenAiChatClient.isAzure("https://api.openai.com/v1"));
    }

    /** Reaches a fake Azure host through the scripted server used as an HTTP proxy, so the real URL shape is sent. */
    @Test
    void azureCallUsesApiKeyHeaderAndDeploymentPath() throws Exception {
        server.then(new ScriptedLlmServer.Reply("SELECT 3", 5, 1, Duration.ZERO));
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", URI.create(server.baseUrl()).getPort());
        HttpClient viaProxy = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, proxy));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        }).build();
        LlmSettings azure = new LlmSettings("openai", "http://acme.openai.azure.com", "my-deployment",
                new LlmSettings.Secret(KEY), Duration.ofSeconds(10), 3);
        LlmClient client = LlmClients.create(azure, LlmTestSupport.fast(), viaProxy);

        assertEquals("SELECT 3", client.complete(LlmTestSupport.question("q")).text());

        URI sent = server.requestUris().get(0);
        assertEquals("/openai/deployments/my-deployment/chat/completions", sent.getPath());
        assertEquals("api-version=" + OpenAiChatClient.AZURE_API_VERSION, sent.getQuery());
        assertEquals(KEY, server.header(0, "api-key"));
        assertNull(server.header(0, "Authorization"));
        assertTrue(client.describe().startsWith("azure-openai endpoint http://acme.openai.azure.com"), client.describe());
    }

    @Test
    void providerNoneMakesNoClientAndUnknownProviderIsAConfigurationErrorNamingTheKnownOnes() throws Exception {
        assertNull(LlmClients.create(new LlmSettings("none", null, null, null, null, 3)));
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> LlmClients.create(new LlmSettings("gemini", null, null, null, null, 3)));
        assertEquals("HY024", e.getSQLState());
        assertTrue(e.getMessage().contains("\"gemini\"")
                && e.getMessage().contains("known: anthropic, openai, plain-test or none"), e.getMessage());
    }

    @Test
    void builtInProvidersAreFoundThroughServiceLoader() {
        assertEquals(List.of("anthropic", "openai", "plain-test"), List.copyOf(LlmClients.providers().keySet()));
        assertTrue(LlmClients.providers().get("openai") instanceof OpenAiProvider);
        assertTrue(LlmClients.providers().get("anthropic") instanceof AnthropicProvider);
    }

    @Test
    void aThirdProviderRegisteredInMetaInfServicesIsUsedWithNoOtherChange() throws Exception {
        server.then(new ScriptedLlmServer.Raw("SELECT 3"));
        LlmSettings settings = new LlmSettings("Plain-Test", server.baseUrl(), null, null, Duration.ofSeconds(10), 3);
        LlmClient client = LlmClients.create(settings, LlmTestSupport.fast());

        assertEquals("SELECT 3", client.complete(LlmTestSupport.question("how many plain?")).text());
        assertEquals("/v1/plain", server.requestUris().get(0).getPath());
        assertEquals("how many plain?", server.requests().get(0).path("unparseable").asText());
        assertTrue(client.describe().startsWith("plain-test endpoint"), client.describe());
    }

    @Test
    void aThirdProvidersFailureComesBackAsLlmUnavailable() throws Exception {
        server.then(new ScriptedLlmServer.Status(500, "down", java.util.Map.of()));
        LlmClient client = LlmClients.create(new LlmSettings("plain-test", server.baseUrl(), null, null,
                Duration.ofSeconds(10), 3), LlmTestSupport.fast());

        org.nljdbc.translator.LlmUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.nljdbc.translator.LlmUnavailableException.class, () -> client.complete(LlmTestSupport.question("q")));
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    }

    @Test
    void aProviderThatCannotUseTheBaseUrlIsAConfigurationError() {
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> LlmClients.create(new LlmSettings("plain-test", " ", null, null, null, 3)));
        assertEquals("HY024", e.getSQLState());
        assertTrue(e.getMessage().contains("plain-test needs nl.llm.baseUrl"), e.getMessage());
    }
}
