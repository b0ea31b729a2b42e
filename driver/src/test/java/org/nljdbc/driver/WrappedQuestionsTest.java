package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * NL questions wrapped in a query, as Spark's JDBC source, Tableau's custom SQL and Metabase's nested questions send
 * them, and prepared NL statements that describe their columns before they run; through the public JDBC API, with a
 * scripted model over real HTTP, on real databases.
 */
class WrappedQuestionsTest {
    private static final String PER_CUSTOMER = "SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id";
    private ScriptedLlmServer llm;

    @BeforeEach
    void startLlm() {
        llm = ScriptedLlmServer.start();
    }

    @AfterEach
    void stopLlm() {
        llm.close();
    }

    private TestDb shop(Target target) throws SQLException {
        TestDb db = TestDatabases.fresh(target, "wrap");
        db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total INTEGER NOT NULL, "
                        + "tenant_id INTEGER NOT NULL)",
                "CREATE TABLE salaries (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)",
                "INSERT INTO orders VALUES (10, 1, 100, 1)",
                "INSERT INTO orders VALUES (11, 1, 50, 1)",
                "INSERT INTO orders VALUES (12, 2, 70, 1)",
                "INSERT INTO orders VALUES (13, 3, 999, 2)",
                "INSERT INTO salaries VALUES (1, 123456)");
        return db;
    }

    private Properties props(String... extra) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "scripted-model");
        p.setProperty("nl.llm.apiKey", "sk-test-secret-0001");
        p.setProperty("nl.llm.timeoutSeconds", "2");
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "1.1");
        p.setProperty("nl.rateLimit.perMinute", "0");
        for (int i = 0; i < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return p;
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                row.append(i > 1 ? "," : "").append(rs.getString(i));
            }
            out.add(row.toString());
        }
        return out;
    }

    private static List<String> labels(ResultSetMetaData md) throws SQLException {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.add(md.getColumnLabel(i).toLowerCase() + ":" + md.getColumnType(i));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void answersSparksSchemaProbeAndReadThroughAStatement(Target target) throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(PER_CUSTOMER));
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(), props());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT * FROM (NL: how many orders per customer?) SPARK_GEN_SUBQ_0 WHERE 1=0")) {
                // COUNT(*) of orders is named orders, whatever the model called it.
                assertEquals(List.of("customer_id", "orders"), labels(rs.getMetaData()).stream()
                        .map(l -> l.substring(0, l.indexOf(':'))).toList());
                assertFalse(rs.next());
            }
            NlResult probe = s.unwrap(NlResult.class);
            assertTrue(probe.sql().contains("1 = 0") || probe.sql().contains("1=0"), probe.sql());
            assertTrue(probe.sql().contains("GROUP BY customer_id"), "the question's SQL is spliced in: " + probe.sql());
            assertTrue(s.getWarnings().getMessage().startsWith("NL query ran: SELECT * FROM (SELECT customer_id"),
                    s.getWarnings().getMessage());
            try (ResultSet rs = s.executeQuery("SELECT t.orders FROM (NL: how many orders per customer?) t "
                    + "WHERE t.customer_id = 1")) {
                assertEquals(List.of("2"), rows(rs));
            }
            assertEquals(1, llm.requests().size(), "the second statement's question came from the cache");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void preparedWrappedQuestionDescribesItsColumnsBeforeRunningAndRunsTheSameSql(Target target) throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(PER_CUSTOMER));
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(), props());
             PreparedStatement ps = c.prepareStatement(
                     "SELECT * FROM (NL: how many orders per customer?) SPARK_GEN_SUBQ_0 ORDER BY customer_id")) {
            assertEquals(1, llm.requests().size(), "translated when prepared");
            assertEquals(0, ps.getParameterMetaData().getParameterCount(), "the question's ? is not a parameter");
            ResultSetMetaData before = ps.getMetaData();
            assertNotNull(before);
            List<String> described = labels(before);
            for (int run = 0; run < 3; run++) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(described, labels(rs.getMetaData()));
                    assertEquals(List.of("1,2", "2,1", "3,1"), rows(rs));
                }
            }
            assertEquals(1, llm.requests().size(), "executions run the prepared translation");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void preparedNlQueryHasMetadataEqualToItsResult(Target target) throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(PER_CUSTOMER));
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(), props());
             PreparedStatement ps = c.prepareStatement("NL: how many orders per customer?")) {
            ResultSetMetaData md = ps.getMetaData();
            assertNotNull(md);
            List<String> described = labels(md);
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals(described, labels(rs.getMetaData()));
                assertEquals(3, rows(rs).size());
            }
            assertEquals(1, llm.requests().size());
        }
    }

    @Test
    void refusesADeniedTableBesideTheQuestionAsItWouldInTheModelsSql() throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(PER_CUSTOMER));
        try (TestDb db = shop(Target.H2);
             Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.tables.deny", "salaries"));
             Statement s = c.createStatement()) {
            for (String sql : List.of("SELECT * FROM (NL: orders per customer) t, salaries",
                    "SELECT * FROM (NL: orders per customer) t WHERE t.orders IN (SELECT amount FROM salaries)",
                    "SELECT * FROM (NL: orders per customer) t UNION ALL SELECT id, amount FROM salaries")) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql), sql);
                assertTrue(e.getSQLState().startsWith("42"), e.getSQLState() + " " + e.getMessage());
                assertFalse(e.getMessage().contains("123456"));
            }
            SQLException prepared = assertThrows(SQLException.class,
                    () -> c.prepareStatement("SELECT * FROM (NL: orders per customer) t, salaries"));
            assertTrue(prepared.getSQLState().startsWith("42"), prepared.getMessage());
        }
    }

    @Test
    void refusesAWrapperThatWritesOrStacksStatementsAndLeavesTheDataAlone() throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(PER_CUSTOMER));
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), props());
             Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "DELETE FROM orders WHERE customer_id IN (SELECT customer_id FROM (NL: orders per customer) t)",
                    "SELECT * FROM (NL: orders per customer) t; DROP TABLE salaries",
                    "CREATE TABLE copy AS SELECT * FROM (NL: orders per customer) t",
                    "SELECT * FROM (NL: orders per customer) t FOR UPDATE")) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
                assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
            }
            assertThrows(SQLException.class, () -> s.executeUpdate("SELECT * FROM (NL: orders per customer) t"));
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                assertEquals(List.of("4"), rows(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM salaries")) {
                assertEquals(List.of("1"), rows(rs));
            }
        }
    }

    /** A wrapped {@code NL EXPLAIN} has no derived table to become: refused as such, saying what to run instead. */
    @Test
    void refusesAnExplainInsideAQueryAndSaysWhatToRunInstead() throws SQLException {
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), props());
             Statement s = c.createStatement()) {
            for (String sql : List.of("SELECT * FROM (NL EXPLAIN: orders per customer) SPARK_GEN_SUBQ_0 WHERE 1=0",
                    "SELECT * FROM ( nl explain : orders per customer) t")) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql), sql);
                assertEquals("0A000", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("on its own"), e.getMessage());
                assertEquals("0A000", assertThrows(SQLException.class, () -> c.prepareStatement(sql)).getSQLState());
            }
            SQLException two = assertThrows(SQLException.class, () -> s.executeQuery(
                    "SELECT * FROM (NL SHOWSQL: orders per customer) a, (NL: orders per customer) b"));
            assertEquals("0A000", two.getSQLState(), two.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT '(NL SHOWSQL: text)' AS t FROM orders WHERE 1=0")) {
                assertFalse(rs.next(), "inside a literal it is text");
            }
            assertEquals(0, llm.requests().size(), "nothing was translated");
        }
    }

    private static java.util.Map<String, String> row(ResultSet rs) throws SQLException {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        assertTrue(rs.next(), "one row");
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.put(md.getColumnLabel(i).toLowerCase(), rs.getString(i));
        }
        assertFalse(rs.next(), "only one row");
        return out;
    }

    /** One of SHOWSQL's column names as {@code target} reads it exactly (H2 folds unquoted names up). */
    private static String name(Target target, String column) {
        return target == Target.MARIADB ? "`" + column + "`" : "\"" + column + "\"";
    }

    /** The report's JSON without its conversation part: a wrapped question is never a turn of the conversation. */
    private static com.fasterxml.jackson.databind.JsonNode reportWithoutTurn(String json) throws SQLException {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            node.remove("conversation");
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException(e);
        }
    }

    /** The wrapped row equals the standalone one, the report's JSON but for the conversation turn. */
    private static void assertSameReport(java.util.Map<String, String> standalone, java.util.Map<String, String> wrapped)
            throws SQLException {
        assertEquals(standalone.keySet(), wrapped.keySet());
        for (String column : standalone.keySet()) {
            if (column.equals("report")) {
                assertEquals(reportWithoutTurn(standalone.get(column)), reportWithoutTurn(wrapped.get(column)));
            } else {
                assertEquals(standalone.get(column), wrapped.get(column), column);
            }
        }
    }

    /**
     * Spark's {@code query=NL SHOWSQL: ...} arrives wrapped: the report of the question is spliced in as a
     * literal-only derived table, so the probe, the read and the wrapper's own filters work as on any query.
     */
    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void wrappedShowSqlAnswersWithTheStandaloneRowThroughStatementAndPreparedStatement(Target target)
            throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(PER_CUSTOMER));
        String q = "how many orders per customer?";
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(),
                props("nl.cache.maxEntries", "0"));
             Statement s = c.createStatement()) {
            java.util.Map<String, String> standalone;
            List<String> standaloneTypes;
            try (ResultSet rs = s.executeQuery("NL SHOWSQL: " + q)) {
                standaloneTypes = labels(rs.getMetaData());
                standalone = row(rs);
            }
            assertTrue(standalone.get("sql").contains("GROUP BY customer_id"), standalone.toString());
            try (ResultSet rs = s.executeQuery("SELECT * FROM (NL SHOWSQL: " + q + ") SPARK_GEN_SUBQ_0 WHERE 1=0")) {
                assertEquals(standaloneTypes, labels(rs.getMetaData()), "the probe's columns are SHOWSQL's");
                assertFalse(rs.next(), "the probe returns no row");
            }
            assertTrue(s.getWarnings().getMessage().startsWith("NL query ran: SELECT * FROM (SELECT "),
                    s.getWarnings().getMessage());
            try (ResultSet rs = s.executeQuery("SELECT * FROM (NL SHOWSQL: " + q + ") SPARK_GEN_SUBQ_0")) {
                assertEquals(standaloneTypes, labels(rs.getMetaData()));
                assertSameReport(standalone, row(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT " + name(target, "sql") + ", " + name(target, "tables") + " FROM (NL SHOWSQL: " + q + ") t "
                    + "WHERE " + name(target, "sql") + " LIKE '%GROUP BY customer_id%'")) {
                assertEquals(List.of(standalone.get("sql") + "," + standalone.get("tables")), rows(rs));
            }
            try (ResultSet rs = s.executeQuery("SELECT " + name(target, "sql") + " FROM (NL SHOWSQL: " + q + ") t "
                    + "WHERE " + name(target, "sql") + " LIKE '%salaries%'")) {
                assertEquals(List.of(), rows(rs), "the outer filter is applied");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM (NL SHOWSQL: " + q + ") SPARK_GEN_SUBQ_0")) {
                assertEquals(0, ps.getParameterMetaData().getParameterCount());
                assertEquals(standaloneTypes, labels(ps.getMetaData()), "described before it runs");
                for (int run = 0; run < 2; run++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        assertSameReport(standalone, row(rs));
                    }
                }
            }
        }
    }

    /** Quotes, backslashes and comment markers in the SQL come back exactly, in the sql column and in the JSON. */
    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void wrappedShowSqlRoundTripsSqlWithQuotesAndBackslashesExactly(Target target) throws SQLException {
        String tricky = "SELECT id, 'O''Brien \\ \"x\" -- /* '' \\n' AS label FROM orders WHERE total > 60";
        llm.otherwise(req -> ScriptedLlmServer.completion(tricky));
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(),
                props("nl.cache.maxEntries", "0"));
             Statement s = c.createStatement()) {
            java.util.Map<String, String> standalone;
            try (ResultSet rs = s.executeQuery("NL SHOWSQL: orders with their label")) {
                standalone = row(rs);
            }
            assertTrue(standalone.get("sql").contains("'O''Brien \\ \"x\" -- /* '' \\n'"), standalone.get("sql"));
            try (ResultSet rs = s.executeQuery("SELECT * FROM (NL SHOWSQL: orders with their label) t")) {
                assertSameReport(standalone, row(rs));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + name(target, "sql") + " FROM (NL SHOWSQL: orders with their label) t");
                 ResultSet rs = ps.executeQuery()) {
                assertEquals(List.of(standalone.get("sql")), rows(rs));
            }
        }
    }

    /** A bound value fills the question as for {@code (NL: ...)}, and the statement still answers with the report. */
    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void preparedWrappedShowSqlWithAParameterReportsTheFilledQuestionsSql(Target target) throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(req.toString().contains("customer 2")
                ? "SELECT id FROM orders WHERE customer_id = 2" : "SELECT id FROM orders WHERE customer_id = 1"));
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(), props());
             PreparedStatement ps = c.prepareStatement(
                     "SELECT " + name(target, "sql") + ", " + name(target, "prompt_tokens")
                             + " FROM (NL SHOWSQL: orders of customer ?) t")) {
            assertEquals(1, ps.getParameterMetaData().getParameterCount());
            for (int customer = 1; customer <= 2; customer++) {
                ps.setInt(1, customer);
                try (ResultSet rs = ps.executeQuery()) {
                    java.util.Map<String, String> got = row(rs);
                    assertTrue(got.get("sql").contains("customer_id = " + customer), got.toString());
                }
            }
            assertEquals(2, llm.requests().size(), "each filled-in question translated, none of them run");
        }
    }

    /** Nothing of the question runs: on PostgreSQL a view that advances a sequence is not read. */
    @Test
    void wrappedShowSqlRunsNothingOfTheQuestion() throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion("SELECT n FROM ticks"));
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "probe")) {
            db.exec("CREATE SEQUENCE tick_seq", "CREATE VIEW ticks AS SELECT nextval('tick_seq') AS n");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props()); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT \"sql\" FROM (NL SHOWSQL: the next tick) SPARK_GEN_SUBQ_0")) {
                    List<String> got = rows(rs);
                    assertEquals(1, got.size());
                    assertTrue(got.get(0).contains("FROM ticks"), got.toString());
                }
                assertEquals(List.of("f"), isCalled(s), "the question's query did not run");
            }
        }
    }

    /** The whole statement, report spliced in, goes through the guard like any wrapped query. */
    @Test
    void guardRefusesAHostileQueryAroundAWrappedShowSql() throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(PER_CUSTOMER));
        try (TestDb db = shop(Target.H2);
             Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.tables.deny", "salaries"));
             Statement s = c.createStatement()) {
            for (String sql : List.of("SELECT * FROM (NL SHOWSQL: orders per customer) t, salaries",
                    "SELECT \"sql\" FROM (NL SHOWSQL: orders per customer) t UNION ALL SELECT CAST(amount AS VARCHAR) "
                            + "FROM salaries",
                    "SELECT * FROM (NL SHOWSQL: orders per customer) t; DROP TABLE orders",
                    "DELETE FROM orders WHERE id IN (SELECT prompt_tokens FROM (NL SHOWSQL: orders per customer) t)",
                    "SELECT * FROM (NL SHOWSQL: orders per customer) t FOR UPDATE")) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
                assertTrue(e.getSQLState().startsWith("42"), sql + ": " + e.getSQLState() + " " + e.getMessage());
                assertFalse(e.getMessage().contains("123456"));
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                assertEquals(List.of("4"), rows(rs));
            }
        }
        try (TestDb db = shop(Target.H2);
             Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.passthrough", "deny"));
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM (NL SHOWSQL: orders per customer) t, salaries"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            String tables;
            try (ResultSet rs = s.executeQuery("NL SHOWSQL: orders per customer")) {
                tables = row(rs).get("tables");
            }
            assertTrue(tables.toLowerCase().contains("orders"), tables);
            try (ResultSet rs = s.executeQuery("SELECT \"tables\" FROM (NL SHOWSQL: orders per customer) t")) {
                assertEquals(List.of(tables), rows(rs), "the report alone may be read");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void tenantFilterAppliesToWhatTheWrapperReadsToo(Target target) throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion("SELECT id, total FROM orders"));
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(),
                props("nl.tenant.column", "tenant_id", "nl.tenant.value", "1"));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT t.id, t.total FROM (NL: list orders) t UNION ALL "
                    + "SELECT o.id, o.total FROM orders o ORDER BY 1")) {
                List<String> got = rows(rs);
                assertEquals(6, got.size(), got.toString());
                assertFalse(got.toString().contains("999"), "tenant 2's row never comes back: " + got);
            }
        }
    }

    @Test
    void underDenyTheWrapperMayReadOnlyTheQuestionsResult() throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(PER_CUSTOMER));
        try (TestDb db = shop(Target.H2);
             Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.passthrough", "deny"));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT * FROM (NL: orders per customer) t WHERE t.orders > 1")) {
                assertEquals(List.of("1,2"), rows(rs));
            }
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM (NL: orders per customer) t, salaries"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT amount FROM salaries"));
        }
    }

    @Test
    void theQuestionEndsAtTheParenthesisThatClosesItsOwn() throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(PER_CUSTOMER));
        try (TestDb db = shop(Target.H2); Connection c = DriverManager.getConnection(db.nlUrl(), props());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("-- Metabase:: userID: 1\nSELECT COUNT(*) FROM (NL: orders per "
                    + "customer (the customer's \"id\", not 'name (full)')?) \"source\"")) {
                assertEquals(List.of("3"), rows(rs));
            }
            String prompt = llm.promptText(0);
            assertTrue(prompt.contains("orders per customer (the customer's \"id\", not 'name (full)')?"), prompt);
            try (ResultSet rs = s.executeQuery("SELECT '(NL: not a question)' AS x")) {
                assertEquals(List.of("(NL: not a question)"), rows(rs), "inside a literal it is plain SQL");
            }
            SQLException open = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM (NL: never closed"));
            assertEquals("42000", open.getSQLState());
        }
    }

    @Test
    void schemaProbeIsAnsweredWithoutRunningTheQuestionsQueryOnPostgresql() throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion("SELECT n FROM ticks"));
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "probe")) {
            db.exec("CREATE SEQUENCE tick_seq", "CREATE VIEW ticks AS SELECT nextval('tick_seq') AS n");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props()); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM (NL: the next tick) SPARK_GEN_SUBQ_0 WHERE 1=0")) {
                    assertEquals("n", rs.getMetaData().getColumnLabel(1));
                    assertFalse(rs.next());
                }
                assertEquals(List.of("f"), isCalled(s), "the probe did not run the question's query");
                // Running the view's nextval is what the read-only NL transaction refuses: reading the rows does it.
                SQLException read = assertThrows(SQLException.class,
                        () -> s.executeQuery("SELECT * FROM (NL: the next tick) SPARK_GEN_SUBQ_0"));
                assertTrue(read.getMessage().contains("nextval"), read.getMessage());
                assertEquals(List.of("f"), isCalled(s));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void boundValuesBecomeTypedLiteralsOfTheQuestionAndEachFilledQuestionIsTranslatedOnce(Target target)
            throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion(req.toString().contains("above 60")
                ? "SELECT id FROM orders WHERE customer_id = 1 AND total > 60" : "SELECT id FROM orders WHERE total > 75 ORDER BY id"));
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(), props());
             PreparedStatement ps = c.prepareStatement(
                     "SELECT * FROM (NL: orders of customer ? placed since ? with a total above ?) t")) {
            assertEquals(3, ps.getParameterMetaData().getParameterCount());
            assertEquals(null, ps.getMetaData(), "not described until every parameter is bound");
            SQLException unset = assertThrows(SQLException.class, ps::executeQuery);
            assertEquals("07001", unset.getSQLState());
            for (int run = 0; run < 3; run++) {
                ps.setString(1, "O'Brien");
                ps.setDate(2, java.sql.Date.valueOf("2024-03-01"));
                ps.setBigDecimal(3, new java.math.BigDecimal("60"));
                assertNotNull(ps.getMetaData());
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(List.of("10"), rows(rs));
                }
            }
            assertEquals(1, llm.requests().size(), "the same filled-in question is translated once");
            assertTrue(llm.promptText(0).contains("orders of customer 'O''Brien' placed since 2024-03-01 with a "
                    + "total above 60"), llm.promptText(0));
            ps.setInt(3, 75);
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals(List.of("10", "13"), rows(rs), "another value is another question");
            }
            ps.setNull(3, java.sql.Types.INTEGER);
            SQLException nullValue = assertThrows(SQLException.class, ps::executeQuery);
            assertEquals("22004", nullValue.getSQLState(), nullValue.getMessage());
            assertEquals("07009", assertThrows(SQLException.class, () -> ps.setInt(4, 1)).getSQLState());
        }
    }

    private static List<String> isCalled(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT is_called FROM tick_seq")) {
            return rows(rs);
        }
    }
}
