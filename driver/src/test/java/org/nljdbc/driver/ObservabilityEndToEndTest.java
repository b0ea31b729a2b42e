package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Issue 18 through the public JDBC API: Micrometer meters, the JMX MBean, the audit line of a model answer, a cache
 * hit, a refusal and an LLM-free answer (with no API key, masked value or tenant value in it), NL STATS, the
 * estimated cost and the hourly budget.
 */
class ObservabilityEndToEndTest {
    private static final String API_KEY = "sk-test-AUDITSECRET-4242";
    private static final String TENANT = "tenant-QX7781";
    private static final String MASKED = "MASKEDVALUE-9911";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Properties modelSettings(ScriptedLlmServer llm) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.llm.apiKey", API_KEY);
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "2");
        p.setProperty("nl.rateLimit.perMinute", "0");
        return p;
    }

    /** Runs {@code body} with System.err (where slf4j-simple writes) captured; returns the audit lines' JSON. */
    private static List<JsonNode> auditOf(ThrowingRunnable body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
            int at = line.indexOf("org.nljdbc.audit - ");
            if (at >= 0) {
                lines.add(JSON.readTree(line.substring(at + "org.nljdbc.audit - ".length())));
            }
        }
        String all = buffer.toString(StandardCharsets.UTF_8);
        assertFalse(all.contains(API_KEY), "the API key is in the log");
        assertFalse(all.contains(TENANT), "the tenant value is in the log");
        assertFalse(all.contains(MASKED), "a masked value is in the log");
        return lines;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void assertFields(JsonNode line, String verdict) {
        for (String f : new String[] {"time", "user", "applicationName", "connectionId", "form", "question", "sql",
                "source", "verdict", "rewrites", "tenant", "rows", "bytes", "durationMicros", "stages", "tokens",
                "cost"}) {
            assertTrue(line.has(f), "audit line lacks " + f + ": " + line);
        }
        assertEquals(verdict, line.get("verdict").asText(), line.toString());
    }

    /** The stages an audit line names, in pipeline order. */
    private static List<String> stagesOf(JsonNode line) {
        List<String> out = new ArrayList<>();
        line.get("stages").fieldNames().forEachRemaining(out::add);
        for (String stage : out) {
            assertTrue(line.get("stages").get(stage).asDouble() > 0, line.toString());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void aScriptedSessionIsMeteredAuditedAndPriced(Target target) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "observe")) {
            db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, tenant_id VARCHAR(40), total INTEGER, note VARCHAR(40))",
                    "INSERT INTO orders VALUES (1, '" + TENANT + "', 10, '" + MASKED + "')",
                    "INSERT INTO orders VALUES (2, 'other', 32, 'x')");
            llm.reply("SELECT id, total, note FROM orders").reply("DELETE FROM orders");
            Properties p = modelSettings(llm);
            p.setProperty("nl.tenant.column", "tenant_id");
            p.setProperty("nl.tenant.value", TENANT);
            p.setProperty("nl.columns.mask", "orders.note");
            p.setProperty("nl.llm.price", "2.50,10.00");
            List<JsonNode> audit = auditOf(() -> {
                try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                    if (target == Target.POSTGRESQL) { // H2 has no client info
                        c.setClientInfo("ApplicationName", "observe-test");
                    }
                    for (int i = 0; i < 2; i++) { // the second time from the cache
                        try (ResultSet rs = s.executeQuery("NL: list the orders")) {
                            assertTrue(rs.next());
                            assertEquals(10, rs.getInt("total"));
                            assertFalse(rs.next(), "the tenant filter keeps one row");
                        }
                    }
                    NlResult r = s.unwrap(NlResult.class);
                    assertEquals("cache", r.source());
                    SQLException refused = assertThrows(SQLException.class,
                            () -> s.executeQuery("NL: remove all the orders"));
                    assertNotNull(refused.getSQLState());
                    try (ResultSet rs = s.executeQuery("NL SHOWSQL: list the orders")) {
                        assertTrue(rs.next());
                        assertEquals(0.0, Double.parseDouble(rs.getString("llm_cost")), 1e-12,
                                "a cached translation costs nothing");
                    }
                    try (ResultSet rs = s.executeQuery("NL STATS")) {
                        Map<String, Long> stats = new HashMap<>();
                        while (rs.next()) {
                            stats.put(rs.getString("scope") + " " + rs.getString("measure"), rs.getLong("value"));
                        }
                        assertEquals(2L, stats.get("connection nljdbc.questions{form=query,outcome=ran}"), stats.toString());
                        assertEquals(1L, stats.get("connection nljdbc.questions{form=query,outcome=refused}"),
                                stats.toString());
                        assertEquals(1L, stats.get("connection nljdbc.questions.by.source{source=model}"), stats.toString());
                        assertEquals(2L, stats.get("connection nljdbc.rows"), "one row read per question");
                        assertTrue(stats.get("connection nljdbc.bytes") >= 32, stats.toString());
                        assertTrue(stats.get("connection nljdbc.stage.duration{stage=generation}.count") >= 2,
                                stats.toString());
                        assertTrue(stats.containsKey("process nljdbc.llm.retries"), stats.toString());
                        assertTrue(stats.containsKey("process nljdbc.llm.circuits{state=open}"), stats.toString());
                        assertTrue(stats.get("process nljdbc.llm.tokens.in") >= 200, stats.toString());
                    }
                }
            });
            assertEquals(4, audit.size(), audit.toString());
            JsonNode first = audit.get(0);
            System.out.println("audit line example: " + first); // the README's example comes from here
            assertFields(first, "ran");
            assertEquals("model", first.get("source").asText());
            if (target == Target.POSTGRESQL) {
                assertEquals("observe-test", first.get("applicationName").asText());
            }
            assertEquals("bound", first.get("tenant").asText());
            assertTrue(first.get("sql").asText().contains("?"), first.toString());
            assertEquals(100, first.get("tokens").get("in").asInt());
            assertEquals((100 * 2.50 + 20 * 10.00) / 1e6, first.get("cost").asDouble(), 1e-12);
            assertTrue(first.get("rewrites").size() >= 2, first.toString());
            assertEquals(1, first.get("rows").asInt(), first.toString());
            // id and total are numbers (8 each), the masked note a string: at least 16 bytes, not the table's 2 rows.
            assertTrue(first.get("bytes").asLong() >= 16 && first.get("bytes").asLong() < 200, first.toString());
            List<String> firstStages = stagesOf(first);
            assertTrue(firstStages.containsAll(List.of("cache", "retrieval", "generation", "checkpoint", "execution")),
                    first.toString());
            assertTrue(firstStages.indexOf("retrieval") < firstStages.indexOf("generation"), first.toString());
            JsonNode cached = audit.get(1);
            assertFields(cached, "ran");
            assertEquals("cache", cached.get("source").asText());
            assertEquals(0, cached.get("tokens").get("in").asInt());
            assertEquals(1, cached.get("rows").asInt(), cached.toString());
            assertEquals(first.get("bytes").asLong(), cached.get("bytes").asLong(), cached.toString());
            List<String> cachedStages = stagesOf(cached);
            assertTrue(cachedStages.containsAll(List.of("cache", "checkpoint", "execution")), cached.toString());
            assertFalse(cachedStages.contains("generation") || cachedStages.contains("retrieval"), cached.toString());
            JsonNode refusal = audit.get(2);
            assertFields(refusal, "refused");
            assertTrue(refusal.has("reason") && refusal.has("sqlState"), refusal.toString());
            assertEquals("DELETE FROM orders", refusal.get("sql").asText(), "the refused SQL is audited");
            assertEquals(0, refusal.get("rows").asInt());
            assertTrue(stagesOf(refusal).containsAll(List.of("generation", "checkpoint")), refusal.toString());
            assertFalse(stagesOf(refusal).contains("execution"), "a refused query never runs: " + refusal);
            assertEquals("showsql", audit.get(3).get("form").asText());

            assertTrue(registry.get("nljdbc.questions").tags("form", "query", "outcome", "ran").counter().count() >= 2);
            assertTrue(registry.get("nljdbc.questions").tags("form", "query", "outcome", "refused").counter().count() >= 1);
            assertTrue(registry.get("nljdbc.llm.calls").tags("outcome", "ok").counter().count() >= 2);
            assertTrue(registry.get("nljdbc.llm.tokens.in").counter().count() >= 200);
            assertTrue(registry.get("nljdbc.cache.lookups").tags("tier", "local", "result", "hit").functionCounter()
                    .count() >= 1);
            assertTrue(registry.get("nljdbc.cache.lookups").tags("tier", "local", "result", "miss").functionCounter()
                    .count() >= 1, "the first question missed (the refused one may end before the cache)");
            for (String stage : List.of("cache", "retrieval", "generation", "checkpoint", "execution")) {
                assertTrue(registry.get("nljdbc.stage.duration").tags("stage", stage).timer().count() >= 1, stage);
            }
            assertTrue(registry.get("nljdbc.stage.duration").tags("stage", "generation").timer().count() >= 2);
            assertTrue(registry.get("nljdbc.rows").counter().count() >= 2);
            assertTrue(registry.get("nljdbc.bytes").counter().count() >= 32);
            assertTrue(registry.get("nljdbc.llm.circuits").tags("state", "closed").gauge().value() >= 1);
            assertTrue(registry.get("nljdbc.question.duration").tags("form", "query", "outcome", "ran").timer()
                    .count() >= 2);

            Object questions = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("org.nljdbc:type=Statistics"), "Questions");
            assertTrue((Long) questions >= 3, String.valueOf(questions));
            Object cost = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("org.nljdbc:type=Statistics"), "EstimatedCost");
            assertTrue((Double) cost > 0, String.valueOf(cost));
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void wrappedAndPreparedQuestionsAreMeteredAndAuditedLikePlainOnes(Target target) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "observe_plan")) {
            db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, tenant_id VARCHAR(40), total INTEGER, note VARCHAR(40))",
                    "CREATE TABLE secrets (id INTEGER PRIMARY KEY, word VARCHAR(40))",
                    "INSERT INTO orders VALUES (1, '" + TENANT + "', 10, '" + MASKED + "')",
                    "INSERT INTO orders VALUES (2, 'other', 32, 'x')");
            llm.reply("SELECT id, total, note FROM orders").reply("SELECT SUM(total) AS total FROM orders");
            Properties p = modelSettings(llm);
            p.setProperty("nl.tenant.column", "tenant_id");
            p.setProperty("nl.tenant.value", TENANT);
            p.setProperty("nl.columns.mask", "orders.note");
            p.setProperty("nl.tables.deny", "secrets");
            p.setProperty("nl.llm.price", "2.50,10.00");
            List<JsonNode> audit = auditOf(() -> {
                try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                    // Spark's schema probe, then its read: the question from the model, then from the cache.
                    try (ResultSet rs = s.executeQuery(
                            "SELECT * FROM (NL: list the orders) SPARK_GEN_SUBQ_0 WHERE 1=0")) {
                        assertFalse(rs.next());
                    }
                    try (ResultSet rs = s.executeQuery("SELECT t.total FROM (NL: list the orders) t")) {
                        assertTrue(rs.next());
                        assertEquals(10, rs.getInt(1));
                        assertFalse(rs.next(), "the tenant filter keeps one row");
                    }
                    assertThrows(SQLException.class,
                            () -> s.executeQuery("SELECT * FROM (NL: list the orders) t, secrets"));
                    try (java.sql.PreparedStatement ps = c.prepareStatement("NL: total of the orders")) {
                        for (int run = 0; run < 2; run++) { // translated once, when prepared; run twice
                            try (ResultSet rs = ps.executeQuery()) {
                                assertTrue(rs.next());
                                assertEquals(10, rs.getInt(1));
                            }
                        }
                    }
                    SQLException refused = assertThrows(SQLException.class,
                            () -> c.prepareStatement("SELECT * FROM (NL: list the orders) t, secrets"));
                    assertTrue(refused.getSQLState().startsWith("42"), refused.getMessage());
                    try (ResultSet rs = s.executeQuery("NL STATS")) {
                        Map<String, Long> stats = new HashMap<>();
                        while (rs.next()) {
                            stats.put(rs.getString("scope") + " " + rs.getString("measure"), rs.getLong("value"));
                        }
                        assertEquals(2L, stats.get("connection nljdbc.questions{form=wrapped,outcome=ran}"),
                                stats.toString());
                        assertEquals(2L, stats.get("connection nljdbc.questions{form=wrapped,outcome=refused}"),
                                stats.toString());
                        assertEquals(2L, stats.get("connection nljdbc.questions{form=query,outcome=ran}"),
                                stats.toString());
                        assertEquals(1L, stats.get("connection nljdbc.questions{form=query,outcome=prepared}"),
                                stats.toString());
                        assertEquals(2L, stats.get("connection nljdbc.questions.by.source{source=prepared}"),
                                "both executions run the plan made when prepared: " + stats);
                        assertEquals(2L, stats.get("connection nljdbc.questions.by.source{source=model}"),
                                stats.toString());
                        assertEquals(3L, stats.get("connection nljdbc.rows"), "one row read by three of them");
                        assertEquals(200L, stats.get("connection nljdbc.question.tokens.in"),
                                "the prepared question's tokens are counted once: " + stats);
                        assertEquals(4L, stats.get("connection nljdbc.stage.duration{stage=execution}.count"),
                                stats.toString());
                    }
                }
            });
            assertEquals(7, audit.size(), audit.toString());
            JsonNode probe = audit.get(0);
            assertFields(probe, "ran");
            assertEquals("wrapped", probe.get("form").asText());
            assertEquals("list the orders", probe.get("question").asText());
            assertEquals("model", probe.get("source").asText());
            assertTrue(probe.get("sql").asText().startsWith("SELECT * FROM (SELECT"), probe.toString());
            assertTrue(probe.get("sql").asText().contains("?"), "the tenant value is bound: " + probe);
            assertEquals("bound", probe.get("tenant").asText());
            assertTrue(probe.get("rewrites").toString().contains("masked"), probe.toString());
            assertEquals(100, probe.get("tokens").get("in").asInt());
            assertEquals((100 * 2.50 + 20 * 10.00) / 1e6, probe.get("cost").asDouble(), 1e-12);
            assertEquals(0, probe.get("rows").asInt());
            assertTrue(stagesOf(probe).containsAll(List.of("retrieval", "generation", "checkpoint", "execution")),
                    probe.toString());
            JsonNode read = audit.get(1);
            assertFields(read, "ran");
            assertEquals("wrapped", read.get("form").asText());
            assertEquals("cache", read.get("source").asText());
            assertEquals(0, read.get("tokens").get("in").asInt());
            assertEquals(0.0, read.get("cost").asDouble(), 0.0);
            assertEquals(1, read.get("rows").asInt(), read.toString());
            assertTrue(read.get("bytes").asLong() >= 8, read.toString());
            assertTrue(read.get("sql").asText().startsWith("SELECT t.total FROM (SELECT"), read.toString());
            List<String> readStages = stagesOf(read);
            assertTrue(readStages.containsAll(List.of("cache", "checkpoint", "execution")), read.toString());
            assertFalse(readStages.contains("generation"), read.toString());
            JsonNode refusal = audit.get(2);
            assertFields(refusal, "refused");
            assertEquals("wrapped", refusal.get("form").asText());
            assertTrue(refusal.get("sqlState").asText().startsWith("42"), refusal.toString());
            assertTrue(refusal.get("sql").asText().contains("secrets"), "the refused statement: " + refusal);
            assertFalse(stagesOf(refusal).contains("execution"), "a refused statement never runs: " + refusal);
            JsonNode prepared = audit.get(3);
            assertFields(prepared, "prepared");
            assertEquals("query", prepared.get("form").asText());
            assertEquals("total of the orders", prepared.get("question").asText());
            assertEquals("model", prepared.get("source").asText(), "translated when prepared: " + prepared);
            assertEquals(100, prepared.get("tokens").get("in").asInt(), prepared.toString());
            assertTrue(prepared.get("cost").asDouble() > 0, prepared.toString());
            assertEquals(0, prepared.get("rows").asInt(), prepared.toString());
            assertTrue(stagesOf(prepared).containsAll(List.of("retrieval", "generation", "checkpoint")),
                    prepared.toString());
            assertFalse(stagesOf(prepared).contains("execution"), "nothing ran when it was prepared: " + prepared);
            for (JsonNode again : List.of(audit.get(4), audit.get(5))) {
                assertFields(again, "ran");
                assertEquals("prepared", again.get("source").asText(), again.toString());
                assertEquals(0, again.get("tokens").get("in").asInt(), "its tokens were spent once: " + again);
                assertEquals(0.0, again.get("cost").asDouble(), 0.0);
                assertEquals(prepared.get("sql").asText(), again.get("sql").asText());
                assertEquals(1, again.get("rows").asInt(), again.toString());
                assertEquals(List.of("execution"), stagesOf(again), again.toString());
            }
            JsonNode refusedWhenPrepared = audit.get(6);
            assertFields(refusedWhenPrepared, "refused");
            assertEquals("wrapped", refusedWhenPrepared.get("form").asText());
            assertTrue(refusedWhenPrepared.get("sql").asText().contains("secrets"), refusedWhenPrepared.toString());

            assertTrue(registry.get("nljdbc.questions").tags("form", "wrapped", "outcome", "ran").counter().count() >= 2);
            assertTrue(registry.get("nljdbc.questions").tags("form", "wrapped", "outcome", "refused").counter()
                    .count() >= 2);
            assertTrue(registry.get("nljdbc.questions.by.source").tags("source", "prepared").counter().count() >= 1);
            assertTrue(registry.get("nljdbc.question.duration").tags("form", "wrapped", "outcome", "ran").timer()
                    .count() >= 2);
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    @Test
    void anLlmFreeAnswerIsAuditedAndNotAuditedWhenOff() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.H2, "observe_free")) {
            db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40))",
                    "INSERT INTO customers VALUES (1, 'Ada')", "INSERT INTO customers VALUES (2, 'Bob')");
            List<JsonNode> audit = auditOf(() -> {
                try (Connection c = DriverManager.getConnection(db.nlUrl(), new Properties());
                     Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: how many customers are there?")) {
                    assertTrue(rs.next());
                    assertEquals(2, rs.getInt(1));
                }
                Properties off = new Properties();
                off.setProperty("nl.audit", "off");
                try (Connection c = DriverManager.getConnection(db.nlUrl(), off);
                     Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: how many customers are there?")) {
                    assertTrue(rs.next());
                }
            });
            assertEquals(1, audit.size(), audit.toString());
            assertFields(audit.get(0), "ran");
            assertEquals("llm-free", audit.get(0).get("source").asText());
            assertEquals(1, audit.get(0).get("rows").asInt());
            assertEquals(8, audit.get(0).get("bytes").asInt(), "one count");
            assertTrue(stagesOf(audit.get(0)).containsAll(List.of("symbolic", "checkpoint", "execution")),
                    audit.get(0).toString());
            assertEquals("none", audit.get(0).get("tenant").asText());
        }
    }

    @Test
    void aResultClosedEarlyIsAuditedWithTheRowsTheCallerRead() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.H2, "observe_early")) {
            db.exec("CREATE TABLE parts (id INTEGER PRIMARY KEY, name VARCHAR(40))",
                    "INSERT INTO parts VALUES (1, 'a')", "INSERT INTO parts VALUES (2, 'b')",
                    "INSERT INTO parts VALUES (3, 'c')");
            List<JsonNode> audit = auditOf(() -> {
                try (Connection c = DriverManager.getConnection(db.nlUrl(), new Properties());
                     Statement s = c.createStatement()) {
                    try (ResultSet rs = s.executeQuery("NL: list the parts")) {
                        assertTrue(rs.next());
                        assertTrue(rs.next());
                    }
                    assertTrue(s.execute("NL: list the parts"));
                    // not read at all: the next statement closes it, and its line follows
                    s.executeQuery("NL STATS").close();
                }
            });
            assertEquals(2, audit.size(), audit.toString());
            assertEquals(2, audit.get(0).get("rows").asInt(), audit.get(0).toString());
            assertTrue(audit.get(0).get("bytes").asLong() > 0, audit.get(0).toString());
            assertEquals(0, audit.get(1).get("rows").asInt(), audit.get(1).toString());
        }
    }

    @Test
    void modelRetriesCircuitStateAndSharedCacheLookupsAreMetered() throws Exception {
        requireRedis();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.H2, "observe_obs_redis")) {
            db.exec("CREATE TABLE obs_items (id INTEGER PRIMARY KEY, price INTEGER)", "INSERT INTO obs_items VALUES (1, 5)");
            llm.then(new ScriptedLlmServer.Status(503, "{\"error\":\"busy\"}", Map.of("Retry-After", "0")))
                    .reply("SELECT SUM(price) FROM obs_items");
            String question = "NL: total price of the obs items (obs run " + System.nanoTime() + ")";
            double retriesBefore = registry.get("nljdbc.llm.retries").functionCounter().count();
            double sharedHitsBefore = registry.get("nljdbc.cache.lookups").tags("tier", "shared", "result", "hit")
                    .functionCounter().count();
            double sharedMissesBefore = registry.get("nljdbc.cache.lookups").tags("tier", "shared", "result", "miss")
                    .functionCounter().count();
            // Two runtimes (two local caches) over one Redis: the second one's local miss is a shared hit.
            for (String ttl : List.of("3600", "3599")) {
                Properties p = modelSettings(llm);
                p.setProperty("nl.cache.redis", "redis://127.0.0.1:6379/0");
                p.setProperty("nl.cache.ttlSeconds", ttl);
                try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery(question)) {
                    assertTrue(rs.next());
                    assertEquals(5, rs.getInt(1));
                }
            }
            assertEquals(2, llm.requests().size(), "one 503, retried once, then the shared translation");
            assertEquals(1, registry.get("nljdbc.llm.retries").functionCounter().count() - retriesBefore, 0.0);
            assertEquals(1, registry.get("nljdbc.cache.lookups").tags("tier", "shared", "result", "hit")
                    .functionCounter().count() - sharedHitsBefore, 0.0);
            assertEquals(1, registry.get("nljdbc.cache.lookups").tags("tier", "shared", "result", "miss")
                    .functionCounter().count() - sharedMissesBefore, 0.0);
            assertEquals(0, registry.get("nljdbc.llm.circuits").tags("state", "open").gauge().value(), 0.0);
            Object retries = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("org.nljdbc:type=Statistics"), "ModelRetries");
            assertTrue((Long) retries >= 1, String.valueOf(retries));
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    private static void requireRedis() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", 6379), 500);
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("Redis is not reachable at 127.0.0.1:6379");
        }
    }

    @Test
    void aStatementPreparedOrDescribedButNeverExecutedHasItsTokensInTheAuditTrail() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.H2, "observe_unrun")) {
            db.exec("CREATE TABLE sales (id INTEGER PRIMARY KEY, region VARCHAR(20), amount INTEGER)",
                    "INSERT INTO sales VALUES (1, 'north', 7)");
            llm.reply("SELECT SUM(amount) AS total FROM sales")
                    .reply("SELECT SUM(amount) AS total FROM sales WHERE region = 'north'");
            Properties p = modelSettings(llm);
            p.setProperty("nl.llm.price", "2.50,10.00");
            List<JsonNode> audit = auditOf(() -> {
                try (Connection c = DriverManager.getConnection(db.nlUrl(), p)) {
                    c.prepareStatement("NL: total amount of the sales").close(); // prepared, never executed
                    try (java.sql.PreparedStatement ps = c.prepareStatement("NL: total amount of sales in region ?")) {
                        ps.setString(1, "north");
                        assertEquals(1, ps.getMetaData().getColumnCount(), "described before it runs");
                        assertEquals(1, ps.getMetaData().getColumnCount(), "described again from the same plan");
                    }
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL STATS")) {
                        Map<String, Long> stats = new HashMap<>();
                        while (rs.next()) {
                            stats.put(rs.getString("scope") + " " + rs.getString("measure"), rs.getLong("value"));
                        }
                        assertEquals(2L, stats.get("connection nljdbc.questions{form=query,outcome=prepared}"),
                                stats.toString());
                        assertEquals(240L, stats.get("connection nljdbc.question.tokens.in")
                                + stats.get("connection nljdbc.question.tokens.out"), stats.toString());
                        assertFalse(stats.containsKey("connection nljdbc.questions{form=query,outcome=ran}"),
                                stats.toString());
                    }
                }
            });
            assertEquals(2, llm.requests().size(), "each translated once");
            assertEquals(2, audit.size(), audit.toString());
            for (JsonNode line : audit) {
                assertFields(line, "prepared");
                assertEquals("model", line.get("source").asText(), line.toString());
                assertEquals(100, line.get("tokens").get("in").asInt(), line.toString());
                assertEquals(20, line.get("tokens").get("out").asInt(), line.toString());
                assertEquals((100 * 2.50 + 20 * 10.00) / 1e6, line.get("cost").asDouble(), 1e-12, line.toString());
                assertEquals(0, line.get("rows").asInt(), line.toString());
                assertFalse(stagesOf(line).contains("execution"), line.toString());
            }
            assertEquals("total amount of the sales", audit.get(0).get("question").asText());
            assertTrue(audit.get(1).get("sql").asText().contains("north"), audit.get(1).toString());
        }
    }

    @Test
    void metricsOffCountsNothingAnywhereWhileTheAuditTrailStaysOn() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (TestDb db = TestDatabases.fresh(Target.H2, "observe_metrics_off")) {
            db.exec("CREATE TABLE parcels (id INTEGER PRIMARY KEY, weight INTEGER)",
                    "INSERT INTO parcels VALUES (1, 3)", "INSERT INTO parcels VALUES (2, 4)");
            ObjectName mbean = new ObjectName("org.nljdbc:type=Statistics");
            org.nljdbc.driver.observe.Statistics.process(); // registers the MBean, whichever test runs first
            Properties off = new Properties();
            off.setProperty("nl.metrics", "off");
            Properties on = new Properties();
            on.setProperty("nl.metrics", "on");
            List<Double> counted = new ArrayList<>();
            List<Long> mbeanQuestions = new ArrayList<>();
            List<JsonNode> audit = auditOf(() -> {
                for (Properties p : List.of(off, on)) {
                    double before = ranQueries(registry);
                    long questionsBefore = (Long) ManagementFactory.getPlatformMBeanServer()
                            .getAttribute(mbean, "Questions");
                    try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                        try (ResultSet rs = s.executeQuery("NL: how many parcels are there?")) {
                            assertTrue(rs.next());
                            assertEquals(2, rs.getInt(1));
                        }
                        try (ResultSet rs = s.executeQuery("NL STATS")) {
                            boolean connectionRows = false;
                            while (rs.next()) {
                                connectionRows |= rs.getString("scope").equals("connection");
                            }
                            assertEquals(p == on, connectionRows, "NL STATS rows of the connection, metrics " + p);
                        }
                    }
                    counted.add(ranQueries(registry) - before);
                    mbeanQuestions.add((Long) ManagementFactory.getPlatformMBeanServer().getAttribute(mbean, "Questions")
                            - questionsBefore);
                }
            });
            assertEquals(List.of(0.0, 1.0), counted, "the host's registry counts only the question with metrics on");
            assertEquals(List.of(0L, 1L), mbeanQuestions, "the MBean counts only the question with metrics on");
            assertEquals(2, audit.size(), "the audit trail does not depend on nl.metrics: " + audit);
            SQLException fromUrl = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(db.nlUrl() + ";nl.metrics=off").close());
            assertEquals("28000", fromUrl.getSQLState(), "the URL may not switch the administrator's metrics off");
            assertTrue(fromUrl.getMessage().contains("nl.metrics"), fromUrl.getMessage());
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    private static double ranQueries(SimpleMeterRegistry registry) {
        io.micrometer.core.instrument.Counter c = registry.find("nljdbc.questions").tags("form", "query", "outcome", "ran")
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theBudgetRefusesTheModelOnceSpentWhileACachedQuestionStillAnswers() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.H2, "observe_budget")) {
            db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, price INTEGER)", "INSERT INTO items VALUES (1, 5)");
            llm.reply("SELECT SUM(price) FROM items").reply("SELECT COUNT(*) FROM items");
            Properties p = modelSettings(llm);
            p.setProperty("nl.llm.budget", "100 tokens"); // one scripted call spends 120
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: total price of the items")) {
                    assertTrue(rs.next());
                    assertEquals(5, rs.getInt(1));
                }
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: how many items"));
                assertEquals("53400", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("nl.llm.budget"), e.getMessage());
                assertEquals(1, llm.requests().size(), "the refused question never reached the model");
                try (ResultSet rs = s.executeQuery("NL: total price of the items")) {
                    assertTrue(rs.next(), "a cached question still answers");
                    assertEquals(5, rs.getInt(1));
                }
            }
        }
    }
}
