package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NlDriverTest {

    @Test
    void isFoundByDriverManagerForNlUrlsOnly() throws SQLException {
        Driver d = DriverManager.getDriver("jdbc:nl:h2:mem:x");
        assertTrue(d instanceof NlDriver);
        assertTrue(d.acceptsURL("JDBC:NL:postgresql://h/db"));
        assertFalse(d.acceptsURL("jdbc:h2:mem:x"));
        assertNull(d.connect("jdbc:h2:mem:x", new Properties()), "a URL that is not ours must give null, per JDBC");
    }

    @Test
    void stripsNlSettingsFromQueryStringAndSemicolonSegments() throws SQLException {
        NlUrl pg = NlUrl.parse("jdbc:nl:postgresql://h:5432/db?sslmode=require&nl.maxRows=10&nl.llm.model=x%20y");
        assertEquals("jdbc:postgresql://h:5432/db?sslmode=require", pg.delegateUrl());
        assertEquals("10", pg.settings().getProperty("nl.maxRows"));
        assertEquals("x y", pg.settings().getProperty("nl.llm.model"));

        NlUrl h2 = NlUrl.parse("jdbc:nl:h2:mem:x;nl.maxRows=5;DB_CLOSE_DELAY=-1");
        assertEquals("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", h2.delegateUrl());
        assertEquals("5", h2.settings().getProperty("nl.maxRows"));
    }

    @Test
    void refusesApiKeyInUrlWithoutEchoingIt() {
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:k?nl.llm.apiKey=sk-secret-123"));
        assertEquals("28000", e.getSQLState());
        assertFalse(e.getMessage().contains("sk-secret-123"));
    }

    @Test
    void settingsNeverReachTheDelegate() throws SQLException {
        Properties p = new Properties();
        p.setProperty("nl.maxRows", "7");
        // H2 rejects unknown settings, so a leaked nl.* property would fail the connection.
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:strip;nl.passthrough=allow", p)) {
            assertTrue(c.isValid(2));
        }
    }

    @Test
    void propertyInfoListsEveryNlSettingAndTheDelegatesOwn() throws SQLException {
        DriverPropertyInfo[] info = new NlDriver().getPropertyInfo("jdbc:nl:postgresql://localhost:5432/test",
                new Properties());
        Map<String, DriverPropertyInfo> byName = Arrays.stream(info)
                .collect(Collectors.toMap(i -> i.name, i -> i, (a, b) -> a));
        for (NlProperty p : NlProperty.values()) {
            assertTrue(byName.containsKey(p.key()), p.key());
            assertTrue(byName.get(p.key()).description != null && !byName.get(p.key()).description.isBlank());
        }
        assertEquals("1000", byName.get("nl.maxRows").value);
        assertEquals(Set.of("allow", "readonly", "deny"), Set.of(byName.get("nl.passthrough").choices));
        assertTrue(byName.keySet().stream().anyMatch(n -> !n.startsWith("nl.")),
                "the PostgreSQL driver's own properties are listed too: " + byName.keySet());
    }

    @Test
    void propertyInfoNeverShowsAnApiKey() throws SQLException {
        Properties p = new Properties();
        p.setProperty("nl.llm.apiKey", "sk-secret-456");
        DriverPropertyInfo[] info = new NlDriver().getPropertyInfo("jdbc:nl:h2:mem:x", p);
        assertTrue(Arrays.stream(info).noneMatch(i -> "sk-secret-456".equals(i.value)));
    }

    @Test
    void unknownDelegateGivesAClearError() {
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:nosuchdb://host/db?password=hunter2"));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("no JDBC driver found"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void badSettingValueIsAClearError() {
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:bad;nl.passthrough=sometimes"));
        assertTrue(e.getMessage().contains("nl.passthrough must be one of allow, readonly, deny"), e.getMessage());
    }

    @Test
    void configFileSuppliesSettingsAndSecrets(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("nl.properties");
        java.nio.file.Files.writeString(file, "nl.maxRows=3\nnl.llm.apiKey=sk-from-file\n");
        Properties admin = new Properties();
        admin.setProperty("nl.config", file.toString());
        NlConfig cfg = NlConfig.from(NlUrl.parse("jdbc:nl:h2:mem:cfg"), admin, Map.of());
        assertEquals(3, cfg.policy().maxRows());
        assertEquals("sk-from-file", cfg.llm().apiKey().reveal());
        assertEquals("****", cfg.llm().apiKey().toString());
        assertFalse(cfg.llm().toString().contains("sk-from-file"));
    }

    @Test
    void apiKeyComesFromTheNamedEnvironmentVariable() throws SQLException {
        Properties admin = new Properties();
        admin.setProperty("nl.llm.apiKeyEnv", "MY_KEY");
        NlConfig cfg = NlConfig.from(NlUrl.parse("jdbc:nl:h2:mem:env?nl.llm.provider=openai"), admin,
                Map.of("MY_KEY", "sk-env"));
        assertEquals("sk-env", cfg.llm().apiKey().reveal());
    }
}
