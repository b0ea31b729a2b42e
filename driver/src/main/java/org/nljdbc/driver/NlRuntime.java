package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.translator.Translator;
import org.nljdbc.translator.catalog.Catalog;
import org.nljdbc.translator.catalog.CatalogReader;
import org.nljdbc.translator.cache.TranslationCache;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmClients;
import org.nljdbc.translator.llm.LlmSettings;
import org.nljdbc.translator.llm.TokenMeter;
import org.nljdbc.translator.retrieval.WholeSchemaRetriever;

/**
 * What all connections with the same delegate URL, user and settings share: policy, guard, translator
 * and the schema catalog. Thread-safe.
 */
final class NlRuntime {
    // Bounded: a long-lived host that connects with ever-new settings must not accumulate runtimes.
    private static final ConcurrentMap<String, NlRuntime> RUNTIMES = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().maximumSize(256).expireAfterAccess(Duration.ofHours(1)).<String, NlRuntime>build().asMap();

    final Policy policy;
    final SqlGuard guard;
    final Translator translator;
    final LlmClient llm;
    final int rateLimitPerMinute;
    final NlConfig.Passthrough passthrough;
    final int queryTimeoutSeconds;
    final long maxResultBytes;
    final int historyTurns;
    private final long catalogTtlNanos;
    private volatile Catalog catalog;
    private volatile long catalogReadAt;

    private NlRuntime(NlConfig config) throws SQLException {
        this.policy = config.policy();
        this.guard = new SqlGuard(policy);
        this.passthrough = config.passthrough();
        this.queryTimeoutSeconds = config.getInt(NlProperty.QUERY_TIMEOUT_SECONDS);
        this.maxResultBytes = NlProperty.MAX_RESULT_BYTES.getLong(config.settings());
        this.historyTurns = Math.max(0, config.getInt(NlProperty.HISTORY_TURNS));
        this.catalogTtlNanos = Duration.ofSeconds(config.getInt(NlProperty.CATALOG_TTL_SECONDS)).toNanos();
        LlmSettings settings = config.llm();
        this.llm = LlmClients.create(settings);
        this.rateLimitPerMinute = config.getInt(NlProperty.RATE_LIMIT_PER_MINUTE);
        int cacheEntries = config.getInt(NlProperty.CACHE_MAX_ENTRIES);
        // With caching off the cache still stores nothing but lets identical concurrent questions share one call.
        TranslationCache cache = cacheEntries <= 0 ? new TranslationCache(Duration.ZERO, 0)
                : new TranslationCache(Duration.ofSeconds(config.getInt(NlProperty.CACHE_TTL_SECONDS)), cacheEntries);
        this.translator = new Translator(llm, new WholeSchemaRetriever(),
                config.getInt(NlProperty.RETRIEVAL_MAX_PROMPT_TOKENS), settings.maxAttempts(), cache);
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

    /** The translator one connection uses: its own rate limit and token meter over the shared client and cache. */
    Translator translatorFor(String user, TokenMeter meter) {
        return llm == null ? translator : translator.withLlm(LlmClients.forConnection(llm, user, rateLimitPerMinute, meter));
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
