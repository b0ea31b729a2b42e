package org.nljdbc.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.nljdbc.guard.Policy;
import org.nljdbc.translator.llm.LlmSettings;

/**
 * The driver's settings for one connection, and the delegate's own properties with ours removed.
 *
 * <p>Two sources, two owners. The connection {@code Properties} (and the {@code nl.config} file they may name,
 * which they override) are the administrator's: the application or BI data source that opens connections. The
 * URL's {@code nl.*} settings are the user's, who may narrow the administrator's policy but never widen it; how
 * each setting narrows is its {@link NlProperty#narrowing()}. Every {@code nl.*} name, wherever given, must be a
 * known setting.
 */
final class NlConfig {
    /** Largest {@code nl.config} file read; checked before reading, so a device or a huge file fails fast. */
    static final long MAX_CONFIG_BYTES = 1024 * 1024;
    /** Variables a URL's {@code nl.llm.apiKeyEnv} may always name: the providers' own. */
    static final java.util.Set<String> PROVIDER_KEY_VARIABLES = java.util.Set.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY");

    private final Properties settings;
    private final Properties delegateProperties;
    private final String apiKey;

    private NlConfig(Properties settings, Properties delegateProperties, String apiKey) {
        this.settings = settings;
        this.delegateProperties = delegateProperties;
        this.apiKey = apiKey;
    }

    static NlConfig from(NlUrl url, Properties info) throws SQLException {
        return from(url, info, System.getenv());
    }

    static NlConfig from(NlUrl url, Properties info, Map<String, String> environment) throws SQLException {
        Properties given = new Properties();
        Properties delegate = new Properties();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                if (NlProperty.isOurs(name)) {
                    NlProperty.require(name, "the connection Properties");
                    given.setProperty(name, info.getProperty(name));
                } else {
                    delegate.setProperty(name, info.getProperty(name));
                }
            }
        }
        Properties user = url.settings();
        for (String name : user.stringPropertyNames()) {
            NlProperty p = NlProperty.require(name, "the URL");
            if (p.narrowing() == Narrowing.ADMIN_ONLY) {
                // Before anything is read: a URL never makes the driver open a file.
                p.narrowing().combine(p, null, user.getProperty(name));
            }
        }
        Properties admin = new Properties();
        String configPath = given.getProperty(NlProperty.CONFIG.key());
        if (configPath != null && !configPath.isBlank()) {
            admin.putAll(readConfigFile(Path.of(configPath.trim())));
        }
        admin.putAll(given);
        Properties merged = new Properties();
        for (String name : admin.stringPropertyNames()) {
            if (!admin.getProperty(name).isBlank()) {
                merged.setProperty(name, admin.getProperty(name));
            }
        }
        for (String name : user.stringPropertyNames()) {
            String value = user.getProperty(name);
            if (value.isBlank()) {
                continue; // "?nl.tables.deny=" says nothing; it cannot empty the administrator's list
            }
            NlProperty p = NlProperty.require(name, "the URL");
            merged.setProperty(name, p.narrowing().combine(p, merged.getProperty(name), value));
        }
        checkTenantPair(admin, user);
        String apiKey = apiKey(merged, admin, user, environment);
        return new NlConfig(merged, delegate, apiKey);
    }

    /** The tenant filter is one setting in two parts: if the administrator set either, the URL sets neither. */
    private static void checkTenantPair(Properties admin, Properties user) throws SQLException {
        NlProperty[] pair = {NlProperty.TENANT_COLUMN, NlProperty.TENANT_VALUE};
        boolean adminSet = isSet(admin, pair[0]) || isSet(admin, pair[1]);
        for (NlProperty p : pair) {
            if (adminSet && isSet(user, p) && !isSet(admin, p)) {
                throw Narrowing.widening(p, "the administrator set the tenant filter, so the URL may not change it");
            }
        }
    }

    /**
     * The API key to send, or null. A key goes only to an endpoint the administrator chose or to the provider's
     * public default: with {@code nl.llm.baseUrl} from the URL, no key is attached (a local Ollama needs none). A
     * URL's {@code nl.llm.apiKeyEnv} may name only a provider's variable or one the administrator allowed, so the
     * URL cannot send, say, the database password to the model endpoint.
     */
    private static String apiKey(Properties merged, Properties admin, Properties user, Map<String, String> env)
            throws SQLException {
        if (isSet(user, NlProperty.LLM_BASE_URL) && !isSet(admin, NlProperty.LLM_BASE_URL)) {
            return null;
        }
        String key = merged.getProperty(NlProperty.LLM_API_KEY.key());
        if (key != null && !key.isBlank()) {
            return key;
        }
        String variable = NlProperty.LLM_API_KEY_ENV.get(merged);
        if (variable != null && isSet(user, NlProperty.LLM_API_KEY_ENV) && !isSet(admin, NlProperty.LLM_API_KEY_ENV)
                && !PROVIDER_KEY_VARIABLES.contains(variable)
                && !NlProperty.LLM_API_KEY_ENV_ALLOWED.getList(merged).contains(variable)) {
            throw Narrowing.widening(NlProperty.LLM_API_KEY_ENV, "the URL may name only "
                    + String.join(" or ", new java.util.TreeSet<>(PROVIDER_KEY_VARIABLES))
                    + " or a variable in the administrator's nl.llm.apiKeyEnvAllowed, not " + variable);
        }
        if (variable == null) {
            variable = NlProperty.LLM_PROVIDER.getChoice(merged).equals("anthropic") ? "ANTHROPIC_API_KEY"
                    : "OPENAI_API_KEY";
        }
        return env.get(variable);
    }

    private static boolean isSet(Properties p, NlProperty property) {
        String v = p.getProperty(property.key());
        return v != null && !v.isBlank();
    }

    private static Properties readConfigFile(Path path) throws SQLException {
        byte[] bytes;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new SQLNonTransientConnectionException("nl.config " + path + " is not a regular file "
                        + "(directories, devices and pipes are refused)", "HY024");
            }
            if (attributes.size() > MAX_CONFIG_BYTES) {
                throw tooLarge(path);
            }
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes((int) MAX_CONFIG_BYTES + 1);
            }
        } catch (IOException e) {
            throw new SQLNonTransientConnectionException("cannot read nl.config file " + path + ": "
                    + e.getClass().getSimpleName(), "08001", e);
        }
        if (bytes.length > MAX_CONFIG_BYTES) {
            throw tooLarge(path); // it grew after the size check
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new SQLNonTransientConnectionException("nl.config file " + path + " is not a properties file: "
                    + e.getMessage(), "HY024", e);
        }
        Properties ours = new Properties();
        for (String name : p.stringPropertyNames()) {
            if (NlProperty.isOurs(name)) {
                if (NlProperty.require(name, "the nl.config file " + path) == NlProperty.CONFIG) {
                    throw new SQLNonTransientConnectionException("nl.config file " + path
                            + " names another nl.config; files do not include one another", "HY024");
                }
                ours.setProperty(name, p.getProperty(name));
            }
        }
        return ours;
    }

    private static SQLException tooLarge(Path path) {
        return new SQLNonTransientConnectionException("nl.config " + path + " is larger than " + MAX_CONFIG_BYTES
                + " bytes; a settings file is a few lines", "HY024");
    }

    Properties settings() {
        return settings;
    }

    Properties delegateProperties() {
        return delegateProperties;
    }

    String get(NlProperty p) {
        return p.get(settings);
    }

    int getInt(NlProperty p) throws SQLException {
        return p.getInt(settings);
    }

    Policy policy() throws SQLException {
        int maxRows = getInt(NlProperty.MAX_ROWS);
        if (maxRows <= 0) {
            throw new SQLNonTransientConnectionException("nl.maxRows must be positive, got " + maxRows, "HY024");
        }
        return new Policy(maxRows, NlProperty.TABLES_ALLOW.getList(settings), NlProperty.TABLES_DENY.getList(settings),
                NlProperty.COLUMNS_MASK.getList(settings), get(NlProperty.TENANT_COLUMN), get(NlProperty.TENANT_VALUE),
                NlProperty.SYSTEM_CATALOGS.getBoolean(settings), NlProperty.FUNCTIONS_ALLOW.getList(settings));
    }

    LlmSettings llm() throws SQLException {
        String provider = NlProperty.LLM_PROVIDER.getChoice(settings);
        return new LlmSettings(provider, get(NlProperty.LLM_BASE_URL), get(NlProperty.LLM_MODEL),
                new LlmSettings.Secret(apiKey), Duration.ofSeconds(getInt(NlProperty.LLM_TIMEOUT_SECONDS)),
                getInt(NlProperty.LLM_MAX_ATTEMPTS));
    }

    Passthrough passthrough() throws SQLException {
        return Passthrough.valueOf(NlProperty.PASSTHROUGH.getChoice(settings).toUpperCase(Locale.ROOT));
    }

    /**
     * Identity of the settings that shape translations (everything but secrets, plus a digest of the key that
     * will be sent), so connections with the same settings to the same database share one runtime, and a
     * connection whose key was withheld never shares the runtime of one that sends it.
     */
    String runtimeKey(String delegateUrl, String user) {
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
        for (String n : settings.stringPropertyNames()) {
            if (!n.equals(NlProperty.LLM_API_KEY.key())) {
                sorted.put(n, settings.getProperty(n));
            }
        }
        return delegateUrl + "|" + user + "|" + sorted + "|key#" + digest(apiKey);
    }

    private static String digest(String secret) {
        if (secret == null) {
            return "none";
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What plain SQL may do. */
    enum Passthrough { ALLOW, READONLY, DENY }
}
