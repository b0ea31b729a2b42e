package org.nljdbc.driver;

import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.translator.Translator;
import org.nljdbc.translator.catalog.Catalog;
import org.nljdbc.translator.catalog.CatalogReader;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmSettings;
import org.nljdbc.translator.llm.OpenAiChatClient;
import org.nljdbc.translator.retrieval.WholeSchemaRetriever;

/**
 * What all connections with the same delegate URL, user and settings share: policy, guard, translator
 * and the schema catalog. Thread-safe.
 */
final class NlRuntime {
    private static final ConcurrentMap<String, NlRuntime> RUNTIMES = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    final Policy policy;
    final SqlGuard guard;
    final Translator translator;
    final NlConfig.Passthrough passthrough;
    final int queryTimeoutSeconds;
    final long maxResultBytes;
    private final long catalogTtlNanos;
    private volatile Catalog catalog;
    private volatile long catalogReadAt;

    private NlRuntime(NlConfig config) throws SQLException {
        this.policy = config.policy();
        this.guard = new SqlGuard(policy);
        this.passthrough = config.passthrough();
        this.queryTimeoutSeconds = config.getInt(NlProperty.QUERY_TIMEOUT_SECONDS);
        this.maxResultBytes = NlProperty.MAX_RESULT_BYTES.getLong(config.settings());
        this.catalogTtlNanos = Duration.ofSeconds(config.getInt(NlProperty.CATALOG_TTL_SECONDS)).toNanos();
        LlmSettings llm = config.llm();
        this.translator = new Translator(llmClient(llm), new WholeSchemaRetriever(),
                config.getInt(NlProperty.RETRIEVAL_MAX_PROMPT_TOKENS), llm.maxAttempts());
    }

    static NlRuntime get(NlConfig config, String delegateUrl, String user) throws SQLException {
        String key = config.runtimeKey(delegateUrl, user);
        NlRuntime existing = RUNTIMES.get(key);
        if (existing != null) {
            return existing;
        }
        NlRuntime created = new NlRuntime(config);
        NlRuntime raced = RUNTIMES.putIfAbsent(key, created);
        return raced == null ? created : raced;
    }

    private static LlmClient llmClient(LlmSettings llm) throws SQLException {
        if (!llm.enabled()) {
            return null;
        }
        return switch (llm.provider()) {
            case "openai" -> new OpenAiChatClient(llm, HTTP);
            default -> throw new SQLException("nl.llm.provider=" + llm.provider() + " is not available in this build",
                    "0A000");
        };
    }

    /** The catalog, read through {@code connection} when missing or older than the TTL. */
    Catalog catalog(Connection connection) throws SQLException {
        Catalog c = catalog;
        if (c == null || System.nanoTime() - catalogReadAt > catalogTtlNanos) {
            synchronized (this) {
                c = catalog;
                if (c == null || System.nanoTime() - catalogReadAt > catalogTtlNanos) {
                    c = CatalogReader.read(connection);
                    catalog = c;
                    catalogReadAt = System.nanoTime();
                }
            }
        }
        return c;
    }

    /** The catalog if it is cached and fresh, else null. */
    Catalog cachedCatalog() {
        Catalog c = catalog;
        return c != null && System.nanoTime() - catalogReadAt <= catalogTtlNanos ? c : null;
    }

    /** Forget the catalog, e.g. after DDL passed through. */
    void invalidateCatalog() {
        catalog = null;
    }

    static Dialect dialectOf(Connection connection) throws SQLException {
        return Dialect.detect(connection.getMetaData().getDatabaseProductName());
    }
}
