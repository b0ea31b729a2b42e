package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.ChatMessage;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmReply;
import org.nljdbc.translator.llm.LlmRequest;
import org.nljdbc.translator.llm.LlmSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import org.nljdbc.translator.TranslationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anthropic messages ({@code POST {baseUrl}/messages}, default base {@code https://api.anthropic.com/v1}): the
 * system prompt is a top-level field, the key goes in {@code x-api-key}, token use comes from
 * {@code usage.input_tokens} / {@code usage.output_tokens}. Text blocks of the reply are joined; thinking blocks
 * are ignored. One HTTP call per {@link #complete}: retries and the circuit breaker are added by {@link LlmClients}; found as {@link AnthropicProvider}.
 */
final class AnthropicMessagesClient implements LlmClient {
    private static final Logger LOG = LoggerFactory.getLogger(AnthropicMessagesClient.class);
    static final String API_VERSION = "2023-06-01";
    private final LlmSettings settings;
    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;

    AnthropicMessagesClient(LlmSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        this.endpoint = endpointFor(settings);
        this.timeout = LlmHttp.timeout(settings);
    }

    static URI endpointFor(LlmSettings settings) {
        String base = settings.baseUrl() == null || settings.baseUrl().isBlank()
                ? "https://api.anthropic.com/v1" : settings.baseUrl().trim();
        return URI.create(base.replaceAll("/+$", "") + "/messages");
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public LlmReply complete(LlmRequest request) throws SQLException {
        ObjectNode body = LlmHttp.JSON.createObjectNode();
        body.put("model", settings.model() == null ? "claude-sonnet-4-5" : settings.model());
        body.put("max_tokens", request.maxTokens());
        body.put("temperature", request.temperature());
        body.put("system", request.system());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role() == ChatMessage.Role.USER ? "user" : "assistant")
                    .put("content", m.content());
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("anthropic-version", API_VERSION)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (settings.apiKey() != null && settings.apiKey().isPresent()) {
            req.header("x-api-key", settings.apiKey().reveal());
        }
        long start = System.nanoTime();
        HttpResponse<String> response = LlmHttp.send(http, req.build(), describe(), timeout, settings.apiKey());
        JsonNode root = LlmHttp.json(response, describe(), settings.apiKey());
        JsonNode content = root.path("content");
        if (!content.isArray()) {
            throw new TranslationFailedException("the model at " + describe() + " returned no content: "
                    + LlmHttp.truncate(LlmHttp.redact(response.body(), settings.apiKey()), 200));
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (block.path("type").asText().equals("text")) {
                text.append(block.path("text").asText(""));
            }
        }
        JsonNode usage = root.path("usage");
        LlmReply reply = new LlmReply(text.toString(), usage.path("input_tokens").asInt(0),
                usage.path("output_tokens").asInt(0));
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} answered in {} ms: {} prompt + {} completion tokens", describe(),
                    (System.nanoTime() - start) / 1_000_000, reply.promptTokens(), reply.completionTokens());
        }
        return reply;
    }

    @Override
    public String describe() {
        return "anthropic endpoint " + endpoint.getScheme() + "://" + endpoint.getHost()
                + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()) + " (model " + settings.model() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
