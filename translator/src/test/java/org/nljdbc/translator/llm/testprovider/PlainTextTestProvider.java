package org.nljdbc.translator.llm.testprovider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import org.nljdbc.translator.LlmUnavailableException;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmProvider;
import org.nljdbc.translator.llm.LlmReply;
import org.nljdbc.translator.llm.LlmRequest;
import org.nljdbc.translator.llm.LlmSettings;

/**
 * A provider only the tests have, registered in the test resources' {@code META-INF/services}: it posts the last
 * user message as plain text to {@code {baseUrl}/plain} and takes the body of a 200 as the reply. It exists to show
 * that a third provider, in its own package and using only the public SPI, needs no change in the driver.
 */
public final class PlainTextTestProvider implements LlmProvider {
    @Override
    public String name() {
        return "plain-test";
    }

    @Override
    public URI endpoint(LlmSettings settings) {
        if (settings.baseUrl() == null || settings.baseUrl().isBlank()) {
            throw new IllegalArgumentException("plain-test needs nl.llm.baseUrl");
        }
        return URI.create(settings.baseUrl().replaceAll("/+$", "") + "/plain");
    }

    @Override
    public LlmClient open(LlmSettings settings, HttpClient http) {
        URI endpoint = endpoint(settings);
        return new LlmClient() {
            @Override
            public LlmReply complete(LlmRequest request) throws SQLException {
                String question = request.messages().get(request.messages().size() - 1).content();
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
                            .POST(HttpRequest.BodyPublishers.ofString(question)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new LlmUnavailableException(describe() + " answered HTTP " + r.statusCode());
                    }
                    return new LlmReply(r.body(), 0, 0);
                } catch (IOException e) {
                    throw new LlmUnavailableException("cannot reach " + describe(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted", "HY008", e);
                }
            }

            @Override
            public String describe() {
                return "plain-test endpoint " + endpoint.getHost() + ":" + endpoint.getPort();
            }
        };
    }
}
