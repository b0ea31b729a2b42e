package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * {@code nl.llm.budget} per fleet: processes that share {@code nl.cache.redis} and a budget name draw on one hourly
 * budget in Redis, and a Redis that does not answer leaves each process its own count without failing a question.
 * The other member of the fleet is a second JVM ({@link OtherProcess}), so nothing but Redis is shared.
 */
class FleetBudgetTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    /** Nothing listens on port 1: connections are refused at once. */
    private static final String DEAD_REDIS = "redis://127.0.0.1:1/0";

    private static Properties settings(ScriptedLlmServer llm, String redis, String budgetName, String budget) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.llm.apiKey", "sk-test-fleet");
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "2");
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.cache.redis", redis);
        p.setProperty("nl.llm.budgetName", budgetName);
        p.setProperty("nl.llm.budget", budget);
        return p;
    }

    private static int answer(Statement s, String question) throws SQLException {
        try (ResultSet rs = s.executeQuery(question)) {
            assertTrue(rs.next(), question);
            return rs.getInt(1);
        }
    }

    /** A member of the fleet in its own JVM: asks one question and prints {@code answered N} or {@code refused S}. */
    public static final class OtherProcess {
        public static void main(String[] args) throws Exception {
            Properties p = new Properties();
            p.setProperty("nl.llm.provider", "openai");
            p.setProperty("nl.llm.baseUrl", args[1]);
            p.setProperty("nl.llm.model", "m");
            p.setProperty("nl.llm.apiKey", "sk-test-fleet");
            p.setProperty("nl.llm.maxAttempts", "1");
            p.setProperty("nl.symbolic.minConfidence", "2");
            p.setProperty("nl.rateLimit.perMinute", "0");
            p.setProperty("nl.cache.redis", args[2]);
            p.setProperty("nl.llm.budgetName", args[3]);
            p.setProperty("nl.llm.budget", args[4]);
            try (Connection c = DriverManager.getConnection(args[0], p); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(args[5])) {
                rs.next();
                System.out.println("answered " + rs.getInt(1));
            } catch (SQLException e) {
                System.out.println("refused " + e.getSQLState());
            }
        }
    }

    private static String inOtherProcess(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                OtherProcess.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try {
            out = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the other process did not end");
        } finally {
            process.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return text;
    }

    @Test
    void aBudgetSpentByAnotherProcessRefusesTheModelWhileCachedAndLlmFreeQuestionsAnswer() throws Exception {
        requireRedis();
        String name = "fleet-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.POSTGRESQL,
                "fleet_budget")) {
            db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, price INTEGER)", "INSERT INTO items VALUES (1, 5)",
                    "INSERT INTO items VALUES (2, 9)");
            llm.reply("SELECT SUM(price) FROM items").reply("SELECT COUNT(*) FROM items");
            // One scripted call spends 120 tokens: this process alone (120) stays under 200, the fleet (240) does not.
            Properties here = settings(llm, REDIS, name, "200 tokens");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), here); Statement s = c.createStatement()) {
                assertEquals(14, answer(s, "NL: total price of the items"));

                String other = inOtherProcess(db.nlUrl(), llm.baseUrl(), REDIS, name, "200 tokens",
                        "NL: how many items");
                assertTrue(other.contains("answered 2"), "the other process still had budget: " + other);
                assertEquals(2, llm.requests().size());

                SQLException refused = assertThrows(SQLException.class,
                        () -> s.executeQuery("NL: the most expensive item"));
                assertEquals("53400", refused.getSQLState(), refused.getMessage());
                assertTrue(refused.getMessage().contains("nl.llm.budget")
                        && refused.getMessage().contains("nl.cache.redis"), refused.getMessage());
                assertEquals(2, llm.requests().size(), "the refused question never reached the model");
                assertEquals(14, answer(s, "NL: total price of the items"), "a cached question still answers");
            }
            Properties llmFree = settings(llm, REDIS, name, "200 tokens");
            llmFree.setProperty("nl.symbolic.minConfidence", "0.7"); // another runtime, on the same budget
            try (Connection c = DriverManager.getConnection(db.nlUrl(), llmFree); Statement s = c.createStatement()) {
                assertEquals(2, answer(s, "NL: how many items are there?"), "an LLM-free question still answers");
                assertEquals("symbolic", s.unwrap(NlResult.class).source());
            }
            assertEquals(2, llm.requests().size());
        }
    }

    @Test
    void aDeadRedisFallsBackToThisProcesssBudgetWithOneWarningAndNoFailedQuestion() throws Exception {
        String name = "fleet-dead-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.H2,
                "fleet_dead")) {
            db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, price INTEGER)", "INSERT INTO items VALUES (1, 5)");
            llm.reply("SELECT SUM(price) FROM items").reply("SELECT COUNT(*) FROM items")
                    .reply("SELECT MAX(price) FROM items");
            PrintStream original = System.err;
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            try (Connection c = DriverManager.getConnection(db.nlUrl(), settings(llm, DEAD_REDIS, name, "300 tokens"));
                 Statement s = c.createStatement()) {
                assertEquals(5, answer(s, "NL: total price of the items"));
                assertEquals(1, answer(s, "NL: how many items"));
                assertEquals(5, answer(s, "NL: the highest price of the items"));
                SQLException refused = assertThrows(SQLException.class, () -> s.executeQuery("NL: the cheapest item"));
                assertEquals("53400", refused.getSQLState(), "this process's 360 tokens exceed 300: " + refused);
                assertEquals(3, llm.requests().size());
                assertEquals(5, answer(s, "NL: total price of the items"), "a cached question still answers");
            } finally {
                System.setErr(original);
            }
            String text = log.toString(StandardCharsets.UTF_8);
            assertEquals(1, text.split("nl.llm.budget: the shared budget", -1).length - 1,
                    "warned once, though three model calls were counted without Redis: " + text);
            assertTrue(text.contains(name), text);
        }
    }

    @Test
    void aMalformedBudgetNameFailsTheConnectionNamingTheSetting() {
        Properties p = new Properties();
        p.setProperty("nl.llm.budget", "1000 tokens");
        p.setProperty("nl.llm.budgetName", "team a");
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:fleet_name", p).close());
        assertEquals("HY024", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("nl.llm.budgetName"), e.getMessage());
    }

    private static void requireRedis() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", 6379), 500);
        } catch (java.io.IOException e) {
            Assumptions.abort("Redis is not reachable at 127.0.0.1:6379");
        }
    }
}
