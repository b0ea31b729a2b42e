package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Feedback from the SQL editor on PostgreSQL: {@code NL REMEMBER} stores the last answer as a verified example in the
 * administrator's store ({@code nl.examples.url}, a table created if absent), a second, independent driver runtime
 * (fresh caches, no model) reuses it for the same or nearly the same question, a policy that now denies its table
 * refuses it, and {@code NL FORGET} removes it.
 */
class VerifiedExamplesTest {
    private static final String QUESTION = "What is the average order value?";

    private static Properties settings(TestDb store, String distinct) {
        Properties p = new Properties();
        p.setProperty("nl.examples.url", store.url());
        p.setProperty("nl.rateLimit.perMinute", "0");
        // A setting no other connection here shares: its own runtime, translator and caches, as another process.
        p.setProperty("nl.cache.ttlSeconds", distinct);
        return p;
    }

    @Test
    void rememberedAnswerIsReusedByAnotherRuntimeWithoutAModelAndForgotten() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "know_data");
             TestDb store = TestDatabases.fresh(Target.POSTGRESQL, "know_store")) {
            db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER, status VARCHAR(20))",
                    "INSERT INTO orders VALUES (1, 10, 'paid'), (2, 30, 'paid'), (3, 50, 'refunded')");
            llm.reply("SELECT AVG(total) AS average_order_value FROM orders WHERE status <> 'refunded'");
            Properties withModel = settings(store, "3601");
            withModel.setProperty("nl.llm.provider", "openai");
            withModel.setProperty("nl.llm.baseUrl", llm.baseUrl());
            withModel.setProperty("nl.llm.model", "m");
            withModel.setProperty("nl.symbolic.minConfidence", "2");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), withModel); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
                    assertTrue(rs.next());
                    assertEquals(20, rs.getInt(1));
                }
                assertEquals("llm", s.unwrap(NlResult.class).source());
                try (ResultSet rs = s.executeQuery("NL REMEMBER")) {
                    assertTrue(rs.next());
                    assertEquals("remembered", rs.getString("status"));
                    assertEquals(QUESTION, rs.getString("question"));
                }
                try (ResultSet rs = s.executeQuery("NL EXAMPLES")) {
                    assertTrue(rs.next());
                    assertEquals(QUESTION, rs.getString("question"));
                    assertEquals("SELECT AVG(total) AS average_order_value FROM orders WHERE status <> 'refunded'",
                            rs.getString("sql"), "the SQL before the guard's rewrites: LIMIT is added again on reuse");
                    assertFalse(rs.next());
                }
            }
            assertEquals(1, llm.requests().size());
            try (Connection plain = DriverManager.getConnection(store.url()); Statement s = plain.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM nl_verified_examples")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "the store's table was created and holds the example");
            }

            // Another runtime with no model at all: the nearly equal question is answered from the example.
            try (Connection c = DriverManager.getConnection(db.nlUrl(), settings(store, "3602"));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: what is the AVERAGE order values")) {
                assertTrue(rs.next());
                assertEquals(20, rs.getInt(1));
                NlResult r = s.unwrap(NlResult.class);
                assertEquals("example", r.source());
                assertTrue(r.sql().contains("LIMIT"), "the checkpoint's rewrites apply: " + r.sql());
            }
            assertEquals(1, llm.requests().size(), "no model call for a verified question");

            // A different question is not "nearly" the verified one.
            try (Connection c = DriverManager.getConnection(db.nlUrl(), settings(store, "3602"));
                 Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class,
                        () -> s.executeQuery("NL: What is the average order value in 2024?"));
                assertTrue(e.getMessage().contains("no LLM is configured"), e.getMessage());
            }

            // The policy now denies the example's table: refused, not run.
            Properties denying = settings(store, "3603");
            denying.setProperty("nl.tables.deny", "orders");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), denying); Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + QUESTION));
                assertEquals("42501", e.getSQLState(), e.getMessage());
                try (ResultSet rs = s.executeQuery("NL EXAMPLES")) {
                    assertFalse(rs.next(), "an example over a table this policy denies is not shown, SQL and literals");
                }
            }

            try (Connection c = DriverManager.getConnection(db.nlUrl(), settings(store, "3602"));
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL FORGET: what is the average order value")) {
                    assertTrue(rs.next());
                    assertEquals("forgotten", rs.getString("status"));
                }
                try (ResultSet rs = s.executeQuery("NL EXAMPLES")) {
                    assertFalse(rs.next(), "the example is gone");
                }
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + QUESTION));
                assertTrue(e.getMessage().contains("no LLM is configured"), e.getMessage());
            }
        }
    }

    @Test
    void underATenantFilterAnExampleBelongsToTheTenantThatRememberedIt() throws Exception {
        String question = "How much did Globex spend?";
        String sql = "SELECT SUM(total) AS spent FROM orders WHERE customer = 'Globex'";
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "know_tenant_data");
             TestDb store = TestDatabases.fresh(Target.POSTGRESQL, "know_tenant_store")) {
            db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, tenant_id INTEGER, customer VARCHAR(20), total INTEGER)",
                    "INSERT INTO orders VALUES (1, 2, 'Globex', 40), (2, 2, 'Globex', 2), (3, 1, 'Initech', 7)");
            llm.reply(sql);
            Properties t2 = tenant(settings(store, "3611"), "2");
            t2.setProperty("nl.llm.provider", "openai");
            t2.setProperty("nl.llm.baseUrl", llm.baseUrl());
            t2.setProperty("nl.llm.model", "m");
            t2.setProperty("nl.symbolic.minConfidence", "2");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), t2); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: " + question)) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getInt(1));
                }
                try (ResultSet rs = s.executeQuery("NL REMEMBER")) {
                    assertTrue(rs.next());
                    assertEquals("remembered", rs.getString("status"));
                }
            }
            // Tenant 1 shares the store: it does not see the example (nor tenant 2's literal), cannot reuse or forget it.
            try (Connection c = DriverManager.getConnection(db.nlUrl(), tenant(settings(store, "3612"), "1"));
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL EXAMPLES")) {
                    assertFalse(rs.next(), "another tenant's example is not listed");
                }
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + question));
                assertTrue(e.getMessage().contains("no LLM is configured"), "not reused: " + e.getMessage());
                assertFalse(e.getMessage().contains("Globex' "), e.getMessage());
                try (ResultSet rs = s.executeQuery("NL FORGET: " + question)) {
                    assertTrue(rs.next());
                    assertEquals("no such example", rs.getString("status"));
                }
            }
            // Tenant 2, in a runtime of its own without a model, still has it.
            try (Connection c = DriverManager.getConnection(db.nlUrl(), tenant(settings(store, "3613"), "2"));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: " + question)) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
                assertEquals("example", s.unwrap(NlResult.class).source());
            }
            assertEquals(1, llm.requests().size());
        }
    }

    private static Properties tenant(Properties p, String value) {
        p.setProperty("nl.tenant.column", "tenant_id");
        p.setProperty("nl.tenant.value", value);
        return p;
    }

    @Test
    void rememberNeedsAnAnsweredQuestionAndAStore() throws Exception {
        try (TestDb store = TestDatabases.fresh(Target.POSTGRESQL, "know_store2");
             Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:know_none", settings(store, "3604"));
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL REMEMBER"));
            assertTrue(e.getMessage().contains("ask it with NL: first"), e.getMessage());
        }
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:know_none"); Statement s = c.createStatement()) {
            // Listing without a store is empty; changing it says how to configure one.
            try (ResultSet rs = s.executeQuery("NL EXAMPLES")) {
                assertFalse(rs.next());
            }
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL FORGET: anything"));
            assertTrue(e.getMessage().contains("nl.examples.url"), e.getMessage());
        }
    }

    @Test
    void theStoreUrlIsTheAdministratorsOnly() {
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:know_url;nl.examples.url=jdbc:h2:mem:x"));
        assertEquals("28000", e.getSQLState(), e.getMessage());
    }
}
