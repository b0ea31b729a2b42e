package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.TranslatorBuilder;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogProvider;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.internal.catalog.SnapshotKeys;
import org.nljdbc.translator.internal.catalog.SnapshotStore;
import org.nljdbc.translator.internal.cache.TranslationCache;
import org.nljdbc.translator.internal.knowledge.JdbcExampleStore;
import org.nljdbc.translator.internal.knowledge.Knowledge;
import org.nljdbc.translator.internal.knowledge.Semantics;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.internal.llm.LlmClients;
import org.nljdbc.translator.llm.LlmSettings;
import org.nljdbc.translator.internal.llm.TokenMeter;
import org.nljdbc.translator.internal.dialect.CostSettings;
import org.nljdbc.translator.internal.dialect.DialectPipeline;
import org.nljdbc.translator.internal.retrieval.LexicalSchemaRetriever;
import org.nljdbc.translator.internal.symbolic.SymbolicTranslator;

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
    /** The checkpoint's validation and cost ceiling, also applied to the SQL around a wrapped question. */
    final Translator.DialectStage dialects;
    final LlmClient llm;
    final int rateLimitPerMinute;
    final NlConfig.Passthrough passthrough;
    final int queryTimeoutSeconds;
    final long maxResultBytes;
    final int historyTurns;
    private final Duration catalogTtl;
    /** Verified examples of this database ({@code nl.examples.url}); {@link Knowledge#none()} without a store. */
    final Knowledge knowledge;
    /** Templates of prepared questions' shapes, shared by this runtime's connections. */
    final QuestionShapes shapes = new QuestionShapes();
    /** nl.llm.price, nl.llm.budget (null for none) and nl.audit (see the observe package). */
    final org.nljdbc.driver.observe.Price price;
    final org.nljdbc.driver.observe.Budget budget;
    final boolean audit;
    /** nl.metrics: whether this runtime's questions are counted (process statistics, host registry, NL STATS). */
    final boolean metrics;
    /** {@code nl.history.idleSeconds}: a conversation idle this long is forgotten; 0 never. */
    final int historyIdleSeconds;
    private final CatalogReader.Options catalogOptions;
    /** Where catalog snapshots are kept: Redis (nl.cache.redis), a local directory, or nowhere. */
    private final SnapshotStore snapshots;
    /** Redis when nl.cache.redis is set: translations, snapshots and rate limits shared by every process. */
    private final org.nljdbc.translator.internal.cache.SharedStore shared;
    private final String databaseKey;
    private final String user;
    /** Whether samples are read inline (a private in-memory database exists only on the caller's connection). */
    private final boolean inlineSamples;
    /** nl.symbolic.minConfidence's default when a model is configured: 1, the LLM-free translator's no-guess answers. */
    static final double MODEL_CONFIGURED_MIN_CONFIDENCE = SymbolicTranslator.MODEL_CONFIGURED_MIN_CONFIDENCE;
    /** {@code nl.role}, checked to be a simple identifier, or null. */
    final String role;
    private final String delegateUrl;
    /** Catalogs by the namespace (schema, or database on MySQL-style servers) they are read for; "" is the URL's. */
    private final ConcurrentMap<String, CatalogProvider> catalogs = new java.util.concurrent.ConcurrentHashMap<>();
    /** The translator's retriever, also given each sampled catalog to index on the sampling thread. */
    private final LexicalSchemaRetriever retriever = new LexicalSchemaRetriever();

    private NlRuntime(NlConfig config, String delegateUrl, String user) throws SQLException {
        this.delegateUrl = delegateUrl;
        this.user = user;
        this.policy = config.policy();
        // Every guarded text on PostgreSQL runs in a ReadOnlyScope, which pins standard_conforming_strings on.
        this.guard = new SqlGuard(policy).withPinnedStandardStrings();
        this.passthrough = config.passthrough();
        this.role = SessionWalls.checkRoleName(config.get(NlProperty.ROLE));
        this.queryTimeoutSeconds = config.getInt(NlProperty.QUERY_TIMEOUT_SECONDS);
        this.maxResultBytes = NlProperty.MAX_RESULT_BYTES.getLong(config.settings());
        this.historyTurns = Math.max(0, config.getInt(NlProperty.HISTORY_TURNS));
        this.catalogTtl = Duration.ofSeconds(config.getInt(NlProperty.CATALOG_TTL_SECONDS));
        this.historyIdleSeconds = config.getInt(NlProperty.HISTORY_IDLE_SECONDS);
        if (historyIdleSeconds < 0 || historyIdleSeconds > 86_400) {
            throw new java.sql.SQLNonTransientConnectionException("nl.history.idleSeconds must be between 0 and 86400, got "
                    + historyIdleSeconds, "HY024");
        }
        CatalogReader.Options options = NlProperty.CATALOG_SAMPLE_VALUES.getBoolean(config.settings())
                ? CatalogReader.Options.defaults()
                : CatalogReader.Options.defaults().withoutSamples();
        this.catalogOptions = options.withSchemas(NlProperty.CATALOG_SCHEMAS.getList(config.settings()));
        this.inlineSamples = NlDriver.isPrivateInMemory(delegateUrl);
        this.databaseKey = SnapshotKeys.database(NlUrl.redact(delegateUrl));
        this.shared = SharedStores.from(config);
        this.snapshots = SharedStores.snapshots(config, delegateUrl, shared);
        LlmSettings settings = config.llm();
        this.audit = NlProperty.AUDIT.getChoice(config.settings()).equals("on");
        this.metrics = NlProperty.METRICS.getChoice(config.settings()).equals("on");
        try {
            this.price = org.nljdbc.driver.observe.Price.parse(config.get(NlProperty.LLM_PRICE));
            this.budget = org.nljdbc.driver.observe.Budget.parse(config.get(NlProperty.LLM_BUDGET), price,
                    config.get(NlProperty.LLM_BUDGET_NAME), shared);
        } catch (IllegalArgumentException e) {
            throw new java.sql.SQLNonTransientConnectionException(e.getMessage(), "HY024");
        }
        // Without a provider LlmClients is not even loaded: its shared HTTP client costs a cold JVM a few hundred ms.
        LlmClient created = settings.enabled() ? LlmClients.create(settings) : null;
        this.llm = created == null ? null : new org.nljdbc.driver.observe.ObservedLlmClient(created, budget, price,
                processStatistics());
        this.rateLimitPerMinute = config.getInt(NlProperty.RATE_LIMIT_PER_MINUTE);
        int cacheEntries = config.getInt(NlProperty.CACHE_MAX_ENTRIES);
        // With caching off the cache still stores nothing but lets identical concurrent questions share one call.
        TranslationCache cache = cacheEntries <= 0 ? new TranslationCache(Duration.ZERO, 0)
                : new TranslationCache(Duration.ofSeconds(config.getInt(NlProperty.CACHE_TTL_SECONDS)), cacheEntries,
                shared);
        double minConfidence;
        String minSetting = config.settings().getProperty(NlProperty.SYMBOLIC_MIN_CONFIDENCE.key());
        try {
            // With a model and no explicit setting the LLM-free translator answers only when it made no guess: the
            // one confidence whose measured precision reaches 0.99 without being tuned on the data (README, Measured);
            // a plausible wrong number is worse than a model call. Without a model its answers at 0.7 are better
            // than a refusal.
            minConfidence = created != null && (minSetting == null || minSetting.isBlank())
                    ? MODEL_CONFIGURED_MIN_CONFIDENCE
                    : Double.parseDouble(config.get(NlProperty.SYMBOLIC_MIN_CONFIDENCE));
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
        this.dialects = Translator.DialectStage.defaults(cost);
        SymbolicTranslator symbolic;
        try {
            symbolic = new SymbolicTranslator(minConfidence);
        } catch (IllegalArgumentException e) {
            throw new java.sql.SQLNonTransientConnectionException("nl.symbolic.minConfidence: " + e.getMessage(), "HY024");
        }
        String examplesUrl = config.get(NlProperty.EXAMPLES_URL);
        // nl.examples.url names a store for examples alone and wins; else the shared Redis, when there is one.
        org.nljdbc.translator.internal.knowledge.ExampleStore examples = examplesUrl != null && !examplesUrl.isBlank()
                ? new JdbcExampleStore(examplesUrl, null)
                : shared instanceof org.nljdbc.translator.internal.cache.RedisStore redis
                ? new org.nljdbc.translator.internal.knowledge.RedisExampleStore(redis) : null;
        this.knowledge = (examples == null ? Knowledge.none()
                : Knowledge.of(new org.nljdbc.translator.internal.knowledge.CachedExampleStore(examples,
                        org.nljdbc.translator.internal.knowledge.CachedExampleStore.DEFAULT_TTL),
                        NlUrl.redact(delegateUrl) + tenantScope(policy)))
                .withSemantics(loadSemantics(config.get(NlProperty.SEMANTICS)));
        // The semantics file's synonyms name columns for the LLM-free translator too, and its metrics and named
        // filters are measures and conditions it composes (each catalog only what it shows).
        symbolic = symbolic.withSemantics(knowledge.semantics());
        TranslatorBuilder stages = Translator.builder().retriever(retriever)
                .maxPromptTokens(config.getInt(NlProperty.RETRIEVAL_MAX_PROMPT_TOKENS)).maxAttempts(settings.maxAttempts())
                .cache(cache).dialects(dialects).knowledge(knowledge);
        // Above 1 the LLM-free translator never answers; with a model there is nothing to ask it for, and asking
        // would build its lexicon over every table before the first answer (seconds on a 20,000-table catalog).
        if (!(created != null && minConfidence > 1)) {
            stages.symbolic(symbolic);
        }
        this.translator = (llm == null ? stages : stages.llm(llm)).build();
        // Calcite's first query costs seconds of class loading; pay it off the user's path.
        DialectPipeline.warmUpInBackground();
    }

    /** Where this runtime's questions are counted in the process: its statistics, or nowhere under nl.metrics=off. */
    org.nljdbc.driver.observe.Statistics processStatistics() {
        return metrics ? org.nljdbc.driver.observe.Statistics.process() : org.nljdbc.driver.observe.Statistics.off();
    }

    static NlRuntime get(NlConfig config, String delegateUrl, String user) throws SQLException {
        String key = config.runtimeKey(delegateUrl, user);
        NlRuntime existing = RUNTIMES.get(key);
        if (existing != null) {
            return existing;
        }
        NlRuntime created = new NlRuntime(config, delegateUrl, user);
        NlRuntime raced = RUNTIMES.putIfAbsent(key, created);
        return raced == null ? created : raced;
    }

    /**
     * The translator one connection uses: its own rate limit and token meter over the shared client and cache, and
     * its own stage timers and trace spans ({@code stages}).
     */
    Translator translatorFor(String user, TokenMeter meter, org.nljdbc.translator.internal.StageObserver stages) {
        Translator own = llm == null ? translator
                : translator.toBuilder().llm(LlmClients.forConnection(llm, user, rateLimitPerMinute, meter, shared))
                        .build();
        return own.withObserver(stages);
    }

    /**
     * The catalog of {@code namespace} ("" for the one the URL opens), read or checked through {@code connections}
     * (lending connections already in that namespace) when missing or older than the TTL.
     */
    /** {@code nl.catalog.schemas}: the namespaces the catalog reads, or empty for the connection's current one. */
    java.util.List<String> catalogSchemas() {
        return catalogOptions.schemas();
    }

    Catalog catalog(String namespace, CatalogProvider.Connections connections) throws SQLException {
        return provider(namespace).get(connections);
    }

    private CatalogProvider provider(String namespace) {
        return catalogs.computeIfAbsent(namespace, ns -> new CatalogProvider(
                inlineSamples ? catalogOptions.withoutSamples() : catalogOptions, policy, snapshots,
                // Everything the catalog depends on besides the database: who reads it, under which policy, where.
                SnapshotKeys.of(NlUrl.redact(delegateUrl), user, policy + "|" + ns + "|" + role + "|" + catalogOptions),
                catalogTtl, retriever::prepare));
    }

    /** The catalog of {@code namespace} if it is cached and fresh, else null. */
    Catalog cachedCatalog(String namespace) {
        CatalogProvider p = catalogs.get(namespace);
        return p == null ? null : p.cached();
    }

    /** Samples these tables next, where sampling of the namespace's catalog is still running. */
    void prioritizeSampling(String namespace, java.util.Collection<String> tables) {
        CatalogProvider p = catalogs.get(namespace);
        if (p != null) {
            p.prioritize(tables);
        }
    }

    /** Forget the catalog of every runtime on the same database, and its snapshots, e.g. after DDL passed through. */
    void invalidateCatalog() {
        for (NlRuntime r : RUNTIMES.values()) {
            if (r.delegateUrl.equals(delegateUrl)) {
                r.catalogs.values().forEach(CatalogProvider::invalidate);
            }
        }
        catalogs.values().forEach(CatalogProvider::invalidate);
        snapshots.invalidate(databaseKey);
    }

    /** The semantics file named by {@code nl.semantics}; a broken file fails the connection, naming its line. */
    private static Semantics loadSemantics(String path) throws SQLException {
        if (path == null || path.isBlank()) {
            return Semantics.empty();
        }
        try {
            return Semantics.load(java.nio.file.Path.of(path));
        } catch (IllegalArgumentException e) {
            throw new java.sql.SQLNonTransientConnectionException("nl.semantics: " + e.getMessage(), "HY024");
        } catch (java.io.IOException e) {
            throw new java.sql.SQLNonTransientConnectionException("nl.semantics: cannot read " + path + ": "
                    + e.getMessage(), "HY024");
        }
    }

    static Dialect dialectOf(Connection connection) throws SQLException {
        return Dialect.detect(connection.getMetaData().getDatabaseProductName());
    }

    /**
     * Under a tenant filter, verified examples belong to the tenant that remembered them: a remembered question's SQL
     * can hold that tenant's literals (a customer's name), so another tenant neither sees, reuses, is prompted with,
     * overwrites nor forgets it. The examples' database key gains a digest of the tenant column and value (never the
     * value itself; the stores keep only a hash of the key anyway).
     */
    static String tenantScope(Policy policy) {
        return policy.tenantColumn() == null ? "" : " tenant " + org.nljdbc.translator.internal.Digests.sha256Hex(
                policy.tenantColumn().toLowerCase(java.util.Locale.ROOT) + "\u0000" + policy.tenantValue(), 16);
    }
}
