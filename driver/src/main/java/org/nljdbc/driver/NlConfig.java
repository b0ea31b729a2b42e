package org.nljdbc.driver;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.nljdbc.guard.Policy;
import org.nljdbc.translator.llm.LlmSettings;

/**
 * The driver's settings for one connection: {@code nl.*} values merged from the config file
 * ({@code nl.config}, lowest), the connection {@code Properties}, and the URL (highest); and the
 * delegate's own properties with ours removed.
 */
final class NlConfig {
    private final Properties settings;
    private final Properties delegateProperties;
    private final Map<String, String> environment;

    private NlConfig(Properties settings, Properties delegateProperties, Map<String, String> environment) {
        this.settings = settings;
        this.delegateProperties = delegateProperties;
        this.environment = environment;
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
                    given.setProperty(name, info.getProperty(name));
                } else {
                    delegate.setProperty(name, info.getProperty(name));
                }
            }
        }
        given.putAll(url.settings());
        Properties merged = new Properties();
        String configPath = given.getProperty(NlProperty.CONFIG.key());
        if (configPath != null && !configPath.isBlank()) {
            merged.putAll(readConfigFile(Path.of(configPath.trim())));
        }
        merged.putAll(given);
        return new NlConfig(merged, delegate, environment);
    }

    private static Properties readConfigFile(Path path) throws SQLException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path)) {
            p.load(r);
        } catch (IOException e) {
            throw new SQLNonTransientConnectionException("cannot read nl.config file " + path + ": "
                    + e.getClass().getSimpleName(), "08001", e);
        }
        Properties ours = new Properties();
        for (String name : p.stringPropertyNames()) {
            if (NlProperty.isOurs(name)) {
                ours.setProperty(name, p.getProperty(name));
            }
        }
        return ours;
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
                NlProperty.SYSTEM_CATALOGS.getBoolean(settings));
    }

    LlmSettings llm() throws SQLException {
        String provider = NlProperty.LLM_PROVIDER.getChoice(settings);
        String keyValue = settings.getProperty(NlProperty.LLM_API_KEY.key());
        if (keyValue == null || keyValue.isBlank()) {
            String env = get(NlProperty.LLM_API_KEY_ENV);
            if (env == null) {
                env = provider.equals("anthropic") ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
            }
            keyValue = environment.get(env);
        }
        return new LlmSettings(provider, get(NlProperty.LLM_BASE_URL), get(NlProperty.LLM_MODEL),
                new LlmSettings.Secret(keyValue), Duration.ofSeconds(getInt(NlProperty.LLM_TIMEOUT_SECONDS)),
                getInt(NlProperty.LLM_MAX_ATTEMPTS));
    }

    Passthrough passthrough() throws SQLException {
        return Passthrough.valueOf(NlProperty.PASSTHROUGH.getChoice(settings).toUpperCase(Locale.ROOT));
    }

    /**
     * Identity of the settings that shape translations (everything but secrets), so connections with the
     * same settings to the same database share one runtime.
     */
    String runtimeKey(String delegateUrl, String user) {
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
        for (String n : settings.stringPropertyNames()) {
            if (!n.equalsIgnoreCase(NlProperty.LLM_API_KEY.key())) {
                sorted.put(n, settings.getProperty(n));
            }
        }
        String key = settings.getProperty(NlProperty.LLM_API_KEY.key());
        return delegateUrl + "|" + user + "|" + sorted + "|key#" + (key == null ? 0 : key.hashCode());
    }

    /** What plain SQL may do. */
    enum Passthrough { ALLOW, READONLY, DENY }
}
