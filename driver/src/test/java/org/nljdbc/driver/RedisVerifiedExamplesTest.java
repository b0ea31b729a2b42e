package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.knowledge.RedisExampleStore;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;
import redis.clients.jedis.JedisPooled;

/**
 * Verified examples in the shared Redis ({@code nl.cache.redis}, no {@code nl.examples.url}), on PostgreSQL: what
 * one runtime remembers a second, independent one reuses without a model, a policy that now denies its table refuses
 * it, a forget in one runtime is seen by the other within the store's short cache time, and the example lives under
 * the database's own Redis key (the database's name, and so its key, is unique to this test: "know_redis...").
 */
class RedisVerifiedExamplesTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
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

    private static Properties settings(String distinct) {
        Properties p = new Properties();
        p.setProperty("nl.cache.redis", REDIS);
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.catalog.snapshot", "false");
        // A setting no other connection here shares: its own runtime, translator and caches, as another process.
        p.setProperty("nl.cache.ttlSeconds", distinct);
        return p;
    }

    private static int exampleCount(Statement s) throws SQLException {
        int n = 0;
        try (ResultSet rs = s.executeQuery("NL EXAMPLES")) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void rememberedInRedisIsReusedByAnotherRuntimeRefusedWhenDeniedAndForgottenEverywhere() throws Exception {
        requireRedis();
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "know_redis");
             JedisPooled jedis = new JedisPooled("127.0.0.1", 6379)) {
            String key = RedisExampleStore.key(NlUrl.redact(db.url()));
            jedis.del(key);
            try {
                db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER, status VARCHAR(20))",
                        "INSERT INTO orders VALUES (1, 10, 'paid'), (2, 30, 'paid'), (3, 50, 'refunded')");
                llm.reply(SQL);
                Properties withModel = settings("3611");
                withModel.setProperty("nl.llm.provider", "openai");
                withModel.setProperty("nl.llm.baseUrl", llm.baseUrl());
                withModel.setProperty("nl.llm.model", "m");
                withModel.setProperty("nl.symbolic.minConfidence", "2");
                try (Connection a = DriverManager.getConnection(db.nlUrl(), withModel);
                     Statement sa = a.createStatement()) {
                    try (ResultSet rs = sa.executeQuery("NL: " + QUESTION)) {
                        assertTrue(rs.next());
                        assertEquals(20, rs.getInt(1));
                    }
                    try (ResultSet rs = sa.executeQuery("NL REMEMBER")) {
                        assertTrue(rs.next());
                        assertEquals("remembered", rs.getString("status"));
                    }
                    assertEquals(1, exampleCount(sa), "this runtime sees its own example at once");
                    Map<String, String> stored = jedis.hgetAll(key);
                    assertEquals(1, stored.size(), "one field in the database's hash: " + stored.keySet());
                    assertTrue(stored.values().iterator().next().contains("average_order_value"));
                    assertEquals(1, llm.requests().size());

                    // Another runtime with no model: the nearly equal question reuses the example's SQL.
                    try (Connection b = DriverManager.getConnection(db.nlUrl(), settings("3612"));
                         Statement sb = b.createStatement()) {
                        try (ResultSet rs = sb.executeQuery("NL: what is the AVERAGE order values")) {
                            assertTrue(rs.next());
                            assertEquals(20, rs.getInt(1));
                        }
                        NlResult r = sb.unwrap(NlResult.class);
                        assertEquals("example", r.source());
                        assertTrue(r.sql().contains("LIMIT"), "the checkpoint's rewrites apply: " + r.sql());
                        assertEquals(1, llm.requests().size(), "no model call for a verified question");

                        // A policy that now denies the example's table refuses it rather than run it.
                        Properties denying = settings("3613");
                        denying.setProperty("nl.tables.deny", "orders");
                        try (Connection c = DriverManager.getConnection(db.nlUrl(), denying);
                             Statement sc = c.createStatement()) {
                            SQLException e = assertThrows(SQLException.class, () -> sc.executeQuery("NL: " + QUESTION));
                            assertEquals("42501", e.getSQLState(), e.getMessage());
                        }

                        try (ResultSet rs = sb.executeQuery("NL FORGET: what is the average order value")) {
                            assertTrue(rs.next());
                            assertEquals("forgotten", rs.getString("status"));
                        }
                        assertEquals(0, exampleCount(sb), "the runtime that forgot sees it at once");
                        assertTrue(jedis.hgetAll(key).isEmpty(), "gone from Redis");
                        SQLException e = assertThrows(SQLException.class, () -> sb.executeQuery("NL: " + QUESTION));
                        assertTrue(e.getMessage().contains("no LLM is configured"), e.getMessage());
                    }
                    // The first runtime read the example before the forget; its copy expires within seconds.
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    int seen = exampleCount(sa);
                    while (seen != 0 && System.nanoTime() < deadline) {
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                        seen = exampleCount(sa);
                    }
                    assertEquals(0, seen, "another runtime's forget reaches this one");
                }
            } finally {
                jedis.del(key);
            }
        }
    }

    @Test
    void aRedisThatDoesNotAnswerFailsRememberClearlyWithoutItsPasswordAndQuestionsStillAnswer() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "know_down")) {
            db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER)", "INSERT INTO orders VALUES (1, 5)");
            Properties p = settings("3615");
            // Port 1: nothing listens; the password must not leak into any message.
            p.setProperty("nl.cache.redis", "redis://know:s3cret-know@127.0.0.1:1/0");
            p.setProperty("nl.cache.redisTimeoutMillis", "300");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: how many orders are there")) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt(1), "the question is answered without the examples");
                }
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL REMEMBER"));
                assertEquals("HY000", e.getSQLState());
                assertTrue(e.getMessage().contains("could not write the verified examples"), e.getMessage());
                assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
                SQLException list = assertThrows(SQLException.class, () -> s.executeQuery("NL EXAMPLES"));
                assertFalse(list.getMessage().contains("s3cret"), list.getMessage());
            }
        }
    }

    @Test
    void theJdbcStoreWinsWhenBothAreConfigured() throws Exception {
        requireRedis();
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "know_both");
             TestDb store = TestDatabases.fresh(Target.POSTGRESQL, "know_both_store");
             JedisPooled jedis = new JedisPooled("127.0.0.1", 6379)) {
            String key = RedisExampleStore.key(NlUrl.redact(db.url()));
            db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER)", "INSERT INTO orders VALUES (1, 5)");
            Properties p = settings("3614");
            p.setProperty("nl.examples.url", store.url());
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: how many orders are there")) {
                    assertTrue(rs.next());
                }
                s.executeQuery("NL REMEMBER").close();
                assertEquals(1, exampleCount(s));
                assertFalse(jedis.exists(key), "nothing went to Redis");
            } finally {
                jedis.del(key);
            }
            try (Connection plain = store.open(); Statement s = plain.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM nl_verified_examples")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
        }
    }
}
