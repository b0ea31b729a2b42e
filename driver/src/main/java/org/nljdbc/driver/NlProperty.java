package org.nljdbc.driver;

import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Every {@code nl.*} setting of the driver, with its default and description: the one place they are
 * defined. {@link NlDriver#getPropertyInfo} lists them; configuration files, URLs, {@code Properties} and
 * {@link NlDataSource} all use these names.
 */
public enum NlProperty {
    LLM_PROVIDER("nl.llm.provider", "none", Narrowing.ADMIN_WINS, "LLM provider: openai (any OpenAI-compatible endpoint, Ollama included), anthropic, another LlmProvider on the class path, or none (LLM-free translator only)"),
    LLM_BASE_URL("nl.llm.baseUrl", null, Narrowing.ADMIN_WINS, "Provider endpoint, e.g. http://localhost:11434/v1 for Ollama; defaults to the provider's public API"),
    LLM_MODEL("nl.llm.model", null, Narrowing.ADMIN_WINS, "Model name sent to the provider"),
    LLM_API_KEY_ENV("nl.llm.apiKeyEnv", null, Narrowing.ADMIN_WINS, "Name of the environment variable that holds the API key (default OPENAI_API_KEY or ANTHROPIC_API_KEY); the key itself is never put in a URL"),
    LLM_API_KEY("nl.llm.apiKey", null, Narrowing.ADMIN_ONLY, "API key itself: accepted from nl.config or connection Properties, refused in the URL; never logged or shown"),
    LLM_API_KEY_ENV_ALLOWED("nl.llm.apiKeyEnvAllowed", null, Narrowing.ADMIN_ONLY, "Comma-separated environment variables, besides OPENAI_API_KEY and ANTHROPIC_API_KEY, that a URL's nl.llm.apiKeyEnv may name; administrator only"),
    LLM_TIMEOUT_SECONDS("nl.llm.timeoutSeconds", "60", Narrowing.ADMIN_WINS, "Timeout of one LLM call, in seconds"),
    LLM_MAX_ATTEMPTS("nl.llm.maxAttempts", "3", Narrowing.ADMIN_WINS, "Attempts per question, repairs included"),
    MAX_ROWS("nl.maxRows", "1000", Narrowing.MIN, "LIMIT enforced on every NL query (a larger limit is clamped)"),
    QUERY_TIMEOUT_SECONDS("nl.queryTimeoutSeconds", "30", Narrowing.CEILING, "Query timeout for NL queries on the database, in seconds"),
    MAX_RESULT_BYTES("nl.maxResultBytes", "16777216", Narrowing.CEILING, "Result-size ceiling for NL queries, in bytes"),
    PASSTHROUGH("nl.passthrough", "allow", Narrowing.TOWARDS_DENY, "Plain SQL: allow (untouched), readonly (guarded like NL SQL), deny", "allow", "readonly", "deny"),
    TABLES_ALLOW("nl.tables.allow", null, Narrowing.SUBSET, "Comma-separated tables or globs (hr.*) that NL queries may read; empty means all"),
    TABLES_DENY("nl.tables.deny", null, Narrowing.UNION, "Comma-separated tables or globs that NL queries may never read"),
    COLUMNS_MASK("nl.columns.mask", null, Narrowing.UNION, "Comma-separated table.column whose values are masked and never usable in filters"),
    TENANT_COLUMN("nl.tenant.column", null, Narrowing.ADMIN_WINS, "Column that, where a table has it, filters every NL query to nl.tenant.value"),
    TENANT_VALUE("nl.tenant.value", null, Narrowing.ADMIN_WINS, "Tenant value bound for nl.tenant.column"),
    SYSTEM_CATALOGS("nl.systemCatalogs", "false", Narrowing.OFF_ONLY, "Whether NL queries may read system catalogs (information_schema, pg_catalog, ...)", "true", "false"),
    RETRIEVAL_MAX_PROMPT_TOKENS("nl.retrieval.maxPromptTokens", "3000", Narrowing.ADMIN_WINS, "Schema budget of a prompt, in tokens: a schema that fits is sent whole"),
    RATE_LIMIT_PER_MINUTE("nl.rateLimit.perMinute", "60", Narrowing.CEILING, "LLM calls allowed per minute, per connection and per user; 0 for no limit"),
    CACHE_TTL_SECONDS("nl.cache.ttlSeconds", "3600", Narrowing.ADMIN_WINS, "How long a translation is reused for the same question, schema and policy"),
    CACHE_MAX_ENTRIES("nl.cache.maxEntries", "10000", Narrowing.ADMIN_WINS, "Most translations kept in the cache; 0 disables it"),
    HISTORY_TURNS("nl.history.turns", "10", Narrowing.MIN, "Questions (with their SQL and result shape) a connection remembers so that follow-ups such as \"now only 2023\" refine the previous answer; 0 turns follow-ups off"),
    HISTORY_IDLE_SECONDS("nl.history.idleSeconds", "300", Narrowing.ADMIN_WINS, "Seconds without a question after which a connection forgets its conversation, so that whoever asks next on a shared connection starts afresh; 0 never forgets (0 to 86400)"),
    HISTORY_RESET_ON_RETURN("nl.history.resetOnReturn", "true", Narrowing.ADMIN_WINS, "Whether a pooled connection starts a fresh conversation at each checkout from NlDataSource (false is not supported yet: every checkout is a new conversation)", "true", "false"),
    CATALOG_SCHEMAS("nl.catalog.schemas", null, Narrowing.ADMIN_WINS, "Comma-separated schemas whose tables NL questions may use; default the connection's current schema"),
    CATALOG_SAMPLE_VALUES("nl.catalog.sampleValues", "true", Narrowing.ADMIN_WINS, "Whether a few distinct values of short text columns are read, so questions can name them (\"in Brazil\")", "true", "false"),
    SYMBOLIC_MIN_CONFIDENCE("nl.symbolic.minConfidence", "0.7", Narrowing.ADMIN_WINS, "Confidence (0 to 1) the LLM-free translator needs to answer; below it the LLM answers (or, with none, the question is declined); above 1 the LLM always answers. Default 0.7 without a model; with one, 1 (it answers only when it made no guess, the model the rest) unless set"),
    COST_EXPLAIN("nl.cost.explain", "false", Narrowing.ADMIN_WINS, "Ask the database to EXPLAIN each NL query before it runs (PostgreSQL, MySQL, MariaDB), for the cost estimate and nl.maxCost", "true", "false"),
    MAX_COST("nl.maxCost", null, Narrowing.CEILING, "Cost ceiling: an NL query estimated above it is refused with the estimate (the database's cost when nl.cost.explain is on, else Calcite's)"),
    CATALOG_TTL_SECONDS("nl.catalog.ttlSeconds", "600", Narrowing.ADMIN_WINS, "How long the schema catalog is used before the database is asked (one cheap schema-fingerprint query) whether it changed"),
    CATALOG_SNAPSHOT("nl.catalog.snapshot", "true", Narrowing.OFF_ONLY, "Whether the catalog is saved (in nl.cache.redis when set, else a private file under the user's cache directory) for restarted processes to reuse while the schema fingerprint matches", "true", "false"),
    CATALOG_SNAPSHOT_DIR("nl.catalog.snapshotDir", null, Narrowing.ADMIN_ONLY, "Directory of local catalog snapshots; default $XDG_CACHE_HOME/nljdbc/catalog or ~/.cache/nljdbc/catalog; administrator only"),
    CACHE_REDIS("nl.cache.redis", null, Narrowing.ADMIN_ONLY, "Redis shared by every process: redis://[user:password@]host:6379/0 or rediss:// for TLS; holds translations, catalog snapshots, the per-user rate limit and (without nl.examples.url) verified examples; administrator only, the password is never logged"),
    CACHE_REDIS_PREFIX("nl.cache.redisPrefix", "", Narrowing.ADMIN_ONLY, "Put before every key nljdbc reads or writes in nl.cache.redis (e.g. staging:), so that deployments that must not share translations, catalog snapshots, rate limits or verified examples can share one Redis; administrator only (a URL that changed it would leave the shared rate limit)"),
    CACHE_REDIS_TIMEOUT_MILLIS("nl.cache.redisTimeoutMillis", "500", Narrowing.ADMIN_WINS, "Connect and command timeout for nl.cache.redis; a slower or dead Redis is skipped and the local cache used"),
    ROLE("nl.role", null, Narrowing.ADMIN_ONLY, "Database role NL queries (and plain SQL under nl.passthrough=readonly) run under: PostgreSQL SET LOCAL ROLE, MariaDB/MySQL SET ROLE for the query only; a simple identifier; administrator only"),
    FUNCTIONS_ALLOW("nl.functions.allow", null, Narrowing.ADMIN_ONLY, "Comma-separated functions of the administrator's own, known to be pure, that NL queries may call besides the built-ins the guard allows (public.fiscal_year); administrator only"),
    EXAMPLES_URL("nl.examples.url", null, Narrowing.ADMIN_ONLY, "JDBC URL of the database that keeps verified examples (NL REMEMBER, NL FORGET, NL EXAMPLES) for everyone who asks this database; its table nl_verified_examples is created if absent; administrator only"),
    SEMANTICS("nl.semantics", null, Narrowing.ADMIN_ONLY, "Path of a semantics file (YAML or JSON): table and column descriptions, synonyms, metrics, named filters, default time columns and verified examples, used by retrieval and the model's prompt under the policy; administrator only"),
    AUDIT("nl.audit", "on", Narrowing.ADMIN_ONLY, "One JSON line per NL statement to the SLF4J logger org.nljdbc.audit at INFO (who asked what, the SQL, verdict, tokens, cost; never a secret or a bound value): on or off; administrator only", "on", "off"),
    LLM_PRICE("nl.llm.price", null, Narrowing.ADMIN_WINS, "Price of a million input and a million output tokens, e.g. 2.50,10.00 (an example, not any provider's price), for the estimated cost per question; unset means cost 0"),
    LLM_BUDGET("nl.llm.budget", null, Narrowing.ADMIN_ONLY, "Model spending allowed per hour in this process, and with nl.cache.redis in every process sharing that Redis: tokens (200000 tokens) or money (5.00, priced by nl.llm.price); once spent, model calls are refused with SQLState 53400 while LLM-free and cached answers keep working; a Redis that does not answer leaves each process its own count; administrator only"),
    LLM_BUDGET_NAME("nl.llm.budgetName", "default", Narrowing.ADMIN_ONLY, "Name of the nl.llm.budget that data sources and processes with the same name draw on together (1 to 64 letters, digits, _ . -); administrator only"),
    METRICS("nl.metrics", "on", Narrowing.ADMIN_ONLY, "Whether this configuration's questions, stages and model calls are counted: in the JMX MBean org.nljdbc:type=Statistics, NL STATS and the host's Micrometer registry; off records nothing (the audit trail is nl.audit); administrator only", "on", "off"),
    CONFIG("nl.config", null, Narrowing.ADMIN_ONLY, "Path of a properties file with any of these settings (and secrets such as nl.llm.apiKey)");

    /** Every constant by its exact name, built once; two constants with one name fail the class's loading. */
    private static final Map<String, NlProperty> BY_NAME;

    static {
        Map<String, NlProperty> m = new HashMap<>();
        for (NlProperty p : values()) {
            NlProperty previous = m.put(p.key, p);
            if (previous != null) {
                throw new IllegalStateException("two nl.* settings share the name " + p.key + ": " + previous
                        + " and " + p);
            }
        }
        BY_NAME = Map.copyOf(m);
    }

    private final String key;
    private final String defaultValue;
    private final Narrowing narrowing;
    private final String description;
    private final String[] choices;

    NlProperty(String key, String defaultValue, Narrowing narrowing, String description, String... choices) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.narrowing = narrowing;
        this.description = description;
        this.choices = choices.length == 0 ? null : choices;
    }

    /** The setting with exactly this name (names are case-sensitive), if there is one. */
    public static Optional<NlProperty> forName(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /**
     * The setting with exactly this name; an unknown or mis-cased {@code nl.*} name is an error that names the
     * nearest known setting, so a mistyped {@code nl.tables.deny} is never silently ignored.
     *
     * @param where where the name was given, for the message ("the URL", "the nl.config file", ...)
     */
    static NlProperty require(String name, String where) throws SQLException {
        Optional<NlProperty> p = forName(name);
        if (p.isPresent()) {
            return p.get();
        }
        throw new SQLNonTransientConnectionException("unknown setting " + name + "; did you mean " + nearest(name).key
                + "? (given in " + where + ")", "HY024");
    }

    /** The known setting whose name is fewest edits away (ignoring case, so a mis-cased name finds itself). */
    static NlProperty nearest(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        NlProperty best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (NlProperty p : values()) {
            int d = editDistance(n, p.key.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = p;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance, two rows. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** How a URL value of this setting combines with the administrator's. */
    Narrowing narrowing() {
        return narrowing;
    }

    /** The allowed values, widest first where they are ordered; empty when any value goes. */
    java.util.List<String> choices() {
        return choices == null ? java.util.List.of() : java.util.List.of(choices);
    }

    /** The property's name, e.g. {@code nl.maxRows}. */
    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The value in {@code props}, or the default. */
    public String get(Properties props) {
        String v = props.getProperty(key);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    public int getInt(Properties props) throws java.sql.SQLException {
        String v = get(props);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new java.sql.SQLNonTransientConnectionException(key + " must be a whole number, got \"" + v + "\"", "HY024");
        }
    }

    public long getLong(Properties props) throws java.sql.SQLException {
        String v = get(props);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new java.sql.SQLNonTransientConnectionException(key + " must be a whole number, got \"" + v + "\"", "HY024");
        }
    }

    public boolean getBoolean(Properties props) {
        return Boolean.parseBoolean(get(props));
    }

    /** The value as one of the allowed choices, lower-cased; a value outside them is a clear error. */
    public String getChoice(Properties props) throws java.sql.SQLException {
        String v = get(props).toLowerCase(Locale.ROOT);
        if (choices != null && !java.util.Arrays.asList(choices).contains(v)) {
            throw new java.sql.SQLNonTransientConnectionException(key + " must be one of "
                    + String.join(", ", choices) + ", got \"" + v + "\"", "HY024");
        }
        return v;
    }

    /** Comma-separated values, trimmed, empty entries dropped. */
    public java.util.List<String> getList(Properties props) {
        String v = get(props);
        if (v == null) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    DriverPropertyInfo toDriverPropertyInfo(Properties props) {
        String value = props.getProperty(key, defaultValue);
        if (this == LLM_API_KEY && value != null) {
            value = "****";
        }
        DriverPropertyInfo info = new DriverPropertyInfo(key, value);
        info.description = description;
        info.required = false;
        info.choices = choices == null ? null : choices.clone();
        return info;
    }

    /** True for names this driver owns ({@code nl.} prefix), which are never passed to the delegate. */
    static boolean isOurs(String name) {
        return name != null && name.regionMatches(true, 0, "nl.", 0, 3);
    }
}
