package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.driver.demo.ShopDatabase;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Issue 14: anaphoric follow-ups ("which one has the most?", "how many are there?", "those customers") reach the model
 * together with the earlier questions and their SQL. The scripted model answers only when it is shown them.
 */
class FollowUpDialogueTest {
    private static final String FIRST = "SELECT c.name, COUNT(*) AS products FROM products p JOIN categories c "
            + "ON c.id = p.category_id GROUP BY c.name";
    private static final String MOST = "SELECT c.name FROM products p JOIN categories c ON c.id = p.category_id "
            + "GROUP BY c.name ORDER BY COUNT(*) DESC LIMIT 1";

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void anaphoraReachesTheModelWithTheEarlierTurns(Target target) throws Exception {
        Properties p = new Properties();
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.cache.maxEntries", "0");
        p.setProperty("nl.symbolic.minConfidence", "2");
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(target, "convdlg")) {
            try (Connection c = db.open()) {
                ShopDatabase.create(c);
            }
            p.setProperty("nl.llm.provider", "openai");
            p.setProperty("nl.llm.baseUrl", llm.baseUrl());
            p.setProperty("nl.llm.model", "m");
            llm.reply(FIRST).otherwise(req -> {
                String text = req.toString();
                boolean shown = text.contains("number of products per category") && text.contains("GROUP BY c.name");
                return ScriptedLlmServer.completion(!shown ? "I cannot see what \"one\" refers to."
                        : text.contains("Follow-up: which one has the most") ? MOST
                        : "SELECT COUNT(*) FROM (" + FIRST + ") t");
            });
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                s.executeQuery("NL: number of products per category").close();
                String top;
                try (ResultSet rs = s.executeQuery("NL: which one has the most?")) {
                    assertTrue(rs.next());
                    top = rs.getString(1);
                }
                NlResult r = s.unwrap(NlResult.class);
                assertEquals(1, r.followUp().ofTurn());
                assertTrue(r.followUp().byModel());
                assertTrue(llm.promptText(1).contains("Question 1: number of products per category"),
                        llm.promptText(1));
                assertTrue(llm.promptText(1).contains(FIRST), llm.promptText(1));
                try (Statement check = c.createStatement(); ResultSet rs = check.executeQuery(MOST)) {
                    assertTrue(rs.next());
                    assertEquals(rs.getString(1), top);
                }
                s.executeQuery("NL: how many are there?").close();
                assertTrue(s.unwrap(NlResult.class).followUp().byModel());
                assertTrue(llm.promptText(2).contains("Follow-up: how many are there?"), llm.promptText(2));
                assertEquals(3, llm.requests().size(), List.of("one question, two follow-ups").toString());
            }
        }
    }
}
