package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.driver.demo.ShopDatabase;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Scripted multi-turn dialogues on the demo shop: follow-ups refine the previous answer on the same connection (as AST
 * edits without a model call where the edit is clear, by the model shown the earlier SQL otherwise), unrelated
 * questions start fresh, and conversations are never shared between connections. Every edited result is compared
 * with a hand-written query on the same database.
 */
class ConversationTest {
    static final String REVENUE_2024 = "SELECT c.name AS category, SUM(oi.quantity * oi.unit_price) AS revenue "
            + "FROM order_items oi JOIN products p ON p.id = oi.product_id JOIN categories c ON c.id = p.category_id "
            + "JOIN orders o ON o.id = oi.order_id "
            + "WHERE o.order_date >= '2024-01-01' AND o.order_date < '2025-01-01' GROUP BY c.name";
    static final String ORDERS_BY_STATUS = "SELECT status, COUNT(*) AS orders FROM orders GROUP BY status";
    /** The joins from order_items to a customer's region, for reference queries. */
    static final String TO_REGION = " JOIN customers cu ON cu.id = o.customer_id JOIN countries co ON co.id = cu.country_id"
            + " JOIN regions r ON r.id = co.region_id";

    private static Connection open(TestDb db, ScriptedLlmServer llm) throws SQLException {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.cache.maxEntries", "0");
        return DriverManager.getConnection(db.nlUrl(), p);
    }

    private static TestDb shop(Target target) throws SQLException {
        TestDb db = TestDatabases.fresh(target, "conv");
        try (Connection c = db.open()) {
            ShopDatabase.create(c);
        }
        return db;
    }

    /** Rows as lists of normalized values, in order. */
    private static List<List<Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<List<Object>> out = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                row.add(v instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : v);
            }
            out.add(row);
        }
        return out;
    }

    private static List<List<Object>> nl(Statement s, String question) throws SQLException {
        try (ResultSet rs = s.executeQuery("NL: " + question)) {
            return rows(rs);
        }
    }

    private static List<List<Object>> sql(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void aChainOfFourFollowUpsRefinesTheFirstAnswerAndAnUnrelatedQuestionStartsFresh(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(target);
             Connection c = open(db, llm); Statement s = c.createStatement()) {
            String europe = REVENUE_2024.replace(" WHERE ", TO_REGION + " WHERE r.name = 'Europe' AND ");
            llm.reply(REVENUE_2024).otherwise(req -> ScriptedLlmServer.completion(req.toString().contains(
                    "SELECT COUNT(*)") ? "no" : req.toString().contains("how many customers")
                    ? "SELECT COUNT(*) FROM customers"
                    // "Europe" of the customer or of the supplier is the model's call, shown the previous SQL.
                    : req.toString().contains("o.order_date >= '2024-01-01'") ? europe : "no previous SQL shown"));

            List<List<Object>> all = nl(s, "revenue by category in 2024");
            NlResult first = s.unwrap(NlResult.class);
            assertFalse(first.isFollowUp());
            assertEquals(1, first.turn());
            assertEquals(sql(c, REVENUE_2024 + " ORDER BY 1"), all.stream()
                    .sorted((a, b) -> a.get(0).toString().compareTo(b.get(0).toString())).toList());

            assertEquals(sql(c, europe + " ORDER BY 1"), sorted(nl(s, "now only region Europe")));
            NlResult second = s.unwrap(NlResult.class);
            assertTrue(second.isFollowUp());
            assertEquals(2, second.turn());
            assertEquals(1, second.followUp().ofTurn());
            assertEquals("llm", second.followUp().resolvedBy());
            assertTrue(second.followUp().edits().get(0).contains("equally short paths"), second.followUp().edits().toString());
            assertTrue(llm.promptText(1).contains(REVENUE_2024), llm.promptText(1));
            assertTrue(llm.promptText(1).contains("Follow-up: now only region Europe"), llm.promptText(1));

            List<List<Object>> top3 = nl(s, "show only top 3");
            assertEquals(sql(c, europe + " ORDER BY revenue DESC, 1 LIMIT 3"), top3);
            assertEquals(List.of("order", "limit"), s.unwrap(NlResult.class).followUp().kinds());
            assertEquals(2, s.unwrap(NlResult.class).followUp().ofTurn());

            String europe2023 = europe.replace("2024-01-01", "2023-01-01").replace("2025-01-01", "2024-01-01");
            assertEquals(sql(c, europe2023 + " ORDER BY revenue DESC LIMIT 3"), nl(s, "same for 2023"));
            assertEquals(List.of("period"), s.unwrap(NlResult.class).followUp().kinds());

            String counted = europe2023.replace("SUM(oi.quantity * oi.unit_price) AS revenue", "COUNT(*) AS n");
            List<List<Object>> byCount = nl(s, "count instead of sum");
            NlResult fifth = s.unwrap(NlResult.class);
            assertEquals(List.of("measure"), fifth.followUp().kinds());
            assertTrue(fifth.toJson().contains("\"conversation\":{\"turn\":5,\"followUp\":true,\"ofTurn\":4,"),
                    fifth.toJson());
            // Counts may tie, so the three rows are checked against the full ranking rather than a LIMIT.
            List<List<Object>> ranking = sql(c, counted + " ORDER BY n DESC");
            assertEquals(ranking.subList(0, 3).stream().map(r -> r.get(1)).toList(),
                    byCount.stream().map(r -> r.get(1)).toList());
            assertTrue(ranking.containsAll(byCount), byCount + " in " + ranking);
            assertEquals(2, llm.requests().size(), "three of the four follow-ups were edits, without a model call");

            List<List<Object>> customers = nl(s, "how many customers are there?");
            assertEquals(List.of(List.of(String.valueOf(ShopDatabase.CUSTOMERS))), customers);
            NlResult unrelated = s.unwrap(NlResult.class);
            assertFalse(unrelated.isFollowUp());
            assertFalse(unrelated.sql().contains("Europe") || unrelated.sql().contains("2023"), unrelated.sql());
            // The LLM-free translator may answer it; when the model does, nothing of the chain is in its prompt.
            if (llm.requests().size() > 2) {
                String prompt = llm.promptText(2);
                assertFalse(prompt.contains("Earlier questions"), prompt);
                // (The schema's sampled values may list 'Europe'; the chain's questions and SQL must not be there.)
                assertFalse(prompt.contains("region Europe") || prompt.contains("r.name = 'Europe'")
                        || prompt.contains("revenue"), "nothing of the chain leaks into the prompt: " + prompt);
            }
        }
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        return rows.stream().sorted((a, b) -> a.get(0).toString().compareTo(b.get(0).toString())).toList();
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void groupingAlongForeignKeysYearsComparisonsHavingAndSortingAreEdits(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(target);
             Connection c = open(db, llm); Statement s = c.createStatement()) {
            llm.reply(ORDERS_BY_STATUS);
            assertEquals(sql(c, ORDERS_BY_STATUS + " ORDER BY 1"), sorted(nl(s, "orders by status")));

            String byRegion = "SELECT o.status, r.name AS region, COUNT(*) AS orders FROM orders o" + TO_REGION
                    + " GROUP BY o.status, r.name";
            assertEquals(sql(c, byRegion + " ORDER BY 1, 2"), sortedTwo(nl(s, "and by region")));
            assertEquals(List.of("join", "join", "join", "group"), s.unwrap(NlResult.class).followUp().kinds());

            String in2024 = byRegion.replace(" GROUP BY", " WHERE o.order_date >= '2024-01-01' AND o.order_date < "
                    + "'2025-01-01' GROUP BY");
            assertEquals(sql(c, in2024 + " ORDER BY 1, 2"), sortedTwo(nl(s, "in 2024")));
            assertEquals(List.of("filter"), s.unwrap(NlResult.class).followUp().kinds());

            String over30 = in2024 + " HAVING COUNT(*) > 30";
            assertEquals(sql(c, over30 + " ORDER BY 1, 2"), sortedTwo(nl(s, "only over 30")));
            assertEquals(List.of("having"), s.unwrap(NlResult.class).followUp().kinds());

            List<List<Object>> sortedByRegion = nl(s, "sorted by region descending");
            for (int i = 1; i < sortedByRegion.size(); i++) {
                assertTrue(sortedByRegion.get(i - 1).get(1).toString().compareTo(sortedByRegion.get(i).get(1).toString())
                        >= 0, "regions descend: " + sortedByRegion);
            }
            assertEquals(sortedTwo(sql(c, over30)), sortedTwo(sortedByRegion));

            List<List<Object>> compared = nl(s, "compare with 2023");
            NlResult r = s.unwrap(NlResult.class);
            assertEquals(List.of("compare"), r.followUp().kinds());
            String both = "SELECT EXTRACT(YEAR FROM o.order_date) AS y, o.status, r.name AS region, COUNT(*) AS orders "
                    + "FROM orders o" + TO_REGION + " WHERE o.order_date >= '2023-01-01' AND o.order_date < '2025-01-01'"
                    + " GROUP BY EXTRACT(YEAR FROM o.order_date), o.status, r.name HAVING COUNT(*) > 30";
            assertEquals(sql(c, both + " ORDER BY 1, 3 DESC, 2"), compared.stream().sorted((a, b) -> {
                int y = a.get(0).toString().compareTo(b.get(0).toString());
                int reg = b.get(2).toString().compareTo(a.get(2).toString());
                return y != 0 ? y : reg != 0 ? reg : a.get(1).toString().compareTo(b.get(1).toString());
            }).toList());
            assertEquals(1, llm.requests().size(), "five follow-ups, no model call");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void aBareValueTheCatalogSampledBecomesAFilterJoinedAlongForeignKeys(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(target);
             Connection c = open(db, llm); Statement s = c.createStatement()) {
            llm.reply(ORDERS_BY_STATUS);
            nl(s, "orders by status");
            String europe = "SELECT o.status, COUNT(*) AS orders FROM orders o" + TO_REGION
                    + " WHERE r.name = 'Europe' GROUP BY o.status";
            assertEquals(sql(c, europe + " ORDER BY 1"), sorted(nl(s, "now only europe")));
            NlResult r = s.unwrap(NlResult.class);
            assertEquals("edit", r.followUp().resolvedBy());
            assertEquals(List.of("join", "join", "join", "filter"), r.followUp().kinds());
            assertTrue(r.sql().contains("'Europe'"), "the value is spelled as stored: " + r.sql());
            String asia = europe.replace("Europe", "Asia");
            assertEquals(sql(c, asia + " ORDER BY 1"), sorted(nl(s, "what about Asia?")));
            assertEquals(List.of("filter"), s.unwrap(NlResult.class).followUp().kinds(), "Asia replaces Europe");
            assertEquals(1, llm.requests().size());
        }
    }

    private static List<List<Object>> sortedTwo(List<List<Object>> rows) {
        return rows.stream().sorted((a, b) -> {
            int x = a.get(0).toString().compareTo(b.get(0).toString());
            return x != 0 ? x : a.get(1).toString().compareTo(b.get(1).toString());
        }).toList();
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void aFollowUpNoEditExpressesGoesToTheModelWithThePreviousQuestionAndSql(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(target);
             Connection c = open(db, llm); Statement s = c.createStatement()) {
            String share = "SELECT c.name AS category, SUM(oi.quantity * oi.unit_price) * 100.0 / "
                    + "(SELECT SUM(quantity * unit_price) FROM order_items) AS share FROM order_items oi "
                    + "JOIN products p ON p.id = oi.product_id JOIN categories c ON c.id = p.category_id GROUP BY c.name";
            llm.reply(REVENUE_2024).otherwise(req -> {
                // The model only gets to refine when it is shown what it refines.
                String text = req.toString();
                return ScriptedLlmServer.completion(text.contains("o.order_date >= '2024-01-01'")
                        && text.contains("revenue by category in 2024") ? share : "I cannot see the previous query.");
            });
            nl(s, "revenue by category in 2024");
            List<List<Object>> rows = nl(s, "as a share of total");
            assertEquals(8, rows.size());
            NlResult r = s.unwrap(NlResult.class);
            assertTrue(r.isFollowUp());
            assertEquals("llm", r.followUp().resolvedBy());
            assertEquals(1, r.followUp().ofTurn());
            assertTrue(r.followUp().edits().get(0).contains("share"), r.followUp().edits().toString());
            assertEquals("llm", r.source());
            String prompt = llm.promptText(1);
            assertTrue(prompt.contains(REVENUE_2024), prompt);
            assertTrue(prompt.contains("Follow-up: as a share of total"), prompt);
            assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("follow-up of turn 1 (llm)")), r.warnings().toString());
        }
    }

    @Test
    void resetForgetsTheConversationAndAFollowUpWithNoPreviousTurnIsAFreshQuestion() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(Target.H2);
             Connection c = open(db, llm); Statement s = c.createStatement()) {
            llm.reply("SELECT name FROM categories ORDER BY name LIMIT 3").reply(REVENUE_2024)
                    .reply("SELECT name FROM categories ORDER BY name LIMIT 3");
            nl(s, "top 3");
            NlResult fresh = s.unwrap(NlResult.class);
            assertFalse(fresh.isFollowUp(), "nothing to follow up: answered as a question of its own");
            assertFalse(llm.promptText(0).contains("Earlier questions"));

            nl(s, "revenue by category in 2024");
            try (ResultSet rs = s.executeQuery("NL RESET")) {
                assertTrue(rs.next());
            }
            nl(s, "top 3");
            NlResult afterReset = s.unwrap(NlResult.class);
            assertFalse(afterReset.isFollowUp());
            assertEquals(1, afterReset.turn(), "the conversation starts again at turn 1");
            assertEquals(3, llm.requests().size(), "after RESET, \"top 3\" went to the model as a fresh question");
            assertFalse(llm.promptText(2).contains("revenue"), llm.promptText(2));
        }
    }

    @Test
    void showSqlReportsTheFollowUpAndTheNextFollowUpRefinesWhatWasShown() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(Target.H2);
             Connection c = open(db, llm); Statement s = c.createStatement()) {
            llm.reply(REVENUE_2024);
            nl(s, "revenue by category in 2024");
            try (ResultSet rs = s.executeQuery("NL SHOWSQL: bottom 2")) {
                assertTrue(rs.next());
                assertTrue(rs.getString("sql").contains("ORDER BY revenue ASC LIMIT 2"), rs.getString("sql"));
                assertTrue(rs.getString("warnings").contains("follow-up of turn 1 (edit)"), rs.getString("warnings"));
                assertTrue(rs.getString("report").contains("\"followUp\":true"), rs.getString("report"));
            }
            assertEquals(2, nl(s, "same for 2022").size());
            assertEquals(2, s.unwrap(NlResult.class).followUp().ofTurn());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void twoConnectionsKeepIndependentConversations(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(target);
             Connection a = open(db, llm); Connection b = open(db, llm);
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            llm.reply(REVENUE_2024).reply(ORDERS_BY_STATUS);
            nl(sa, "revenue by category in 2024");
            nl(sb, "orders by status");
            String revenue2023 = REVENUE_2024.replace("2024-01-01", "2023-01-01").replace("2025-01-01", "2024-01-01");
            assertEquals(sql(a, revenue2023 + " ORDER BY 1"), sorted(nl(sa, "same for 2023")));
            assertEquals(List.of("period"), sa.unwrap(NlResult.class).followUp().kinds());
            String status2023 = "SELECT status, COUNT(*) AS orders FROM orders WHERE order_date >= '2023-01-01' "
                    + "AND order_date < '2024-01-01' GROUP BY status";
            assertEquals(sql(b, status2023 + " ORDER BY 1"), sorted(nl(sb, "same for 2023")));
            assertEquals(List.of("filter"), sb.unwrap(NlResult.class).followUp().kinds(),
                    "b's follow-up edits b's own query, which had no year yet");
            assertEquals(2, llm.requests().size());
        }
    }

    @Test
    void closingOrANewApplicationNameEndsTheConversation() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(Target.POSTGRESQL)) {
            llm.otherwise(req -> ScriptedLlmServer.completion(ORDERS_BY_STATUS));
            try (Connection c = open(db, llm); Statement s = c.createStatement()) {
                nl(s, "orders by status");
                c.setClientInfo("ApplicationName", "report-a");
                nl(s, "in 2024");
                assertFalse(s.unwrap(NlResult.class).isFollowUp(), "another application does not continue it");
                assertEquals(2, llm.requests().size());
                nl(s, "in 2023");
                assertTrue(s.unwrap(NlResult.class).isFollowUp());
                c.setClientInfo("ApplicationName", "report-a");
                nl(s, "in 2022");
                assertTrue(s.unwrap(NlResult.class).isFollowUp(), "the same name again changes nothing");
            }
            try (Connection c = open(db, llm); Statement s = c.createStatement()) {
                nl(s, "in 2024");
                assertFalse(s.unwrap(NlResult.class).isFollowUp(), "a new connection starts fresh");
            }
        }
    }

    @Test
    void eachCheckoutFromTheDataSourceStartsAFreshConversation() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(Target.H2);
             NlDataSource ds = new NlDataSource()) {
            llm.otherwise(req -> ScriptedLlmServer.completion(ORDERS_BY_STATUS));
            ds.setUrl(db.nlUrl());
            ds.setProperty("nl.llm.provider", "openai");
            ds.setProperty("nl.llm.baseUrl", llm.baseUrl());
            ds.setProperty("nl.llm.model", "m");
            ds.setProperty("nl.cache.maxEntries", "0");
            ds.setMaximumPoolSize(1); // the same physical connection serves both checkouts
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                nl(s, "orders by status");
                nl(s, "in 2024");
                assertTrue(s.unwrap(NlResult.class).isFollowUp());
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                nl(s, "in 2024");
                assertFalse(s.unwrap(NlResult.class).isFollowUp(), "the next user of the pooled connection starts fresh");
                assertNull(s.unwrap(NlResult.class).followUp());
            }
            assertEquals(2, llm.requests().size());
        }
    }

    @Test
    void historyTurnsZeroTurnsFollowUpsOff() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(Target.H2)) {
            llm.otherwise(req -> ScriptedLlmServer.completion(ORDERS_BY_STATUS));
            Properties p = new Properties();
            p.setProperty("nl.llm.provider", "openai");
            p.setProperty("nl.llm.baseUrl", llm.baseUrl());
            p.setProperty("nl.llm.model", "m");
            p.setProperty("nl.history.turns", "0");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                nl(s, "orders by status");
                nl(s, "in 2024");
                assertFalse(s.unwrap(NlResult.class).isFollowUp());
                assertEquals(0, s.unwrap(NlResult.class).turn(), "nothing is remembered");
            }
        }
    }

    @Test
    void aFollowUpTheModelCannotRefineFailsWithTheModelsReason() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(Target.H2);
             Connection c = open(db, llm); Statement s = c.createStatement()) {
            llm.reply(REVENUE_2024).reply("no SQL here, sorry");
            nl(s, "revenue by category in 2024");
            SQLException e = assertThrows(SQLException.class, () -> nl(s, "as a share of total"));
            assertTrue(e.getMessage().contains("model"), e.getMessage());
        }
    }
}
