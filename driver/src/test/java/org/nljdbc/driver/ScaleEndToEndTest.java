package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nljdbc.translator.internal.catalog.CatalogSnapshot;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Issue 17 through the public JDBC API: catalog reads share one small pool per database, snapshots are private and
 * dropped by DDL through nljdbc, and processes (here: independent driver runtimes) sharing Redis translate each
 * question once, keep answering when Redis dies, and share the per-user rate limit.
 */
class ScaleEndToEndTest {
    private static final Pattern TABLE = Pattern.compile("rows in (\\w+)( \\(run [\\w-]+[^)]*\\))?");

    private static Properties props(ScriptedLlmServer llm, String... extra) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "1.1");
        for (int i = 0; i < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return p;
    }

    /** A model that answers "how many rows in T ..." with a count of T, counting calls per question. */
    private static Map<String, Integer> countingModel(ScriptedLlmServer llm, Duration delay) {
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        llm.otherwise(req -> {
            String user = "";
            for (var m : req.path("messages")) {
                if ("user".equals(m.path("role").asText())) {
                    user = m.path("content").asText();
                }
            }
            Matcher m = TABLE.matcher(user);
            if (!m.find()) {
                return ScriptedLlmServer.completion("I cannot answer that.");
            }
            calls.merge(m.group(), 1, Integer::sum);
            return new ScriptedLlmServer.Reply("```sql\nSELECT count(*) FROM " + m.group(1) + "\n```", 10, 5, delay);
        });
        return calls;
    }

    private static long count(Statement s, String question) throws SQLException {
        try (ResultSet rs = s.executeQuery("NL: " + question)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static void shop(TestDb db) throws SQLException {
        db.exec("CREATE TABLE sc_item (id INT PRIMARY KEY, name VARCHAR(20), kind VARCHAR(10))",
                "CREATE TABLE sc_secret (id INT PRIMARY KEY, code VARCHAR(20))",
                "CREATE TABLE sc_person (id INT PRIMARY KEY, name VARCHAR(20), ssn VARCHAR(20))",
                "INSERT INTO sc_item VALUES (1, 'bolt', 'metal'), (2, 'nut', 'metal'), (3, 'cork', 'wood')",
                "INSERT INTO sc_secret VALUES (1, 'launch-7731')",
                "INSERT INTO sc_person VALUES (1, 'Ana', '555-12-3456')");
    }

    @Test
    void sixtyConcurrentNlConnectionsUseAtMostSixtyServerConnectionsPlusTheCatalogPool(@TempDir Path dir)
            throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "sc_pool");
             Connection locker = db.open(); Connection observer = db.open()) {
            shop(db);
            countingModel(llm, Duration.ZERO);
            String app = "nl_scale_pool_" + ProcessHandle.current().pid();
            Properties p = props(llm, "ApplicationName", app, "nl.catalog.snapshotDir", dir.toString());
            int n = 60;
            // The catalog read samples sc_item: while another transaction locks it, every one of the 60 first
            // questions is inside the catalog read at once, which is when per-question catalog connections piled up.
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE sc_item IN ACCESS EXCLUSIVE MODE");
            }
            CountDownLatch asking = new CountDownLatch(n);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<Future<Long>> answers = new ArrayList<>();
            long most = 0;
            try {
                for (int i = 0; i < n; i++) {
                    answers.add(pool.submit(() -> {
                        try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                            asking.countDown();
                            return count(s, "how many rows in sc_item");
                        }
                    }));
                }
                assertTrue(asking.await(60, TimeUnit.SECONDS));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                long lockWaiters = 0;
                while (lockWaiters == 0 && System.nanoTime() < deadline) {
                    lockWaiters = serverConnections(observer, app, true);
                }
                assertTrue(lockWaiters > 0, "the catalog read reached the locked table");
                // Watch the count for a while the reads are blocked: it must never pass 60 + the pool.
                long watchUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (System.nanoTime() < watchUntil) {
                    most = Math.max(most, serverConnections(observer, app, false));
                }
            } finally {
                locker.rollback();
            }
            try {
                for (Future<Long> f : answers) {
                    assertEquals(3L, f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(most >= n && most <= n + CatalogPools.SIZE,
                    n + " NL connections held up to " + most + " server connections");
        }
    }

    private static long serverConnections(Connection observer, String app, boolean waitingOnLocks)
            throws SQLException {
        try (Statement s = observer.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app
                     + "'" + (waitingOnLocks ? " AND wait_event_type = 'Lock'" : ""))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void snapshotIsPrivateHoldsOnlyWhatThePolicyShowsAndDdlThroughNljdbcDropsIt(@TempDir Path dir) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "sc_snap")) {
            shop(db);
            countingModel(llm, Duration.ZERO);
            Path snapshots = dir.resolve("snapshots");
            Properties p = props(llm, "nl.catalog.snapshotDir", snapshots.toString(), "nl.tables.deny", "sc_secret",
                    "nl.columns.mask", "sc_person.ssn");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                assertEquals(3, count(s, "how many rows in sc_item"));
                List<Path> files = snapshotFiles(snapshots);
                assertEquals(1, files.size());
                byte[] raw = Files.readAllBytes(files.get(0));
                CatalogSnapshot snap = CatalogSnapshot.decode(raw);
                assertTrue(snap.catalog().table("sc_item").isPresent());
                assertTrue(snap.catalog().table("sc_item").orElseThrow().column("kind").orElseThrow().sampleValues()
                        .contains("metal"), "samples of visible columns are kept");
                assertFalse(snap.catalog().table("sc_secret").isPresent(), "a denied table is not in the snapshot");
                String text = inflated(raw);
                assertFalse(text.contains("sc_secret") || text.contains("launch-7731"), "nothing of the denied table");
                assertFalse(text.contains("555-12-3456"), "no masked value");

                s.execute("CREATE TABLE sc_new (id INT)");
                assertTrue(snapshotFiles(snapshots).isEmpty(), "DDL through nljdbc drops the database's snapshots");
                s.execute("INSERT INTO sc_new VALUES (1), (2)");
                assertEquals(2, count(s, "how many rows in sc_new"), "and the catalog is read again");
            }
        }
    }

    private static List<Path> snapshotFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".snap")).toList();
        }
    }

    private static String inflated(byte[] raw) throws IOException {
        try (var in = new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(raw))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void requireRedis(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            System.err.println("SKIP: Redis is not reachable at 127.0.0.1:" + port);
            Assumptions.abort("Redis is not reachable at 127.0.0.1:" + port);
        }
    }

    @Test
    void twoDriverRuntimesSharingRedisSendEachDistinctQuestionToTheModelOnce(@TempDir Path dir) throws Exception {
        requireRedis(6379);
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "sc_redis")) {
            shop(db);
            // Slow enough that the runtimes overlap while one of them translates: the others wait on its lock.
            Map<String, Integer> calls = countingModel(llm, Duration.ofMillis(150));
            String run = "r" + System.nanoTime();
            // Two settings that make two runtimes (two local caches) in this JVM: two processes, as far as sharing goes.
            Properties a = props(llm, "nl.cache.redis", "redis://127.0.0.1:6379/0", "nl.cache.ttlSeconds", "3600",
                    "nl.catalog.snapshotDir", dir.resolve("a").toString());
            Properties b = props(llm, "nl.cache.redis", "redis://127.0.0.1:6379/0", "nl.cache.ttlSeconds", "3599",
                    "nl.catalog.snapshotDir", dir.resolve("b").toString());
            List<String> questions = List.of("sc_item", "sc_person", "sc_secret").stream()
                    .map(t -> "how many rows in " + t + " (run " + run + ")").toList();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<Long>> answers = new ArrayList<>();
                CountDownLatch go = new CountDownLatch(1);
                for (int i = 0; i < 6; i++) {
                    Properties settings = i % 2 == 0 ? a : b;
                    answers.add(pool.submit(() -> {
                        try (Connection c = DriverManager.getConnection(db.nlUrl(), settings);
                             Statement s = c.createStatement()) {
                            go.await();
                            long sum = 0;
                            for (String q : questions) {
                                sum += count(s, q);
                            }
                            return sum;
                        }
                    }));
                }
                go.countDown();
                for (Future<Long> f : answers) {
                    assertEquals(5L, f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(3, calls.size(), calls.toString());
            calls.forEach((q, n) -> assertEquals(1, n, "model calls for " + q));
        }
    }

    /** A private redis-server on a port of its own, which this test may kill; skips when the binary is absent. */
    private static Process startRedis(int port) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            System.err.println("SKIP: redis-server is not on the PATH");
            Assumptions.abort("redis-server is not on the PATH");
            throw e;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        p.destroyForcibly();
        Assumptions.abort("redis-server did not start on port " + port);
        return p;
    }

    @Test
    void killingRedisMidRunLosesNoAnswer(@TempDir Path dir) throws Exception {
        Process redis = startRedis(6390);
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "sc_kill")) {
            shop(db);
            Map<String, Integer> calls = countingModel(llm, Duration.ZERO);
            String run = "k" + System.nanoTime();
            Properties p = props(llm, "nl.cache.redis", "redis://127.0.0.1:6390/0", "nl.cache.redisTimeoutMillis",
                    "200", "nl.catalog.snapshotDir", dir.toString());
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                assertEquals(3, count(s, "how many rows in sc_item (run " + run + ")"));
                redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                assertEquals(3, count(s, "how many rows in sc_item (run " + run + ")"), "from the local cache");
                assertEquals(1, count(s, "how many rows in sc_person (run " + run + ")"), "a new question");
                s.execute("CREATE TABLE sc_after (id INT)"); // DDL: the snapshot store is down too
                assertEquals(0, count(s, "how many rows in sc_after (run " + run + ")"));
            }
            assertEquals(3, calls.size(), calls.toString());
        } finally {
            redis.destroyForcibly();
        }
    }

    @Test
    void thePerUserRateLimitIsSharedThroughRedis(@TempDir Path dir) throws Exception {
        Process redis = startRedis(6391);
        try (ScriptedLlmServer llm = ScriptedLlmServer.start();
             TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "sc_rate")) {
            shop(db);
            Map<String, Integer> calls = countingModel(llm, Duration.ZERO);
            String run = "l" + System.nanoTime();
            Properties a = props(llm, "nl.cache.redis", "redis://127.0.0.1:6391/0", "nl.rateLimit.perMinute", "2",
                    "nl.catalog.snapshotDir", dir.resolve("a").toString());
            Properties b = props(llm, "nl.cache.redis", "redis://127.0.0.1:6391/0", "nl.rateLimit.perMinute", "2",
                    "nl.catalog.snapshotDir", dir.resolve("b").toString());
            // The limit counts per wall-clock minute: start early in one, so the three questions share it.
            long intoMinute = System.currentTimeMillis() % 60_000;
            if (intoMinute > 45_000) {
                Thread.sleep(60_000 - intoMinute + 100);
            }
            long minute = System.currentTimeMillis() / 60_000;
            try (Connection ca = DriverManager.getConnection(db.nlUrl(), a); Statement sa = ca.createStatement();
                 Connection cb = DriverManager.getConnection(db.nlUrl(), b); Statement sb = cb.createStatement()) {
                assertEquals(3, count(sa, "how many rows in sc_item (run " + run + ")"));
                assertEquals(1, count(sb, "how many rows in sc_person (run " + run + ")"));
                SQLException e = assertThrows(SQLException.class,
                        () -> count(sb, "how many rows in sc_secret (run " + run + ")"));
                Assumptions.assumeTrue(minute == System.currentTimeMillis() / 60_000,
                        "the minute window rolled over during the test");
                assertTrue(e.getMessage().contains("across every process"), e.getMessage());
            }
            assertEquals(2, calls.size(), "the refused call never reached the model: " + calls);
        } finally {
            redis.destroyForcibly();
        }
    }
}
