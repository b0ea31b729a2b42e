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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import org.nljdbc.translator.TranslationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI-compatible chat completions ({@code POST {baseUrl}/chat/completions}): OpenAI, Groq, vLLM,
 * llama.cpp, LM Studio, Ollama's {@code /v1}. A base URL on {@code openai.azure.com} is called the Azure way:
 * {@code /openai/deployments/{model}/chat/completions?api-version=...} with an {@code api-key} header (a base URL
 * that already names the deployment, the {@code /openai/v1} path or an {@code api-version} is kept as given).
 * One HTTP call per {@link #complete}: retries and the circuit breaker are added by {@link LlmClients}; found as {@link OpenAiProvider}.
 */
final class OpenAiChatClient implements LlmClient {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatClient.class);
    static final String AZURE_API_VERSION = "2024-10-21";
    private final LlmSettings settings;
    private final HttpClient http;
    private final URI endpoint;
    private final boolean azure;
    private final Duration timeout;

    OpenAiChatClient(LlmSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        this.azure = isAzure(base(settings));
        this.endpoint = endpointFor(settings);
        this.timeout = LlmHttp.timeout(settings);
    }

    private static String base(LlmSettings settings) {
        return settings.baseUrl() == null || settings.baseUrl().isBlank()
                ? "https://api.openai.com/v1" : settings.baseUrl().trim();
    }

    /** The URL every call for {@code settings} goes to (no secrets in it). */
    static URI endpointFor(LlmSettings settings) {
        String base = base(settings);
        return isAzure(base) ? azureEndpoint(base, settings.model()) : URI.create(base.replaceAll("/+$", "") + "/chat/completions");
    }

    static boolean isAzure(String baseUrl) {
        String host = URI.create(baseUrl).getHost();
        return host != null && host.toLowerCase(Locale.ROOT).endsWith("openai.azure.com");
    }

    static URI azureEndpoint(String baseUrl, String model) {
        URI u = URI.create(baseUrl);
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
        String query = u.getRawQuery();
        boolean v1 = path.endsWith("/openai/v1");
        if (!path.endsWith("/chat/completions")) {
            if (path.contains("/openai/deployments/") || v1) {
                path = path + "/chat/completions";
            } else {
                if (model == null || model.isBlank()) {
                    throw new IllegalArgumentException("an Azure OpenAI base URL needs nl.llm.model set to the deployment name");
                }
                path = path + "/openai/deployments/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "/chat/completions";
            }
        }
        if (!v1 && (query == null || !query.contains("api-version="))) {
            query = (query == null || query.isEmpty() ? "" : query + "&") + "api-version=" + AZURE_API_VERSION;
        }
        return URI.create(u.getScheme() + "://" + u.getRawAuthority() + path + (query == null ? "" : "?" + query));
    }

    /** The URL every call goes to (no secrets in it). */
    URI endpoint() {
        return endpoint;
    }

    @Override
    public LlmReply complete(LlmRequest request) throws SQLException {
        ObjectNode body = LlmHttp.JSON.createObjectNode();
        body.put("model", settings.model() == null ? "gpt-4o-mini" : settings.model());
        body.put("temperature", request.temperature());
        body.put("max_tokens", request.maxTokens());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", request.system());
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role() == ChatMessage.Role.USER ? "user" : "assistant")
                    .put("content", m.content());
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (settings.apiKey() != null && settings.apiKey().isPresent()) {
            if (azure) {
                req.header("api-key", settings.apiKey().reveal());
            } else {
                req.header("Authorization", "Bearer " + settings.apiKey().reveal());
            }
        }
        long start = System.nanoTime();
        HttpResponse<String> response = LlmHttp.send(http, req.build(), describe(), timeout, settings.apiKey());
        JsonNode root = LlmHttp.json(response, describe(), settings.apiKey());
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new TranslationFailedException("the model at " + describe() + " returned no choices: "
                    + LlmHttp.truncate(LlmHttp.redact(response.body(), settings.apiKey()), 200));
        }
        JsonNode message = choices.get(0).path("message");
        String text = text(message.path("content"));
        if (text.isBlank() && message.path("refusal").isTextual()) {
            text = message.path("refusal").asText();
        }
        JsonNode usage = root.path("usage");
        LlmReply reply = new LlmReply(text, usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0));
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} answered in {} ms: {} prompt + {} completion tokens", describe(),
                    (System.nanoTime() - start) / 1_000_000, reply.promptTokens(), reply.completionTokens());
        }
        return reply;
    }

    /** Content is a string, or (some servers) a list of parts of which the text parts count. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.path("type").asText("text").equals("text")) {
                    sb.append(part.path("text").asText(""));
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String describe() {
        return (azure ? "azure-openai endpoint " : "openai-compatible endpoint ") + endpoint.getScheme() + "://"
                + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
                + " (model " + settings.model() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
