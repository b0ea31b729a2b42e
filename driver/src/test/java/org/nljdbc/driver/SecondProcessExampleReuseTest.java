package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * A verified answer remembered by one process is reused by another, a real second JVM started here with the test
 * class path, on PostgreSQL: once with the examples in the shared Redis ({@code nl.cache.redis}), once in a table
 * of a PostgreSQL database ({@code nl.examples.url}). The second process has the same model configured, pointing at
 * this test's scripted server, which would answer a wrong number: it answers the remembered question from the
 * example, with the example's value and no model call.
 */
class SecondProcessExampleReuseTest {
    private static final String QUESTION = "What is the average order value?";
    private static final String SQL = "SELECT AVG(total) AS average_order_value FROM orders WHERE status <> 'refunded'";

    private static void requireRedis() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
        } catch (IOException e) {
            System.err.println("SKIP: Redis is not reachable at 127.0.0.1:6379");
            Assumptions.abort("Redis is not reachable at 127.0.0.1:6379");
        }
    }

    @ParameterizedTest(name = "examples in {0}")
    @ValueSource(strings = {"redis", "postgresql"})
    void aSecondJvmAnswersTheRememberedQuestionFromTheStoreWithoutAModelCall(String store) throws Exception {
        if (store.equals("redis")) {
            requireRedis();
        }
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "know_jvm_" + store)) {
            db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER, status VARCHAR(20))",
                    "INSERT INTO orders VALUES (1, 10, 'paid'), (2, 30, 'paid'), (3, 50, 'refunded')");
            llm.reply(SQL);
            // anything the second process asked the model would come back as a plausible wrong number
            llm.otherwise(request -> ScriptedLlmServer.completion("SELECT AVG(total) FROM orders"));
            Map<String, String> shared = new LinkedHashMap<>();
            shared.put("nl.llm.provider", "openai");
            shared.put("nl.llm.baseUrl", llm.baseUrl());
            shared.put("nl.llm.model", "m");
            shared.put("nl.symbolic.minConfidence", "2");
            shared.put("nl.rateLimit.perMinute", "0");
            shared.put("nl.catalog.snapshot", "false");
            if (store.equals("redis")) {
                shared.put("nl.cache.redis", "redis://127.0.0.1:6379/0");
            } else {
                // the store is a table in the database itself here; any JDBC database the administrator names works
                shared.put("nl.examples.url", db.url());
            }
            Properties p = new Properties();
            p.putAll(shared);
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
                    assertTrue(rs.next());
                    assertEquals(20, rs.getInt(1));
                }
                try (ResultSet rs = s.executeQuery("NL REMEMBER")) {
                    assertTrue(rs.next());
                    assertEquals("remembered", rs.getString("status"));
                }
                assertEquals(1, llm.requests().size());
                try {
                    Map<String, String> answer = secondProcess(db.nlUrl(), "what is the average order value", shared);
                    assertEquals("example", answer.get("source"), answer.toString());
                    assertEquals(20.0, Double.parseDouble(answer.get("value")), 1e-9, answer.toString());
                    assertEquals("0", answer.get("tokens"), answer.toString());
                    assertEquals(1, llm.requests().size(), "the second process made no model call");
                } finally {
                    s.executeQuery("NL FORGET: " + QUESTION).close();
                }
            }
        }
    }

    /** Runs {@link SecondProcessMain} in a new JVM and returns its {@code key=value} lines. */
    private static Map<String, String> secondProcess(String url, String question, Map<String, String> settings)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SecondProcessMain.class.getName());
        command.add(url);
        command.add(question);
        settings.forEach((k, v) -> command.add(k + "=" + v));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out;
        try {
            out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the second process ends");
        } finally {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), out);
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                lines.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        assertTrue(!lines.containsKey("error"), out);
        return lines;
    }
}
