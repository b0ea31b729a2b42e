package org.nljdbc.driver;

import java.sql.DriverPropertyInfo;
import java.util.Locale;
import java.util.Properties;

/**
 * Every {@code nl.*} setting of the driver, with its default and description: the one place they are
 * defined. {@link NlDriver#getPropertyInfo} lists them; configuration files, URLs, {@code Properties} and
 * {@link NlDataSource} all use these names.
 */
public enum NlProperty {
    LLM_PROVIDER("nl.llm.provider", "none", "LLM provider: openai (any OpenAI-compatible endpoint, Ollama included), anthropic, or none (LLM-free translator only)", "openai", "anthropic", "none"),
    LLM_BASE_URL("nl.llm.baseUrl", null, "Provider endpoint, e.g. http://localhost:11434/v1 for Ollama; defaults to the provider's public API"),
    LLM_MODEL("nl.llm.model", null, "Model name sent to the provider"),
    LLM_API_KEY_ENV("nl.llm.apiKeyEnv", null, "Name of the environment variable that holds the API key (default OPENAI_API_KEY or ANTHROPIC_API_KEY); the key itself is never put in a URL"),
    LLM_API_KEY("nl.llm.apiKey", null, "API key itself: accepted from nl.config or connection Properties, refused in the URL; never logged or shown"),
    LLM_TIMEOUT_SECONDS("nl.llm.timeoutSeconds", "60", "Timeout of one LLM call, in seconds"),
    LLM_MAX_ATTEMPTS("nl.llm.maxAttempts", "3", "Attempts per question, repairs included"),
    MAX_ROWS("nl.maxRows", "1000", "LIMIT enforced on every NL query (a larger limit is clamped)"),
    QUERY_TIMEOUT_SECONDS("nl.queryTimeoutSeconds", "30", "Query timeout for NL queries on the database, in seconds"),
    MAX_RESULT_BYTES("nl.maxResultBytes", "16777216", "Result-size ceiling for NL queries, in bytes"),
    PASSTHROUGH("nl.passthrough", "allow", "Plain SQL: allow (untouched), readonly (guarded like NL SQL), deny", "allow", "readonly", "deny"),
    TABLES_ALLOW("nl.tables.allow", null, "Comma-separated tables or globs (hr.*) that NL queries may read; empty means all"),
    TABLES_DENY("nl.tables.deny", null, "Comma-separated tables or globs that NL queries may never read"),
    COLUMNS_MASK("nl.columns.mask", null, "Comma-separated table.column whose values are masked and never usable in filters"),
    TENANT_COLUMN("nl.tenant.column", null, "Column that, where a table has it, filters every NL query to nl.tenant.value"),
    TENANT_VALUE("nl.tenant.value", null, "Tenant value bound for nl.tenant.column"),
    SYSTEM_CATALOGS("nl.systemCatalogs", "false", "Whether NL queries may read system catalogs (information_schema, pg_catalog, ...)", "true", "false"),
    RETRIEVAL_MAX_PROMPT_TOKENS("nl.retrieval.maxPromptTokens", "3000", "Schema budget of a prompt, in tokens: a schema that fits is sent whole"),
    RATE_LIMIT_PER_MINUTE("nl.rateLimit.perMinute", "60", "LLM calls allowed per minute, per connection and per user; 0 for no limit"),
    CACHE_TTL_SECONDS("nl.cache.ttlSeconds", "3600", "How long a translation is reused for the same question, schema and policy"),
    CACHE_MAX_ENTRIES("nl.cache.maxEntries", "10000", "Most translations kept in the cache; 0 disables it"),
    HISTORY_TURNS("nl.history.turns", "10", "Questions (with their SQL and result shape) a connection remembers so that follow-ups such as \"now only 2023\" refine the previous answer; 0 turns follow-ups off"),
    HISTORY_RESET_ON_RETURN("nl.history.resetOnReturn", "true", "Whether a pooled connection starts a fresh conversation at each checkout from NlDataSource (false is not supported yet: every checkout is a new conversation)", "true", "false"),
    CATALOG_SCHEMAS("nl.catalog.schemas", null, "Comma-separated schemas whose tables NL questions may use; default the connection's current schema"),
    CATALOG_SAMPLE_VALUES("nl.catalog.sampleValues", "true", "Whether a few distinct values of short text columns are read, so questions can name them (\"in Brazil\")", "true", "false"),
    SYMBOLIC_MIN_CONFIDENCE("nl.symbolic.minConfidence", "0.7", "Confidence (0 to 1) the LLM-free translator needs to answer; below it the LLM answers (or, with none, the question is declined); above 1 the LLM always answers"),
    COST_EXPLAIN("nl.cost.explain", "false", "Ask the database to EXPLAIN each NL query before it runs (PostgreSQL, MySQL, MariaDB), for the cost estimate and nl.maxCost", "true", "false"),
    MAX_COST("nl.maxCost", null, "Cost ceiling: an NL query estimated above it is refused with the estimate (the database's cost when nl.cost.explain is on, else Calcite's)"),
    CATALOG_TTL_SECONDS("nl.catalog.ttlSeconds", "600", "How long the schema catalog is reused before it is read again"),
    ROLE("nl.role", null, "Database role NL queries (and plain SQL under nl.passthrough=readonly) run under: PostgreSQL SET LOCAL ROLE, MariaDB/MySQL SET ROLE for the query only; a simple identifier"),
    CONFIG("nl.config", null, "Path of a properties file with any of these settings (and secrets such as nl.llm.apiKey)");

    private final String key;
    private final String defaultValue;
    private final String description;
    private final String[] choices;

    NlProperty(String key, String defaultValue, String description, String... choices) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.choices = choices.length == 0 ? null : choices;
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
