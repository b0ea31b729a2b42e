package org.nljdbc.translator.llm;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * A kind of chat model endpoint, chosen by {@code nl.llm.provider}. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in {@code META-INF/services/org.nljdbc.translator.llm.LlmProvider}
 * of any jar on the class path; no other change is needed. The driver wraps the client a provider opens with
 * retries, the endpoint's circuit breaker, rate limits and the token meter, so a provider only makes one HTTP call
 * per {@link LlmClient#complete}.
 *
 * <p>An implementation needs a public no-argument constructor and must be thread-safe.
 */
public interface LlmProvider {
    /**
     * @return the value of {@code nl.llm.provider} that selects this provider, lower case, e.g. {@code openai};
     *         {@code none} is reserved for "no model"
     */
    String name();

    /**
     * @return the URL calls go to, without secrets; its scheme, host, port and path name the circuit breaker that
     *         every client of that endpoint in the JVM shares
     * @throws IllegalArgumentException when the settings do not name a usable endpoint (reported as HY024)
     */
    URI endpoint(LlmSettings settings);

    /**
     * @param http the driver's shared HTTP client (HTTP/1.1, connect timeout set)
     * @return a client making one call per {@link LlmClient#complete}, never putting the key into messages or logs
     * @throws IllegalArgumentException when the settings do not name a usable endpoint (reported as HY024)
     */
    LlmClient open(LlmSettings settings, HttpClient http);
}
