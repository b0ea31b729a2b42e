package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmProvider;
import org.nljdbc.translator.llm.LlmSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Makes the clients the driver uses: {@link #create} once per data source (the {@link LlmProvider} named by
 * {@code nl.llm.provider},
 * with timeout, retries and the endpoint's shared circuit breaker), then {@link #forConnection} once per connection
 * (rate limits and token meter).
 */
public final class LlmClients {
    // Built off the path of the connection that first loads this class (see BackgroundHttpClient).
    private static final HttpClient HTTP = new BackgroundHttpClient(() -> HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build());

    private LlmClients() {
    }

    /**
     * @return the client for {@code settings}, or null when the provider is {@code none} (no model configured)
     * @throws SQLException SQLState HY024 when the provider is unknown or the base URL is unusable
     */
    public static LlmClient create(LlmSettings settings) throws SQLException {
        return create(settings, Resilience.defaults());
    }

    static LlmClient create(LlmSettings settings, Resilience resilience) throws SQLException {
        return create(settings, resilience, HTTP);
    }

    static LlmClient create(LlmSettings settings, Resilience resilience, HttpClient http) throws SQLException {
        if (!settings.enabled()) {
            return null;
        }
        String name = settings.provider().trim().toLowerCase(Locale.ROOT);
        Map<String, LlmProvider> known = providers();
        LlmProvider provider = known.get(name);
        if (provider == null) {
            throw new SQLNonTransientConnectionException("nl.llm.provider \"" + settings.provider()
                    + "\" is not a known provider; known: " + String.join(", ", known.keySet()) + " or none", "HY024");
        }
        try {
            return new ResilientLlmClient(provider.open(settings, http), key(provider.endpoint(settings)), resilience);
        } catch (IllegalArgumentException e) {
            throw new SQLNonTransientConnectionException("nl.llm.baseUrl is not usable for " + name + ": "
                    + e.getMessage(), "HY024");
        }
    }

    /**
     * The providers on the class path by name, sorted: those the driver's class loader sees, then those only the
     * thread's context class loader sees (an application's own provider jar); the first of a name wins.
     */
    static Map<String, LlmProvider> providers() {
        Map<String, LlmProvider> byName = new TreeMap<>();
        ClassLoader own = LlmProvider.class.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : context == null || context == own ? List.of(own) : List.of(own, context)) {
            for (LlmProvider p : ServiceLoader.load(LlmProvider.class, loader)) {
                String name = p.name().trim().toLowerCase(Locale.ROOT);
                if (!name.equals("none")) {
                    byName.putIfAbsent(name, p);
                }
            }
        }
        return byName;
    }

    /** The circuit is per endpoint URL, without query: Azure's api-version does not make a different endpoint. */
    private static String key(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getHost() + ":" + endpoint.getPort() + endpoint.getPath();
    }

    /**
     * The client one connection uses.
     *
     * @param shared    the data source's client from {@link #create}
     * @param user      the connection's user, whose limit is shared by all of its connections in the JVM; null for none
     * @param perMinute {@code nl.rateLimit.perMinute}: LLM calls allowed per minute, per connection and per user;
     *                  0 or less for no limit
     * @param meter     where this connection's token use is added up; null for none
     */
    public static LlmClient forConnection(LlmClient shared, String user, int perMinute, TokenMeter meter) {
        return forConnection(shared, user, perMinute, meter, org.nljdbc.translator.internal.cache.SharedStore.NONE);
    }

    /**
     * As {@link #forConnection(LlmClient, String, int, TokenMeter)}, with the user's limit counted in {@code store}
     * (one window per minute shared by every process using it), and locally while the store is unavailable.
     */
    public static LlmClient forConnection(LlmClient shared, String user, int perMinute, TokenMeter meter,
                                          org.nljdbc.translator.internal.cache.SharedStore store) {
        if (shared == null) {
            return null;
        }
        return new ConnectionLlmClient(shared, user, perMinute, meter, store);
    }
}
