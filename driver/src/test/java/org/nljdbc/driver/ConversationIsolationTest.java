package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.driver.demo.ShopDatabase;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Issue 14: a question that names what it asks for is new whatever came before, and a conversation stays with the
 * person who had it (request boundaries, ApplicationName, idle time), also through an external HikariCP pool. No
 * model: the LLM-free translator answers, and follow-ups are edits.
 */
class ConversationIsolationTest {
    private static TestDb shop(Target target) throws SQLException {
        TestDb db = TestDatabases.fresh(target, "conviso");
        try (Connection c = db.open()) {
            ShopDatabase.create(c);
        }
        return db;
    }

    private static Properties settings() {
        Properties p = new Properties();
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.cache.maxEntries", "0");
        return p;
    }

    /**
     * The turn {@code question} refined, or 0 when it was taken as a question of its own (answered, or refused as one:
     * "top 3" alone names no table, and the LLM-free translator says so rather than that it is a follow-up).
     */
    private static int refines(Connection c, String question) throws SQLException {
        try (Statement s = c.createStatement()) {
            try {
                s.executeQuery("NL: " + question).close();
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("this question needs one: \"" + question)) {
                    return 0;
                }
                throw e;
            }
            NlResult r = s.unwrap(NlResult.class);
            return r.followUp() == null ? 0 : r.followUp().ofTurn();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void aCompleteQuestionAfterAnotherIsAnsweredOnItsOwn(Target target) throws SQLException {
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(), settings())) {
            assertEquals(0, refines(c, "Average price by category"));
            assertEquals(0, refines(c, "top 5 products by price"), "issue 14: was an edit of average price by category");
            try (Statement s = c.createStatement()) {
                s.executeQuery("NL: top 5 products by price").close();
                String sql = s.unwrap(NlResult.class).sql().toLowerCase(java.util.Locale.ROOT);
                assertTrue(sql.contains("order by price desc") && !sql.contains("avg("), sql);
            }
            // A fragment still refines the answer before it.
            assertEquals(3, refines(c, "top 3"));
        }
    }

    @Test
    void beginRequestAndEndRequestStartAFreshConversation() throws SQLException {
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), settings())) {
            refines(c, "Average price by category");
            c.beginRequest();
            assertEquals(0, refines(c, "top 3"), "a new borrower's fragment refines nothing");
            refines(c, "Average price by category");
            c.endRequest();
            assertEquals(0, refines(c, "top 3"));
        }
    }

    @Test
    void aNewApplicationNameStartsAFreshConversation() throws SQLException {
        try (TestDb db = shop(Target.POSTGRESQL); Connection c = DriverManager.getConnection(db.nlUrl(), settings())) {
            c.setClientInfo("ApplicationName", "alice");
            refines(c, "Average price by category");
            assertEquals(1, refines(c, "top 3"));
            c.setClientInfo("ApplicationName", "bob");
            assertEquals(0, refines(c, "top 3"));
        }
    }

    @Test
    void anIdleConversationIsForgotten() throws Exception {
        Properties p = settings();
        p.setProperty("nl.history.idleSeconds", "1");
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), p)) {
            refines(c, "Average price by category");
            Thread.sleep(1_500); // longer than nl.history.idleSeconds
            assertEquals(0, refines(c, "top 3"));
        }
    }

    @Test
    void idleSecondsIsRangeChecked() throws SQLException {
        Properties p = settings();
        p.setProperty("nl.history.idleSeconds", "-1");
        try (TestDb db = shop(Target.H2)) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(db.nlUrl(), p).close());
            assertTrue(e.getMessage().contains("nl.history.idleSeconds"), e.getMessage());
        }
    }

    @Test
    void aFollowUpNoEditCanMakeIsRefusedWithoutAModel() throws SQLException {
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), settings())) {
            refines(c, "Average price by category");
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> refines(c, "which one has the most?"));
            assertEquals("42000", e.getSQLState());
            assertTrue(e.getMessage().contains("needs a model") && e.getMessage().contains("complete question"),
                    e.getMessage());
        }
    }

    /** One physical connection, borrowed in turn by two users of an application's own HikariCP pool. */
    private static HikariDataSource pool(TestDb db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.nlUrl());
        config.setDataSourceProperties(settings());
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    @Test
    void anExternalHikariPoolWithoutRequestBoundariesLeaksUnlessTheBorrowerNamesItself() throws SQLException {
        try (TestDb db = shop(Target.POSTGRESQL); HikariDataSource ds = pool(db)) {
            try (Connection alice = ds.getConnection()) {
                refines(alice, "Average price by category");
            }
            try (Connection bob = ds.getConnection()) {
                // HikariCP calls no beginRequest by default: what nljdbc cannot see, it cannot reset (README).
                assertEquals(1, refines(bob, "top 3"), "documented: needs nl.history.turns=0 or request boundaries");
            }
            try (Connection alice = ds.getConnection()) {
                alice.setClientInfo("ApplicationName", "alice");
                refines(alice, "Average price by category");
            }
            try (Connection bob = ds.getConnection()) {
                bob.setClientInfo("ApplicationName", "bob");
                assertEquals(0, refines(bob, "top 3"), "a borrower that names itself starts afresh");
            }
        }
    }

    @Test
    void anExternalHikariPoolWithRequestBoundariesKeepsEachBorrowersConversation() throws SQLException {
        String property = "com.zaxxer.hikari.enableRequestBoundaries";
        System.setProperty(property, "true"); // read once, when the pool starts
        try (TestDb db = shop(Target.H2); HikariDataSource ds = pool(db)) {
            System.clearProperty(property);
            for (int user = 0; user < 3; user++) {
                try (Connection c = ds.getConnection()) {
                    assertEquals(0, refines(c, "top 3"), "user " + user + " sees no earlier borrower's turn");
                    refines(c, "Average price by category");
                    assertEquals(1, refines(c, "top 3"), "within one borrowing the conversation goes on");
                }
            }
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void aConversationOfTheFirstBorrowerIsNotNull() throws SQLException {
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), settings());
             Statement s = c.createStatement()) {
            s.executeQuery("NL: average price by category").close();
            assertNull(s.unwrap(NlResult.class).followUp());
        }
    }
}
