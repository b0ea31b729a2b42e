package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/** A database error goes back to the model, which repairs the SQL; the connection's transaction survives it. */
class RepairEndToEndTest {

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB", "H2"})
    void aDatabaseErrorIsRepairedByTheModelAndEveryAttemptIsRecorded(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "repair")) {
            db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER)", "INSERT INTO orders VALUES (1, 10)",
                    "INSERT INTO orders VALUES (2, 32)");
            llm.reply("SELECT SUM(amount) FROM orders").reply("SELECT SUM(total) FROM orders");
            Properties p = new Properties();
            p.setProperty("nl.llm.provider", "openai");
            p.setProperty("nl.llm.baseUrl", llm.baseUrl());
            p.setProperty("nl.llm.model", "m");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: total of all orders")) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getInt(1));
                }
                NlResult r = s.unwrap(NlResult.class);
                assertEquals(2, r.attempts().size());
                NlResult.Attempt first = r.attempts().get(0);
                assertEquals("SELECT SUM(amount) FROM orders", first.sql());
                assertNotNull(first.error());
                assertTrue(first.error().toLowerCase().contains("amount"), first.error());
                assertNull(r.attempts().get(1).error());
                assertEquals(200, r.promptTokens(), "tokens of both calls are counted");
                String repairPrompt = llm.promptText(1);
                assertTrue(repairPrompt.contains("SELECT SUM(amount) FROM orders"), repairPrompt);
                assertTrue(repairPrompt.toLowerCase().contains("amount"), repairPrompt);
                // The failed attempt did not leave the connection in an aborted transaction.
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                    rs.next();
                    assertEquals(2, rs.getInt(1));
                }
            }
        }
    }
}
