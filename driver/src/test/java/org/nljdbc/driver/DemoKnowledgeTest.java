package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            "monthly revenue", "monthly revenue in 2024", "revenue per month", "top 10 customers by revenue in 2024",
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

    /** What one question came to: "answered (source): SQL" or "refused [state]: reason", and the rows. */
    private record Outcome(String text, List<String> rows) {
        boolean answered() {
            return text.startsWith("answered");
        }
    }

    private static Map<String, Outcome> outcomes(Properties p) throws SQLException {
        Map<String, Outcome> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(URL, p); Statement s = c.createStatement()) {
            for (String q : DEMO_QUESTIONS) {
                try (ResultSet rs = s.executeQuery("NL: " + q)) {
                    List<String> rows = cellsInAnyOrder(DemoQuestionsTest.rows(rs));
                    NlResult r = s.unwrap(NlResult.class);
                    out.put(q, new Outcome("answered (" + r.source() + "): " + r.sql(), rows));
                } catch (SQLException e) {
                    String m = e.getMessage();
                    int why = m.indexOf("could not answer it: ");
                    out.put(q, new Outcome("refused [" + e.getSQLState() + "]: " + (why < 0 ? m
                            : m.substring(why + 21, Math.min(m.length(), why + 21 + 110))), List.of()));
                }
            }
        }
        return out;
    }

    /** Each row's cells sorted: the same answer with its columns in another order is the same answer. */
    private static List<String> cellsInAnyOrder(List<String> rows) {
        List<String> out = new ArrayList<>();
        for (String row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.split("\\|", -1)));
            cells.sort(null);
            out.add(String.join("|", cells));
        }
        return out;
    }

    private static final String IN_2024 = " WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2025-01-01'";
    private static final String BY_MONTH = " GROUP BY EXTRACT(YEAR FROM order_date), EXTRACT(MONTH FROM order_date)";

    /**
     * What a person would write for each demo question from the schema and the file's definitions (several shapes
     * where a verified example answers with other columns); a question with none must be refused.
     */
    private static final Map<String, List<String>> REFERENCES = Map.of(
            "average order value", List.of("SELECT AVG(CASE WHEN status <> 'cancelled' THEN total_amount END) "
                    + "FROM orders"),
            "best selling product", List.of("SELECT p.name, SUM(oi.quantity) AS units FROM order_items oi "
                    + "JOIN products p ON p.id = oi.product_id GROUP BY p.name ORDER BY units DESC LIMIT 1"),
            "monthly revenue", List.of("SELECT EXTRACT(YEAR FROM order_date), EXTRACT(MONTH FROM order_date), "
                    + "SUM(total_amount) FROM orders" + BY_MONTH + " ORDER BY 1, 2"),
            "monthly revenue in 2024", List.of("SELECT EXTRACT(YEAR FROM order_date), EXTRACT(MONTH FROM "
                    + "order_date), SUM(total_amount) FROM orders" + IN_2024 + BY_MONTH + " ORDER BY 1, 2",
                    "SELECT EXTRACT(MONTH FROM order_date), SUM(total_amount) FROM orders" + IN_2024
                    + " GROUP BY EXTRACT(MONTH FROM order_date) ORDER BY 1"),
            "revenue per month", List.of("SELECT EXTRACT(YEAR FROM order_date), EXTRACT(MONTH FROM order_date), "
                    + "SUM(total_amount) FROM orders" + BY_MONTH + " ORDER BY 1, 2"),
            "top 10 customers by revenue in 2024", List.of("SELECT cu.first_name, cu.last_name FROM orders o "
                    + "JOIN customers cu ON cu.id = o.customer_id WHERE o.order_date >= DATE '2024-01-01' AND "
                    + "o.order_date < DATE '2025-01-01' GROUP BY cu.id, cu.first_name, cu.last_name "
                    + "ORDER BY SUM(o.total_amount) DESC, cu.id LIMIT 10"),
            "how many orders did each customer place", List.of("SELECT COUNT(*), cu.first_name, cu.last_name "
                    + "FROM orders o JOIN customers cu ON cu.id = o.customer_id GROUP BY cu.id, cu.first_name, "
                    + "cu.last_name"),
            "which products were never ordered?", List.of("SELECT name FROM products WHERE id NOT IN "
                    + "(SELECT product_id FROM order_items)"),
            "number of orders by country and status", List.of("SELECT COUNT(*), co.name, o.status FROM orders o "
                    + "JOIN customers cu ON cu.id = o.customer_id JOIN countries co ON co.id = cu.country_id "
                    + "GROUP BY co.id, co.name, o.status"));

    /** The rows of a reference, and whether their order is part of the answer. */
    private record Reference(List<String> rows, boolean ordered) {
        boolean matches(List<String> actual) {
            List<String> a = new ArrayList<>(actual);
            if (!ordered) {
                a.sort(null);
            }
            return rows.equals(a);
        }
    }

    private static List<Reference> referenceRows(String question) throws SQLException {
        List<Reference> out = new ArrayList<>();
        for (String sql : REFERENCES.getOrDefault(question, List.of())) {
            try (Statement s = keepAlive.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                List<String> rows = cellsInAnyOrder(DemoQuestionsTest.rows(rs));
                boolean ordered = sql.contains("ORDER BY");
                if (!ordered) {
                    rows.sort(null);
                }
                out.add(new Reference(rows, ordered));
            }
        }
        return out;
    }

    /** Every answer equals a hand-written reference; every refusal says why. */
    private static void assertAnsweredCorrectlyOrRefused(String setting, Map<String, Outcome> outcomes)
            throws SQLException {
        for (String q : DEMO_QUESTIONS) {
            Outcome o = outcomes.get(q);
            if (!o.answered()) {
                assertTrue(o.text().startsWith("refused [42000]: ") && o.text().length() > 30, setting + ": " + o);
                continue;
            }
            List<Reference> refs = referenceRows(q);
            assertFalse(refs.isEmpty(), setting + ": \"" + q + "\" has no reference and must be refused: " + o);
            assertTrue(refs.stream().anyMatch(r -> r.matches(o.rows())), setting + ": \"" + q + "\" answered with other rows than its reference: " + o.text());
        }
    }

    @Test
    void theDemoQuestionsAreAnsweredCorrectlyOrRefusedWithAReasonWithAndWithoutTheSemanticsFile() throws Exception {
        Map<String, Outcome> without = outcomes(settings(null, "3621"));
        Map<String, Outcome> definitions = outcomes(settings(definitionsOnly, "3628"));
        Map<String, Outcome> with = outcomes(settings(shipped, "3622"));
        System.out.println("demo questions, no model (without semantics | the file's definitions only | the "
                + "shipped file with its verified examples):");
        for (String q : DEMO_QUESTIONS) {
            System.out.println("  " + q + "\n    without:     " + without.get(q).text() + "\n    definitions: "
                    + definitions.get(q).text() + "\n    with:        " + with.get(q).text());
        }
        System.out.printf(Locale.ROOT, "demo questions answered without a model: %d/%d without semantics, %d/%d "
                        + "with its definitions, %d/%d with the shipped file%n", answered(without),
                DEMO_QUESTIONS.size(), answered(definitions), DEMO_QUESTIONS.size(), answered(with),
                DEMO_QUESTIONS.size());
        assertAnsweredCorrectlyOrRefused("without", without);
        assertAnsweredCorrectlyOrRefused("definitions", definitions);
        assertAnsweredCorrectlyOrRefused("shipped", with);
        assertTrue(without.get("average order value").text().startsWith("refused [42000]"), without.toString());
        // the file's metric is composed by the LLM-free translator: net of cancelled orders, by its definition
        String aov = definitions.get("average order value").text();
        assertTrue(aov.startsWith("answered (symbolic)") && aov.contains("cancelled"), aov);
        for (String q : DEMO_QUESTIONS) {
            if (without.get(q).answered()) {
                assertTrue(definitions.get(q).answered() && with.get(q).answered(),
                        "the file loses no answer the schema already gave: " + q);
            }
        }
    }

    private static long answered(Map<String, Outcome> outcomes) {
        return outcomes.values().stream().filter(Outcome::answered).count();
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
