package org.nljdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.ResultSet;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An application's own HikariCP pool (from Maven Central) over {@code jdbc:nl:}, shared by several users at once:
 * plain SQL, metadata, {@code NL:} and {@code NL SHOWSQL:} through pooled connections, each answer equal to the
 * hand-written query's rows.
 */
class HikariPoolIT {
    private static final String[][] QUESTIONS = {
        {"how many orders per status?", "SELECT status, COUNT(*) FROM orders GROUP BY status"},
        {"Number of customers by country", "SELECT co.name, COUNT(*) FROM customers c "
                + "JOIN countries co ON co.id = c.country_id GROUP BY co.name"},
        {"Average price by category", "SELECT c.name, AVG(p.price) FROM products p "
                + "JOIN categories c ON c.id = p.category_id GROUP BY c.name"},
        {"How many customers are in Brazil?", "SELECT COUNT(*) FROM customers c "
                + "JOIN countries co ON co.id = c.country_id WHERE co.name = 'Brazil'"}};

    @Test
    void severalUsersShareOnePoolAndEachGetsTheRowsOfTheirQuestion() throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setDriverClassName("org.nljdbc.driver.NlDriver");
        cfg.setJdbcUrl(ShopOnPostgres.db().nlUrl());
        cfg.setMaximumPoolSize(3);
        cfg.setPoolName("it-nl");
        List<List<String>> expected = new ArrayList<>();
        try (Connection raw = ShopOnPostgres.raw()) {
            for (String[] q : QUESTIONS) {
                expected.add(ShopOnPostgres.query(raw, q[1]));
            }
        }
        try (HikariDataSource pool = new HikariDataSource(cfg)) {
            ExecutorService users = Executors.newFixedThreadPool(4);
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int user = 0; user < 4; user++) {
                for (int round = 0; round < 3; round++) {
                    String[] q = QUESTIONS[(user + round) % QUESTIONS.length];
                    answers.add(users.submit(() -> {
                        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                            s.execute("NL RESET");
                            try (ResultSet rs = s.executeQuery("NL: " + q[0])) {
                                return ShopOnPostgres.rows(rs);
                            }
                        }
                    }));
                }
            }
            users.shutdown();
            assertTrue(users.awaitTermination(5, TimeUnit.MINUTES), "the users finished");
            int i = 0;
            for (int user = 0; user < 4; user++) {
                for (int round = 0; round < 3; round++) {
                    int question = (user + round) % QUESTIONS.length;
                    assertEquals(expected.get(question), answers.get(i++).get(), QUESTIONS[question][0]);
                }
            }
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                assertEquals(List.of("2000"), ShopOnPostgres.rows(s.executeQuery("SELECT COUNT(*) FROM orders")));
                try (ResultSet t = c.getMetaData().getTables(null, null, "orders", new String[] {"TABLE"})) {
                    assertTrue(t.next(), "metadata lists orders");
                }
                try (ResultSet rs = s.executeQuery("NL: how many orders per status?")) {
                    SQLWarning w = s.getWarnings();
                    assertNotNull(w, "the SQL that ran is a warning");
                    assertTrue(w.getMessage().toUpperCase().contains("GROUP BY"), w.getMessage());
                    rs.next();
                }
                try (ResultSet rs = s.executeQuery("NL SHOWSQL: how many orders per status?")) {
                    assertTrue(rs.next());
                    assertTrue(rs.getString("sql").toUpperCase().contains("COUNT("), rs.getString("sql"));
                }
            }
        }
    }

    /**
     * What tools that wrap, prepare or parameterise send, through the same pool: Spark's schema probe and read of a
     * wrapped question, a prepared question's metadata before it runs, and a JasperReports-style {@code ?}.
     */
    @Test
    void wrappedPreparedAndParameterisedQuestionsWorkThroughThePool() throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setDriverClassName("org.nljdbc.driver.NlDriver");
        cfg.setJdbcUrl(ShopOnPostgres.db().nlUrl());
        cfg.setMaximumPoolSize(2);
        List<String> perStatus;
        List<String> since;
        try (Connection raw = ShopOnPostgres.raw()) {
            perStatus = ShopOnPostgres.query(raw, QUESTIONS[0][1]);
            since = ShopOnPostgres.query(raw, "SELECT COUNT(*) FROM products WHERE price > 100");
        }
        try (HikariDataSource pool = new HikariDataSource(cfg); Connection c = pool.getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet probe = s.executeQuery(
                    "SELECT * FROM (NL: how many orders per status?) SPARK_GEN_SUBQ_0 WHERE 1=0")) {
                assertEquals(2, probe.getMetaData().getColumnCount());
                assertTrue(!probe.next(), "the schema probe returns no rows");
            }
            assertEquals(perStatus, ShopOnPostgres.query(c, "SELECT * FROM (NL: how many orders per status?) t"));
            // As Tableau sends custom SQL and Metabase a nested question (bi-tool-configs/tableau, metabase): quoted
            // aliases with spaces, the question's stable column names, a leading comment.
            assertEquals(perStatus, ShopOnPostgres.query(c, "SELECT \"Custom SQL Query\".\"status\" AS \"status\", "
                    + "SUM(\"Custom SQL Query\".\"orders\") AS \"sum:orders:ok\" FROM (NL: how many orders per status?) "
                    + "\"Custom SQL Query\" GROUP BY 1"));
            assertEquals(perStatus, ShopOnPostgres.query(c, "-- Metabase:: userID: 1 queryType: native queryHash: 00\n"
                    + "SELECT \"source\".\"status\" AS \"status\", \"source\".\"orders\" AS \"orders\" FROM "
                    + "(NL: how many orders per status?) \"source\" LIMIT 1048575"));
            for (String prepared : new String[] {"NL: how many orders per status?",
                    "SELECT * FROM (NL: how many orders per status?) t"}) {
                try (PreparedStatement ps = c.prepareStatement(prepared)) {
                    ResultSetMetaData before = ps.getMetaData();
                    assertNotNull(before, "a prepared question describes its columns before it runs: " + prepared);
                    assertNotNull(ps.getParameterMetaData(), prepared);
                    assertEquals(0, ps.getParameterMetaData().getParameterCount(), "a '?' ending a question is text");
                    List<String> described = ShopOnPostgres.describe(before);
                    assertEquals(2, described.size(), described.toString());
                    try (ResultSet rs = ps.executeQuery()) {
                        assertEquals(described, ShopOnPostgres.describe(rs.getMetaData()), prepared);
                        assertEquals(perStatus, ShopOnPostgres.rows(rs));
                    }
                }
            }
            // A bound date ("since ?") reaches the question as 2024-03-01, which the LLM-free translator does not
            // read yet; a number does.
            try (PreparedStatement ps = c.prepareStatement("NL: How many products cost more than ?")) {
                assertEquals(1, ps.getParameterMetaData().getParameterCount());
                ps.setInt(1, 100);
                ResultSetMetaData before = ps.getMetaData();
                assertNotNull(before, "a bound question describes its columns before it runs");
                List<String> described = ShopOnPostgres.describe(before);
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(described, ShopOnPostgres.describe(rs.getMetaData()));
                    assertEquals(since, ShopOnPostgres.rows(rs));
                }
            }
        }
    }
}
