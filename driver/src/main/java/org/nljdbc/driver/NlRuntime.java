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
import org.nljdbc.translator.dialect.CostSettings;
import org.nljdbc.translator.dialect.DialectPipeline;
import org.nljdbc.translator.retrieval.LexicalSchemaRetriever;
import org.nljdbc.translator.symbolic.SymbolicTranslator;

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
    /** {@code nl.history.idleSeconds}: a conversation idle this long is forgotten; 0 never. */
    final int historyIdleSeconds;
    private final long catalogTtlNanos;
    private final CatalogReader.Options catalogOptions;
    /** {@code nl.role}, checked to be a simple identifier, or null. */
    final String role;
    private final String delegateUrl;
    /** Catalogs by the namespace (schema, or database on MySQL-style servers) they were read for; "" is the URL's. */
    private final ConcurrentMap<String, TimedCatalog> catalogs = new java.util.concurrent.ConcurrentHashMap<>();

    private record TimedCatalog(Catalog catalog, long readAt) {
    }

    private NlRuntime(NlConfig config, String delegateUrl) throws SQLException {
        this.delegateUrl = delegateUrl;
        this.policy = config.policy();
        this.guard = new SqlGuard(policy);
        this.passthrough = config.passthrough();
        this.role = SessionWalls.checkRoleName(config.get(NlProperty.ROLE));
        this.queryTimeoutSeconds = config.getInt(NlProperty.QUERY_TIMEOUT_SECONDS);
        this.maxResultBytes = NlProperty.MAX_RESULT_BYTES.getLong(config.settings());
        this.historyTurns = Math.max(0, config.getInt(NlProperty.HISTORY_TURNS));
        this.historyIdleSeconds = config.getInt(NlProperty.HISTORY_IDLE_SECONDS);
        if (historyIdleSeconds < 0 || historyIdleSeconds > 86_400) {
            throw new java.sql.SQLNonTransientConnectionException("nl.history.idleSeconds must be between 0 and 86400, got "
                    + historyIdleSeconds, "HY024");
        }
        this.catalogTtlNanos = Duration.ofSeconds(config.getInt(NlProperty.CATALOG_TTL_SECONDS)).toNanos();
        CatalogReader.Options options = NlProperty.CATALOG_SAMPLE_VALUES.getBoolean(config.settings())
                ? CatalogReader.Options.defaults()
                : CatalogReader.Options.defaults().withoutSamples();
        this.catalogOptions = options.withSchemas(NlProperty.CATALOG_SCHEMAS.getList(config.settings()));
        LlmSettings settings = config.llm();
        this.llm = LlmClients.create(settings);
        this.rateLimitPerMinute = config.getInt(NlProperty.RATE_LIMIT_PER_MINUTE);
        int cacheEntries = config.getInt(NlProperty.CACHE_MAX_ENTRIES);
        // With caching off the cache still stores nothing but lets identical concurrent questions share one call.
        TranslationCache cache = cacheEntries <= 0 ? new TranslationCache(Duration.ZERO, 0)
                : new TranslationCache(Duration.ofSeconds(config.getInt(NlProperty.CACHE_TTL_SECONDS)), cacheEntries);
        double minConfidence;
        try {
            minConfidence = Double.parseDouble(config.get(NlProperty.SYMBOLIC_MIN_CONFIDENCE));
        } catch (NumberFormatException e) {
            throw new java.sql.SQLNonTransientConnectionException("nl.symbolic.minConfidence must be a number from 0 "
                    + "to 1, got \"" + config.get(NlProperty.SYMBOLIC_MIN_CONFIDENCE) + "\"", "HY024");
        }
        CostSettings cost;
        try {
            cost = CostSettings.from(config.settings());
        } catch (IllegalArgumentException e) {
            throw new java.sql.SQLNonTransientConnectionException(e.getMessage(), "HY024");
        }
        SymbolicTranslator symbolic;
        try {
            symbolic = new SymbolicTranslator(minConfidence);
        } catch (IllegalArgumentException e) {
            throw new java.sql.SQLNonTransientConnectionException("nl.symbolic.minConfidence: " + e.getMessage(), "HY024");
        }
        this.translator = new Translator(llm, new LexicalSchemaRetriever(),
                config.getInt(NlProperty.RETRIEVAL_MAX_PROMPT_TOKENS), settings.maxAttempts(), cache, symbolic)
                .withDialects(Translator.DialectStage.defaults(cost));
        // Calcite's first query costs seconds of class loading; pay it off the user's path.
        DialectPipeline.warmUpInBackground();
    }

    static NlRuntime get(NlConfig config, String delegateUrl, String user) throws SQLException {
        String key = config.runtimeKey(delegateUrl, user);
        NlRuntime existing = RUNTIMES.get(key);
        if (existing != null) {
            return existing;
        }
        NlRuntime created = new NlRuntime(config, delegateUrl);
        NlRuntime raced = RUNTIMES.putIfAbsent(key, created);
        return raced == null ? created : raced;
    }

    /** The translator one connection uses: its own rate limit and token meter over the shared client and cache. */
    Translator translatorFor(String user, TokenMeter meter) {
        return llm == null ? translator : translator.withLlm(LlmClients.forConnection(llm, user, rateLimitPerMinute, meter));
    }

    /**
     * The catalog of {@code namespace} ("" for the one the URL opens), read through {@code connection} (already
     * in that namespace) when missing or older than the TTL.
     */
    Catalog catalog(String namespace, Connection connection) throws SQLException {
        TimedCatalog c = catalogs.get(namespace);
        if (c == null || System.nanoTime() - c.readAt() > catalogTtlNanos) {
            synchronized (this) {
                c = catalogs.get(namespace);
                if (c == null || System.nanoTime() - c.readAt() > catalogTtlNanos) {
                    // Only what the policy lets this user see is ever retrieved, sampled or sent to a model.
                    c = new TimedCatalog(CatalogReader.read(connection, catalogOptions, policy), System.nanoTime());
                    catalogs.put(namespace, c);
                }
            }
        }
        return c.catalog();
    }

    /** The catalog of {@code namespace} if it is cached and fresh, else null. */
    Catalog cachedCatalog(String namespace) {
        TimedCatalog c = catalogs.get(namespace);
        return c != null && System.nanoTime() - c.readAt() <= catalogTtlNanos ? c.catalog() : null;
    }

    /** Forget the catalog of every runtime on the same database, e.g. after DDL passed through. */
    void invalidateCatalog() {
        for (NlRuntime r : RUNTIMES.values()) {
            if (r.delegateUrl.equals(delegateUrl)) {
                r.catalogs.clear();
            }
        }
        catalogs.clear();
    }

    static Dialect dialectOf(Connection connection) throws SQLException {
        return Dialect.detect(connection.getMetaData().getDatabaseProductName());
    }
}
