package org.nljdbc.translator.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import org.nljdbc.translator.LlmUnavailableException;
import org.nljdbc.translator.TranslationFailedException;

/**
 * OpenAI-compatible chat completions ({@code POST {baseUrl}/chat/completions}): OpenAI, Groq, vLLM,
 * llama.cpp, LM Studio, Ollama's {@code /v1}.
 */
public final class OpenAiChatClient implements LlmClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LlmSettings settings;
    private final HttpClient http;
    private final URI endpoint;

    public OpenAiChatClient(LlmSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        String base = settings.baseUrl() == null || settings.baseUrl().isBlank()
                ? "https://api.openai.com/v1" : settings.baseUrl();
        this.endpoint = URI.create(base.replaceAll("/+$", "") + "/chat/completions");
    }

    @Override
    public LlmReply complete(LlmRequest request) throws SQLException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model() == null ? "gpt-4o-mini" : settings.model());
        body.put("temperature", request.temperature());
        body.put("max_tokens", request.maxTokens());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", request.system());
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role() == ChatMessage.Role.USER ? "user" : "assistant")
                    .put("content", m.content());
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (settings.apiKey() != null && settings.apiKey().isPresent()) {
            http.header("Authorization", "Bearer " + settings.apiKey().reveal());
        }
        HttpResponse<String> response;
        try {
            response = this.http.send(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new LlmUnavailableException("LLM endpoint unavailable: " + describe() + " did not answer within "
                    + settings.timeout().toSeconds() + " s", e);
        } catch (IOException e) {
            throw new LlmUnavailableException("LLM endpoint unavailable: " + describe() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmUnavailableException("interrupted while waiting for " + describe(), e);
        }
        if (response.statusCode() != 200) {
            throw new LlmUnavailableException("LLM endpoint unavailable: " + describe() + " answered HTTP "
                    + response.statusCode() + ": " + truncate(response.body(), 200));
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            JsonNode choices = root.path("choices");
            if (!choices.isArray() || choices.isEmpty()) {
                throw new TranslationFailedException("the model at " + describe() + " returned no choices: "
                        + truncate(response.body(), 200));
            }
            String text = choices.get(0).path("message").path("content").asText("");
            JsonNode usage = root.path("usage");
            return new LlmReply(text, usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0));
        } catch (IOException e) {
            throw new TranslationFailedException("the model at " + describe() + " returned malformed JSON: "
                    + truncate(response.body(), 200), e);
        }
    }

    @Override
    public String describe() {
        return "openai-compatible endpoint " + endpoint.getScheme() + "://" + endpoint.getAuthority()
                + " (model " + settings.model() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    static String truncate(String s, int max) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }
}
