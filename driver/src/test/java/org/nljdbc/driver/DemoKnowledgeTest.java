package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nljdbc.driver.demo.ShopDatabase;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.internal.retrieval.DdlRenderer;

/**
 * The demo shop's questions with and without the shipped semantics file: which the LLM-free translator answers
 * (its synonyms name columns the schema's words do not), that a synonym over a table the policy denies is not used,
 * and what the file and its few-shot examples cost in prompt tokens. The figures are printed (the closing
 * note quotes them); the assertions are on behaviour, never on time.
 */
class DemoKnowledgeTest {
    private static final String DB = "know_demo_" + ProcessHandle.current().pid();
    private static final String URL = "jdbc:nl:h2:mem:" + DB;
    static final List<String> DEMO_QUESTIONS = List.of("average order value", "best selling product",
            "monthly revenue", "revenue per month", "top 10 customers by revenue in 2024",
            "how many orders did each customer place", "which products were never ordered?",
            "what share of orders were cancelled", "number of orders by country and status");
    private static Connection keepAlive;
    private static Path shipped;
    private static Path definitionsOnly;

    @BeforeAll
    static void load(@TempDir Path dir) throws Exception {
        keepAlive = DriverManager.getConnection("jdbc:h2:mem:" + DB + ";DB_CLOSE_DELAY=-1");
        ShopDatabase.create(keepAlive);
        shipped = dir.resolve("shop-semantics.yaml");
        try (InputStream in = ShopDatabase.class.getResourceAsStream("shop-semantics.yaml")) {
            Files.copy(in, shipped);
        }
        String text = Files.readString(shipped);
        int examples = text.indexOf("\nexamples:");
        assertTrue(examples > 0, "the shipped file has verified examples");
        definitionsOnly = dir.resolve("definitions-only.yaml");
        Files.writeString(definitionsOnly, text.substring(0, examples + 1));
    }

    @AfterAll
    static void drop() throws SQLException {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("SHUTDOWN");
        }
        keepAlive.close();
    }

    private static Properties settings(Path semantics, String distinct) {
        Properties p = new Properties();
        if (semantics != null) {
            p.setProperty("nl.semantics", semantics.toString());
        }
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.cache.ttlSeconds", distinct);
        return p;
    }

    /** "answered (source): SQL" or "refused [state]: reason", per question. */
    private static Map<String, String> outcomes(Properties p) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(URL, p); Statement s = c.createStatement()) {
            for (String q : DEMO_QUESTIONS) {
                try (ResultSet rs = s.executeQuery("NL: " + q)) {
                    rs.next();
                    NlResult r = s.unwrap(NlResult.class);
                    out.put(q, "answered (" + r.source() + "): " + r.sql());
                } catch (SQLException e) {
                    String m = e.getMessage();
                    int why = m.indexOf("could not answer it: ");
                    out.put(q, "refused [" + e.getSQLState() + "]: " + (why < 0 ? m
                            : m.substring(why + 21, Math.min(m.length(), why + 21 + 90))));
                }
            }
        }
        return out;
    }

    @Test
    void theSemanticsFileLetsTheLlmFreeTranslatorAnswerAverageOrderValueAndLosesNoOtherAnswer() throws Exception {
        Map<String, String> without = outcomes(settings(null, "3621"));
        Map<String, String> with = outcomes(settings(shipped, "3622"));
        System.out.println("demo questions, no model (without semantics | with the shipped semantics file):");
        for (String q : DEMO_QUESTIONS) {
            System.out.println("  " + q + "\n    without: " + without.get(q) + "\n    with:    " + with.get(q));
        }
        long answeredWithout = without.values().stream().filter(v -> v.startsWith("answered")).count();
        long answeredWith = with.values().stream().filter(v -> v.startsWith("answered")).count();
        System.out.printf(Locale.ROOT, "demo questions answered without a model: %d/%d without semantics, %d/%d with%n",
                answeredWithout, DEMO_QUESTIONS.size(), answeredWith, DEMO_QUESTIONS.size());
        assertTrue(without.get("average order value").startsWith("refused [42000]"), without.toString());
        // The file defines average order value net of refunds: an answer that averages every order would be a
        // plausible wrong number, so it is either that definition or a refusal.
        String aov = with.get("average order value");
        assertTrue(aov.startsWith("refused") || aov.toLowerCase(Locale.ROOT).contains("refunded"), aov);
        for (String q : DEMO_QUESTIONS) {
            if (without.get(q).startsWith("answered")) {
                assertEquals(without.get(q), with.get(q), "the file changes no answer the schema already gave");
            }
        }
    }

    @Test
    void aSynonymOfAColumnInADeniedTableIsNotUsed() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, settings(shipped, "3623"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: total units")) {
            assertTrue(rs.next());
            assertTrue(s.unwrap(NlResult.class).sql().contains("SUM(QUANTITY)"), s.unwrap(NlResult.class).sql());
        }
        Properties denying = settings(shipped, "3624");
        denying.setProperty("nl.tables.deny", "order_items");
        try (Connection c = DriverManager.getConnection(URL, denying); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: total units"));
            assertEquals("42000", e.getSQLState(), e.getMessage());
            assertTrue(!e.getMessage().toUpperCase(Locale.ROOT).contains("QUANTITY"), e.getMessage());
        }
    }

    private record Cost(double meanTokens, double meanShots) {
    }

    private static Cost promptCost(ScriptedLlmServer llm, Path semantics, String distinct) throws SQLException {
        int before = llm.requests().size();
        Properties p = settings(semantics, distinct);
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.symbolic.minConfidence", "2");
        try (Connection c = DriverManager.getConnection(URL, p); Statement s = c.createStatement()) {
            for (String q : DEMO_QUESTIONS) {
                s.executeQuery("NL: " + q).close();
            }
        }
        List<Integer> tokens = new ArrayList<>();
        int shots = 0;
        for (int i = before; i < llm.requests().size(); i++) {
            String prompt = llm.promptText(i);
            tokens.add(DdlRenderer.estimateTokens(prompt));
            shots += prompt.split("\n-- Q: ", -1).length - 1;
        }
        assertEquals(DEMO_QUESTIONS.size(), tokens.size(), "one model call per question");
        return new Cost(tokens.stream().mapToInt(Integer::intValue).average().orElse(0),
                (double) shots / tokens.size());
    }

    @Test
    void promptTokensWithAndWithoutTheSemanticsFileAndItsFewShotExamples() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
            llm.otherwise(request -> ScriptedLlmServer.completion("SELECT COUNT(*) AS n FROM orders"));
            Cost bare = promptCost(llm, null, "3625");
            Cost definitions = promptCost(llm, definitionsOnly, "3626");
            Cost full = promptCost(llm, shipped, "3627");
            System.out.printf(Locale.ROOT, "demo prompt tokens (mean of %d questions, ~4 chars a token): schema only "
                            + "%.0f; + semantics definitions %.0f (+%.0f); + its verified examples as few-shot %.0f "
                            + "(+%.0f more, %.1f pairs a question)%n", DEMO_QUESTIONS.size(), bare.meanTokens(),
                    definitions.meanTokens(), definitions.meanTokens() - bare.meanTokens(), full.meanTokens(),
                    full.meanTokens() - definitions.meanTokens(), full.meanShots());
            assertTrue(definitions.meanTokens() > bare.meanTokens(), "the definitions reach the prompt");
            assertEquals(0, definitions.meanShots(), 0.0);
            assertTrue(full.meanShots() > 0, "similar verified examples are shown");
            assertTrue(full.meanTokens() > definitions.meanTokens());
        }
    }
}
