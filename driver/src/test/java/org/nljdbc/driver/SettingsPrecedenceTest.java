package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Policy;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * {@code Properties} and {@code nl.config} are the administrator's; the URL is the user's and may narrow the
 * policy, never widen it.
 */
class SettingsPrecedenceTest {

    private static Properties admin(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static NlConfig config(String urlSettings, Properties admin) throws SQLException {
        return config(urlSettings, admin, Map.of());
    }

    private static NlConfig config(String urlSettings, Properties admin, Map<String, String> env) throws SQLException {
        return NlConfig.from(NlUrl.parse("jdbc:nl:h2:mem:p" + urlSettings), admin, env);
    }

    private static SQLException refused(String urlSettings, Properties admin) {
        SQLException e = assertThrows(SQLException.class, () -> config(urlSettings, admin));
        assertEquals("28000", e.getSQLState(), e.getMessage());
        return e;
    }

    // ---- end to end, through DriverManager ------------------------------------------------------------

    @Test
    void urlCannotWidenTheDenyListOrThePassthroughMode() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.H2, "prec")) {
            db.exec("CREATE TABLE secrets (id INT, pin VARCHAR(10))", "INSERT INTO secrets VALUES (1, '1234')",
                    "CREATE TABLE orders (id INT)", "INSERT INTO orders VALUES (7)");
            Properties admin = admin("nl.tables.deny", "secrets", "nl.passthrough", "readonly");

            SQLException widened = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(db.nlUrl() + "?nl.tables.deny=&nl.passthrough=allow", admin));
            assertEquals("28000", widened.getSQLState());
            assertTrue(widened.getMessage().contains("nl.passthrough"), widened.getMessage());

            try (Connection c = DriverManager.getConnection(db.nlUrl() + ";nl.tables.deny=", admin);
                 Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT pin FROM secrets"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
                try (ResultSet rs = s.executeQuery("SELECT id FROM orders")) {
                    assertTrue(rs.next());
                    assertEquals(7, rs.getInt(1));
                }
            }
            try (Connection c = DriverManager.getConnection(db.nlUrl() + ";nl.tables.deny=orders", admin);
                 Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT pin FROM secrets"));
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT id FROM orders"),
                        "the URL's entry joins the administrator's");
            }
        }
    }

    @Test
    void urlMayLowerTheRowLimitOnPostgresqlButNotRaiseIt() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "prec")) {
            db.exec("CREATE TABLE r (id INTEGER)", "INSERT INTO r SELECT generate_series(1, 10)");
            Properties admin = admin("nl.maxRows", "5", "nl.passthrough", "readonly");
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(db.nlUrl() + "&nl.maxRows=50", admin));
            assertEquals("28000", e.getSQLState());
            assertTrue(e.getMessage().contains("nl.maxRows") && e.getMessage().contains("5"), e.getMessage());
            try (Connection c = DriverManager.getConnection(db.nlUrl() + "&nl.maxRows=3", admin);
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM r")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(3, n);
            }
        }
    }

    @Test
    void aUrlEndpointReceivesNoApiKey() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.H2, "key")) {
            db.exec("CREATE TABLE t (id INT)");
            llm.reply("SELECT id FROM t").reply("SELECT id FROM t");
            Properties admin = admin("nl.llm.provider", "openai", "nl.llm.model", "m", "nl.llm.apiKey", "sk-admin",
                    "nl.symbolic.minConfidence", "2", "nl.llm.maxAttempts", "1");
            try (Connection c = DriverManager.getConnection(db.nlUrl() + ";nl.llm.baseUrl=" + llm.baseUrl(), admin);
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: every id")) {
                assertFalse(rs.next());
            }
            assertEquals(1, llm.requests().size());
            assertNull(llm.header(0, "Authorization"));
            assertNull(llm.header(0, "api-key"));
            assertNull(llm.header(0, "x-api-key"));

            // The same endpoint chosen by the administrator gets the key: the test above can fail.
            admin.setProperty("nl.llm.baseUrl", llm.baseUrl());
            try (Connection c = DriverManager.getConnection(db.nlUrl(), admin);
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: all the ids")) {
                assertFalse(rs.next());
            }
            assertEquals("Bearer sk-admin", llm.header(1, "Authorization"));
        }
    }

    // ---- the rule table, one rule at a time ---------------------------------------------------------------

    @Test
    void aKeyFromTheEnvironmentIsWithheldFromAUrlEndpoint() throws SQLException {
        NlConfig cfg = config(";nl.llm.provider=openai;nl.llm.baseUrl=http://127.0.0.1:9/v1", admin(),
                Map.of("OPENAI_API_KEY", "sk-env"));
        assertFalse(cfg.llm().apiKey().isPresent());
        NlConfig publicEndpoint = config(";nl.llm.provider=openai", admin(), Map.of("OPENAI_API_KEY", "sk-env"));
        assertEquals("sk-env", publicEndpoint.llm().apiKey().reveal(), "the provider's public endpoint gets the key");
    }

    @Test
    void theUrlMayNameOnlyAProviderKeyVariableOrOneTheAdministratorAllowed() throws SQLException {
        Map<String, String> env = Map.of("SOME_DB_PASSWORD", "hunter2", "OPENAI_API_KEY", "sk-env",
                "TEAM_KEY", "sk-team");
        SQLException e = assertThrows(SQLException.class,
                () -> config(";nl.llm.provider=openai;nl.llm.apiKeyEnv=SOME_DB_PASSWORD", admin(), env));
        assertEquals("28000", e.getSQLState());
        assertTrue(e.getMessage().contains("SOME_DB_PASSWORD"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());

        assertEquals("sk-env", config(";nl.llm.provider=openai;nl.llm.apiKeyEnv=OPENAI_API_KEY", admin(), env)
                .llm().apiKey().reveal());
        assertEquals("sk-team", config(";nl.llm.provider=openai;nl.llm.apiKeyEnv=TEAM_KEY",
                admin("nl.llm.apiKeyEnvAllowed", "TEAM_KEY"), env).llm().apiKey().reveal());
        assertEquals("hunter2", config(";nl.llm.provider=openai", admin("nl.llm.apiKeyEnv", "SOME_DB_PASSWORD"), env)
                .llm().apiKey().reveal(), "the administrator may name any variable");
    }

    @Test
    void theUrlMayNotAllowItselfMoreKeyVariables() {
        refused(";nl.llm.apiKeyEnvAllowed=SOME_DB_PASSWORD", admin());
    }

    @Test
    void theAdministratorsLlmEndpointCannotBeChangedFromTheUrl() throws SQLException {
        Properties admin = admin("nl.llm.provider", "openai", "nl.llm.baseUrl", "https://llm.example.com/v1",
                "nl.llm.model", "m1", "nl.llm.apiKeyEnv", "OPENAI_API_KEY");
        refused(";nl.llm.baseUrl=http://evil.example.com/v1", admin);
        refused(";nl.llm.model=m2", admin);
        refused(";nl.llm.provider=anthropic", admin);
        refused(";nl.llm.apiKeyEnv=ANTHROPIC_API_KEY", admin);
        NlConfig same = config(";nl.llm.baseUrl=https://llm.example.com/v1",
                admin, Map.of("OPENAI_API_KEY", "sk-env"));
        assertEquals("sk-env", same.llm().apiKey().reveal(), "repeating the administrator's endpoint changes nothing");
    }

    @Test
    void denyListsAndMasksAreTheUnionOfBoth() throws SQLException {
        Policy p = config(";nl.tables.deny=b;nl.columns.mask=t.y", admin("nl.tables.deny", "a",
                "nl.columns.mask", "t.x")).policy();
        assertEquals(List.of("a", "b"), p.denyTables());
        assertEquals(List.of("t.x", "t.y"), p.maskColumns());
    }

    @Test
    void anAllowListFromTheUrlMayOnlyNarrowTheAdministrators() throws SQLException {
        Properties admin = admin("nl.tables.allow", "orders,customers,hr.*");
        assertEquals(List.of("orders"), config(";nl.tables.allow=orders", admin).policy().allowTables());
        assertEquals(List.of("hr.staff"), config(";nl.tables.allow=hr.staff", admin).policy().allowTables());
        SQLException e = refused(";nl.tables.allow=orders,salaries", admin);
        assertTrue(e.getMessage().contains("salaries") && !e.getMessage().contains("orders,"), e.getMessage());
        refused(";nl.tables.allow=*", admin);
        assertEquals(List.of("orders", "customers", "hr.*"), config(";nl.tables.allow=", admin).policy().allowTables(),
                "an empty URL list is no list, not \"everything\"");
        assertEquals(List.of("x"), config(";nl.tables.allow=x", admin()).policy().allowTables(),
                "without an administrator's list the URL may set one");
    }

    @Test
    void limitsMayOnlyBeLowered() throws SQLException {
        Properties admin = admin("nl.queryTimeoutSeconds", "20", "nl.maxResultBytes", "1000",
                "nl.rateLimit.perMinute", "10", "nl.history.turns", "4", "nl.maxCost", "500");
        NlConfig lower = config(";nl.queryTimeoutSeconds=5;nl.maxResultBytes=10;nl.rateLimit.perMinute=1"
                + ";nl.history.turns=0;nl.maxCost=50.5", admin);
        assertEquals(5, lower.getInt(NlProperty.QUERY_TIMEOUT_SECONDS));
        assertEquals("50.5", lower.get(NlProperty.MAX_COST));
        refused(";nl.queryTimeoutSeconds=21", admin);
        refused(";nl.queryTimeoutSeconds=0", admin); // 0 is "no timeout", the widest of all
        refused(";nl.maxResultBytes=1001", admin);
        refused(";nl.rateLimit.perMinute=0", admin);
        refused(";nl.history.turns=5", admin);
        refused(";nl.maxCost=501", admin);
        SQLException aboveDefault = refused(";nl.maxRows=5000", admin());
        assertTrue(aboveDefault.getMessage().contains("default 1000"), aboveDefault.getMessage());
        assertEquals("HY024", assertThrows(SQLException.class, () -> config(";nl.maxRows=lots", admin())).getSQLState());
    }

    @Test
    void passthroughMovesOnlyTowardsDeny() throws SQLException {
        assertEquals(NlConfig.Passthrough.DENY, config(";nl.passthrough=deny", admin("nl.passthrough", "readonly"))
                .passthrough());
        refused(";nl.passthrough=allow", admin("nl.passthrough", "readonly"));
        refused(";nl.passthrough=readonly", admin("nl.passthrough", "deny"));
        assertEquals(NlConfig.Passthrough.READONLY, config(";nl.passthrough=readonly", admin()).passthrough());
    }

    @Test
    void systemCatalogsMayBeTurnedOffButNeverOnFromTheUrl() throws SQLException {
        refused(";nl.systemCatalogs=true", admin());
        refused(";nl.systemCatalogs=true", admin("nl.systemCatalogs", "false"));
        assertFalse(config(";nl.systemCatalogs=false", admin("nl.systemCatalogs", "true")).policy().allowSystemCatalogs());
    }

    @Test
    void theAdministratorsTenantFilterCannotBeChangedOrCompletedFromTheUrl() throws SQLException {
        Properties admin = admin("nl.tenant.column", "tenant_id", "nl.tenant.value", "42");
        refused(";nl.tenant.value=43", admin);
        refused(";nl.tenant.column=other_id", admin);
        refused(";nl.tenant.value=43", admin("nl.tenant.column", "tenant_id"));
        assertEquals("42", config(";nl.tenant.value=42", admin).policy().tenantValue());
    }

    @Test
    void otherSettingsComeFromTheUrlOnlyWhereTheAdministratorLeftThemUnset() throws SQLException {
        assertEquals("0.9", config(";nl.symbolic.minConfidence=0.9", admin()).get(NlProperty.SYMBOLIC_MIN_CONFIDENCE));
        refused(";nl.catalog.schemas=hr", admin("nl.catalog.schemas", "public"));
    }

    @Test
    void aConnectionWhoseKeyWasWithheldDoesNotShareARuntimeWithOneThatSendsIt() throws SQLException {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-env");
        NlConfig withheld = config(";nl.llm.provider=openai;nl.llm.baseUrl=http://127.0.0.1:9/v1", admin(), env);
        NlConfig sent = config(";nl.llm.provider=openai", admin("nl.llm.baseUrl", "http://127.0.0.1:9/v1"), env);
        assertNotNull(withheld.runtimeKey("jdbc:h2:mem:p", "u"));
        assertFalse(withheld.runtimeKey("jdbc:h2:mem:p", "u").equals(sent.runtimeKey("jdbc:h2:mem:p", "u")));
        assertFalse(sent.runtimeKey("jdbc:h2:mem:p", "u").contains("sk-env"));
    }
}
