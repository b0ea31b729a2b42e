package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Functions are allowed, not denied: on real PostgreSQL a user-defined function is refused as the model's SQL
 * whatever it does, built-ins on the dialect's list run, and an administrator's {@code nl.functions.allow} admits
 * their own pure function (but cannot be given in the URL).
 */
class FunctionAllowlistEndToEndTest {

    private static Properties props(ScriptedLlmServer llm, String... extra) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        // Many model calls in one JVM for one database user: the per-user rate limit is not what this tests.
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "1.1");
        for (int i = 0; i < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return p;
    }

    private static void shop(TestDb db) throws SQLException {
        db.exec("CREATE TABLE orders (id INT, placed DATE, amount INT)",
                "INSERT INTO orders VALUES (1, DATE '2024-03-01', 10), (2, DATE '2025-07-01', 20)",
                "CREATE FUNCTION fiscal_year(d DATE) RETURNS INT LANGUAGE sql IMMUTABLE AS "
                        + "$$ SELECT CAST(EXTRACT(YEAR FROM d) AS INT) + CASE WHEN EXTRACT(MONTH FROM d) >= 7 THEN 1 "
                        + "ELSE 0 END $$");
    }

    @Test
    void aUserDefinedFunctionIsRefusedUnlessTheAdministratorAllowsIt() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "fnallow")) {
            shop(db);
            llm.reply("SELECT fiscal_year(placed) AS fy, sum(amount) AS total FROM orders GROUP BY 1 ORDER BY 1");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props(llm));
                 Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: revenue by fiscal year"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("fiscal_year") && e.getMessage().contains("nl.functions.allow"),
                        e.getMessage());
            }
            llm.reply("SELECT fiscal_year(placed) AS fy, sum(amount) AS total FROM orders GROUP BY 1 ORDER BY 1");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props(llm, "nl.functions.allow", "fiscal_year"));
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: revenue by fiscal year")) {
                assertTrue(rs.next());
                assertEquals(2024, rs.getInt("fy"));
                assertTrue(rs.next());
                assertEquals(2026, rs.getInt("fy"));
            }
        }
    }

    @Test
    void builtInsOnTheListRunAndAServerSettingsFunctionDoesNot() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "fnbuiltin")) {
            shop(db);
            llm.reply("SELECT date_trunc('year', placed) AS y, round(avg(amount), 1) AS a FROM orders GROUP BY 1");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props(llm));
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: average by year")) {
                assertTrue(rs.next());
            }
            for (String leak : new String[] {"SELECT name, setting FROM pg_show_all_settings()",
                    "SELECT pid, query FROM pg_stat_get_activity(NULL)", "SELECT current_setting('data_directory')"}) {
                llm.reply(leak);
                try (Connection c = DriverManager.getConnection(db.nlUrl(), props(llm));
                     Statement s = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: server settings"),
                            leak);
                    assertEquals("42501", e.getSQLState(), leak + ": " + e.getMessage());
                }
            }
        }
    }

    @Test
    void theUrlCannotAllowAFunction() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "fnurl")) {
            String sep = db.nlUrl().contains("?") ? "&" : "?";
            SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    db.nlUrl() + sep + "nl.functions.allow=bump", props(llm)).close());
            assertEquals("28000", e.getSQLState(), e.getMessage());
        }
    }
}
