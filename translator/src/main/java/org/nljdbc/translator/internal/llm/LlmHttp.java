package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What both providers share on the wire: sending with a timeout, turning every failure into an
 * {@link LlmHttpException} that says whether a retry may help, {@code Retry-After}, and keeping the key out of
 * every message (a provider or proxy may echo it in an error body).
 */
final class LlmHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private LlmHttp() {
    }

    static Duration timeout(LlmSettings settings) {
        Duration t = settings.timeout();
        return t == null || t.isZero() || t.isNegative() ? DEFAULT_TIMEOUT : t;
    }

    /** Sends {@code request}; any status other than 2xx is thrown as a classified {@link LlmHttpException}. */
    static HttpResponse<String> send(HttpClient http, HttpRequest request, String who, Duration timeout,
                                     LlmSettings.Secret key) throws LlmHttpException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            // Not retried: the user has already waited the whole timeout once.
            throw new LlmHttpException("LLM endpoint unavailable: " + who + " did not answer within "
                    + seconds(timeout) + " s (nl.llm.timeoutSeconds)", null, 0, false, true, null);
        } catch (IOException e) {
            throw new LlmHttpException("LLM endpoint unavailable: " + who + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + redact(e.getMessage(), key)), null, 0, true, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmHttpException("interrupted while waiting for " + who, null, 0, false, false, null);
        }
        int code = response.statusCode();
        if (code / 100 == 2) {
            return response;
        }
        String detail = errorDetail(response.body(), key);
        Duration retryAfter = response.headers().firstValue("Retry-After")
                .flatMap(v -> retryAfter(v, Instant.now())).orElse(null);
        String prefix = "LLM endpoint unavailable: " + who + " answered HTTP " + code;
        if (code == 429) {
            throw new LlmHttpException(prefix + " (rate limited by the provider"
                    + (retryAfter == null ? "" : ", retry after " + seconds(retryAfter) + " s") + "): " + detail,
                    null, code, true, true, retryAfter);
        }
        if (code == 401 || code == 403) {
            throw new LlmHttpException(prefix + ": the API key was refused; check nl.llm.apiKeyEnv: " + detail,
                    null, code, false, false, null);
        }
        if (code == 404) {
            throw new LlmHttpException(prefix + ": check nl.llm.baseUrl and nl.llm.model: " + detail,
                    null, code, false, false, null);
        }
        boolean transientServer = code == 408 || (code >= 500 && code != 501 && code != 505);
        throw new LlmHttpException(prefix + ": " + detail, null, code, transientServer, code >= 500, retryAfter);
    }

    /** Parses a 2xx body; a body that is not JSON means the endpoint is not what the settings say it is. */
    static JsonNode json(HttpResponse<String> response, String who, LlmSettings.Secret key) throws LlmHttpException {
        try {
            JsonNode root = JSON.readTree(response.body());
            if (root == null || !root.isObject()) {
                throw new IOException("not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new LlmHttpException("LLM endpoint unavailable: " + who + " returned malformed JSON: "
                    + truncate(redact(response.body(), key), 200), null, response.statusCode(), false, true, null);
        }
    }

    /** The provider's own error message when the body is a JSON error, else the body, both redacted and short. */
    static String errorDetail(String body, LlmSettings.Secret key) {
        String text = body == null ? "" : body;
        try {
            JsonNode root = JSON.readTree(text);
            if (root != null) {
                JsonNode error = root.path("error");
                String m = error.isTextual() ? error.asText() : error.path("message").asText("");
                if (!m.isBlank()) {
                    text = m;
                }
            }
        } catch (IOException notJson) {
            // keep the raw body
        }
        return truncate(redact(text, key), 200);
    }

    /**
     * {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110); empty when unparseable. A date in the past
     * is a zero delay.
     */
    static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            long secs = Long.parseLong(v);
            return Optional.of(Duration.ofSeconds(Math.max(0, secs)));
        } catch (NumberFormatException notSeconds) {
            // fall through to the date form
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String redact(String text, LlmSettings.Secret key) {
        if (text == null) {
            return "";
        }
        if (key != null && key.isPresent() && key.reveal().length() >= 4) {
            text = text.replace(key.reveal(), "****");
        }
        return text;
    }

    static String truncate(String s, int max) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }

    static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
