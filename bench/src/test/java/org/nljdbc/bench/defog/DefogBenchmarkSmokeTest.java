package org.nljdbc.bench.defog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nljdbc.bench.spider.SpiderBenchmark;

/** The defog harness end to end on PostgreSQL: a few broker questions, and the loader's reuse of a loaded dump. */
class DefogBenchmarkSmokeTest {
    private static final String SERVER = SpiderBenchmark.defaultServer("postgresql");

    @TempDir
    Path tmp;

    private static void assumePostgres() {
        try (Connection c = DriverManager.getConnection(SERVER)) {
            assumeTrue(c.isValid(5));
        } catch (SQLException e) {
            assumeTrue(false, "PostgreSQL absent at " + SERVER + "; skipping the defog harness test");
        }
    }

    @Test
    void scriptedAndLlmFreeRunsOnThreeBrokerQuestionsWriteEveryFigure() throws Exception {
        Path data = DefogData.locate();
        assumeTrue(Files.isRegularFile(DefogData.dump(data, "broker")),
                "defog data absent at " + data + " (set -Dnljdbc.shared.data); skipping the defog harness test");
        assumePostgres();
        Path out = tmp.resolve("defog.json");
        ObjectNode scripted = DefogBenchmark.run(new DefogBenchmark.Options(data, "scripted", SERVER, "bench_defog_",
                Set.of("broker"), 3, false, out));
        JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
        for (String field : new String[] {"accuracy", "total", "answered", "correct", "questions", "byDatabase"}) {
            assertTrue(written.has(field), "JSON has " + field);
        }
        assertEquals(3, written.get("questions").size());
        assertEquals(3, scripted.get("total").asInt());
        assertTrue(scripted.get("correct").asInt() > 0, "the perfect scripted model gets a question right");
        for (JsonNode q : written.get("questions")) {
            assertEquals("broker", q.get("db").asText());
            assertTrue(q.has("gold") && q.has("outcome") && q.has("sql"), q.toString());
        }
        assertTrue(DefogBenchmark.text(scripted).lines().reduce((a, b) -> b).orElseThrow()
                .matches("execution accuracy: \\d\\.\\d{3} \\(\\d+/3\\)"));

        ObjectNode none = DefogBenchmark.run(new DefogBenchmark.Options(data, "none", SERVER, "bench_defog_",
                Set.of("broker"), 3, false, tmp.resolve("none.json")));
        String text = DefogBenchmark.text(none);
        assertTrue(text.contains("coverage: "), text);
        assertTrue(none.has("leaveOneOut"), "the LLM-free run reports leave-one-database-out figures");
    }

    @Test
    void aLoadedDumpIsReusedAndAChangedDumpIsLoadedAgain() throws Exception {
        assumePostgres();
        Path dump = tmp.resolve("tiny.sql");
        Files.writeString(dump, "CREATE SCHEMA IF NOT EXISTS shop;\nCREATE TABLE shop.item (id int PRIMARY KEY, "
                + "name varchar(20)); -- it's a comment; with a quote\nINSERT INTO shop.item VALUES (1, 'a;b');\n");
        String db = "bench_defog_loader_test";
        String url = DefogLoader.load(dump, SERVER, db);
        assertTrue(url.endsWith("/" + db + "?user=postgres&currentSchema=shop"), url);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shop.marker (x int)");
        }
        DefogLoader.load(dump, SERVER, db);
        assertTrue(tableExists(url, "marker"), "the same dump: the loaded database is reused");

        Files.writeString(dump, Files.readString(dump) + "INSERT INTO shop.item VALUES (2, 'c');\n");
        DefogLoader.load(dump, SERVER, db);
        assertFalse(tableExists(url, "marker"), "a changed dump: the database is loaded afresh");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), max(name) FROM item")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
            assertEquals("c", rs.getString(2));
        }
        try (Connection admin = DriverManager.getConnection(SERVER); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db);
        }
    }

    private static boolean tableExists(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.getMetaData().getTables(null, "shop", table, null)) {
            return rs.next();
        }
    }
}
