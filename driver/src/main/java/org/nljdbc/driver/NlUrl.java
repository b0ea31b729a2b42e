package org.nljdbc.driver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A {@code jdbc:nl:<rest>} URL split into the delegate's URL ({@code jdbc:<rest>}) and our {@code nl.*} settings.
 * Settings may appear as query parameters ({@code ?nl.maxRows=10&sslmode=require}) or, for drivers such as H2
 * that use them, as {@code ;nl.maxRows=10} segments; either way they are removed before the delegate sees the URL.
 */
record NlUrl(String delegateUrl, Properties settings) {
    static final String PREFIX = "jdbc:nl:";

    static boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    static NlUrl parse(String url) throws SQLException {
        if (!accepts(url)) {
            throw new SQLException("not an nljdbc URL (it must start with jdbc:nl:)", "08001");
        }
        String rest = url.substring(PREFIX.length());
        Properties settings = new Properties();
        // Query string first: "?a=b&nl.x=y".
        int q = rest.indexOf('?');
        String base = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);
        base = stripSemicolonSettings(base, settings);
        List<String> kept = new ArrayList<>();
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String key = decode(eq < 0 ? part : part.substring(0, eq));
                if (NlProperty.isOurs(key)) {
                    if (key.equalsIgnoreCase(NlProperty.LLM_API_KEY.key())) {
                        throw new SQLException("refused: an API key does not belong in a JDBC URL (URLs are shown and "
                                + "logged by tools); name an environment variable with nl.llm.apiKeyEnv or use nl.config",
                                "28000");
                    }
                    settings.setProperty(key, eq < 0 ? "true" : decode(part.substring(eq + 1)));
                } else {
                    kept.add(part);
                }
            }
        }
        String delegate = "jdbc:" + base + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new NlUrl(delegate, settings);
    }

    private static String stripSemicolonSettings(String base, Properties settings) throws SQLException {
        if (base.indexOf(';') < 0) {
            return base;
        }
        String[] parts = base.split(";", -1);
        StringBuilder kept = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).trim();
            if (NlProperty.isOurs(key)) {
                if (key.equalsIgnoreCase(NlProperty.LLM_API_KEY.key())) {
                    throw new SQLException("refused: an API key does not belong in a JDBC URL; name an environment "
                            + "variable with nl.llm.apiKeyEnv or use nl.config", "28000");
                }
                settings.setProperty(key, eq < 0 ? "true" : part.substring(eq + 1).trim());
            } else {
                kept.append(';').append(part);
            }
        }
        return kept.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL with anything that looks like a credential hidden, for messages. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(?i)((?:password|pwd|apikey|api_key|nl\\.llm\\.apikey|token|secret)=)[^&;]*", "$1****")
                .replaceAll("//([^/@:]+):([^/@]*)@", "//$1:****@");
    }
}
