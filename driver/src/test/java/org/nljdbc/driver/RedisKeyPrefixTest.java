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
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.knowledge.RedisExampleStore;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;
import redis.clients.jedis.JedisPooled;

/**
 * {@code nl.cache.redisPrefix} on PostgreSQL and the real Redis: every key nljdbc writes (translations, verified
 * examples) lives after the prefix and none without it; a deployment with another prefix shares nothing with it,
 * one with the same prefix reuses its verified answer; the URL may not set the prefix.
 */
class RedisKeyPrefixTest {
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

    private static Properties settings(String prefix, String distinct) {
        Properties p = new Properties();
        p.setProperty("nl.cache.redis", "redis://127.0.0.1:6379/0");
        p.setProperty("nl.cache.redisPrefix", prefix);
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.catalog.snapshot", "false");
        p.setProperty("nl.cache.ttlSeconds", distinct);
        return p;
    }

    @Test
    void everyKeyLivesAfterThePrefixAndAnotherPrefixSharesNothing() throws Exception {
        requireRedis();
        String prefix = "know-prefix-" + ProcessHandle.current().pid() + ":";
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "know_prefix");
             JedisPooled jedis = new JedisPooled("127.0.0.1", 6379)) {
            String examples = RedisExampleStore.key(NlUrl.redact(db.url()));
            try {
                db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER, status VARCHAR(20))",
                        "INSERT INTO orders VALUES (1, 10, 'paid'), (2, 30, 'paid'), (3, 50, 'refunded')");
                llm.reply(SQL);
                Properties withModel = settings(prefix, "3631");
                withModel.setProperty("nl.llm.provider", "openai");
                withModel.setProperty("nl.llm.baseUrl", llm.baseUrl());
                withModel.setProperty("nl.llm.model", "m");
                withModel.setProperty("nl.symbolic.minConfidence", "2");
                try (Connection c = DriverManager.getConnection(db.nlUrl(), withModel);
                     Statement s = c.createStatement()) {
                    try (ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
                        assertTrue(rs.next());
                        assertEquals(20, rs.getInt(1));
                    }
                    s.executeQuery("NL REMEMBER").close();
                }
                Set<String> translations = jedis.keys(prefix + "nljdbc:translation:*");
                assertFalse(translations.isEmpty(), "the translation is shared under the prefix");
                assertEquals(1, jedis.hgetAll(prefix + examples).size(), "the example is under the prefix");
                assertTrue(jedis.hgetAll(examples).isEmpty(), "and not without it");
                for (String t : translations) {
                    assertFalse(jedis.exists(t.substring(prefix.length())), "no translation without the prefix");
                }

                // another deployment (another prefix, no model) shares nothing: the question needs a model there
                try (Connection c = DriverManager.getConnection(db.nlUrl(), settings("other-" + prefix, "3632"));
                     Statement s = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + QUESTION));
                    assertTrue(e.getMessage().contains("no LLM is configured"), e.getMessage());
                }
                // the same deployment (same prefix, no model) reuses the verified answer
                try (Connection c = DriverManager.getConnection(db.nlUrl(), settings(prefix, "3633"));
                     Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
                    assertTrue(rs.next());
                    assertEquals(20, rs.getInt(1));
                    assertEquals("example", s.unwrap(NlResult.class).source());
                }
                assertEquals(1, llm.requests().size());
            } finally {
                for (String k : jedis.keys(prefix + "*")) {
                    jedis.del(k);
                }
            }
        }
    }

    @Test
    void theUrlMayNotSetThePrefix() {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:nl:h2:mem:know_prefix_url?nl.cache.redisPrefix=mine:").close());
        assertEquals("28000", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("nl.cache.redisPrefix"), e.getMessage());
    }
}
