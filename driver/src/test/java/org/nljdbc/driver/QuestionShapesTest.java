package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * A report filled many times with other values (JasperReports' {@code $P{since}}) is translated twice per question
 * shape, then answered from the confirmed template, through the checkpoint; a shape whose SQL derives other values
 * from the bound one is never templated. Each fill's rows equal a hand-written query's.
 */
class QuestionShapesTest {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String[] DATES = {"2024-01-01", "2024-03-01", "2024-03-02", "2024-06-01"};

    private static TestDb shop(Target target) throws SQLException {
        TestDb db = TestDatabases.fresh(target, "shapes");
        db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, order_date DATE NOT NULL, status VARCHAR(20) NOT NULL, "
                        + "total_amount DECIMAL(10,2) NOT NULL)",
                "INSERT INTO orders VALUES (1, DATE '2024-01-15', 'paid', 10.00)",
                "INSERT INTO orders VALUES (2, DATE '2024-03-01', 'paid', 20.00)",
                "INSERT INTO orders VALUES (3, DATE '2024-03-02', 'open', 5.00)",
                "INSERT INTO orders VALUES (4, DATE '2024-06-30', 'paid', 40.00)");
        return db;
    }

    private static Connection open(TestDb db, ScriptedLlmServer llm) throws SQLException {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.rateLimit.perMinute", "0"); // many model calls in one JVM: the limit is per user, "" here
        p.setProperty("nl.cache.maxEntries", "0"); // not the translation cache: the shape's template
        return DriverManager.getConnection(db.nlUrl(), p);
    }

    /** The date of the last user message of a request. */
    private static String dateAsked(ScriptedLlmServer llm, com.fasterxml.jackson.databind.JsonNode request) {
        Matcher m = DATE.matcher(request.path("messages").toString());
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last;
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void aShapeIsTranslatedTwiceThenFilledFromItsTemplate(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(target)) {
            llm.otherwise(req -> ScriptedLlmServer.completion("SELECT status, SUM(total_amount) AS total FROM orders "
                    + "WHERE order_date >= '" + dateAsked(llm, req) + "' GROUP BY status"));
            List<String> sources = new ArrayList<>();
            try (Connection c = open(db, llm);
                 PreparedStatement ps = c.prepareStatement("NL: total amount of orders by status since ?")) {
                for (String since : DATES) {
                    ps.setDate(1, Date.valueOf(since));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertEquals(expected(db, ">=", since, null), rows(rs), "since " + since);
                    }
                    sources.add(ps.unwrap(NlResult.class).source());
                    assertTrue(ps.unwrap(NlResult.class).sql().contains(since));
                }
            }
            assertEquals(List.of("llm", "llm", "cache", "cache"), sources);
            assertEquals(2, llm.requests().size(), "the third and fourth fills need no model call");

            // Another connection of the same data source shares the template.
            try (Connection c = open(db, llm);
                 PreparedStatement ps = c.prepareStatement("NL: total amount of orders by status since ?")) {
                ps.setDate(1, Date.valueOf("2024-02-01"));
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(expected(db, ">=", "2024-02-01", null), rows(rs));
                }
                assertEquals("cache", ps.unwrap(NlResult.class).source());
            }
            assertEquals(2, llm.requests().size());
        }
    }

    @Test
    void aShapeWhoseSqlDerivesFromTheValueIsAlwaysTranslated() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = shop(Target.H2)) {
            // "on a day" is the day and the day after: a template cut at the day alone would keep the old day after.
            llm.otherwise(req -> {
                String day = dateAsked(llm, req);
                return ScriptedLlmServer.completion("SELECT status, SUM(total_amount) AS total FROM orders WHERE "
                        + "order_date >= '" + day + "' AND order_date < '" + LocalDate.parse(day).plusDays(1)
                        + "' GROUP BY status");
            });
            try (Connection c = open(db, llm);
                 PreparedStatement ps = c.prepareStatement("NL: total amount of orders by status on ?")) {
                for (String day : DATES) {
                    ps.setDate(1, Date.valueOf(day));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertEquals(expected(db, ">=", day, LocalDate.parse(day).plusDays(1).toString()), rows(rs),
                                "on " + day);
                    }
                    assertEquals("llm", ps.unwrap(NlResult.class).source());
                }
            }
            assertEquals(DATES.length, llm.requests().size());
        }
    }

    @Test
    void numbersAreCutOnlyAsWholeTokensAndRepeatedValuesAreNotCut() {
        assertTrue(QuestionShapes.cut("SELECT * FROM t WHERE a > 10 LIMIT 100", List.of("10")).isPresent());
        assertTrue(QuestionShapes.cut("SELECT * FROM t WHERE a > 10 AND b < 10", List.of("10")).isEmpty());
        assertTrue(QuestionShapes.cut("SELECT * FROM t WHERE d >= '2024-01-01'", List.of("2024")).isEmpty());
        assertTrue(QuestionShapes.cut("SELECT * FROM t WHERE a = 5 AND b = 5", List.of("5", "5")).isEmpty());
        assertTrue(QuestionShapes.cut("SELECT * FROM t WHERE a = 'x' AND b = 7", List.of("'x'", "7")).isPresent());
        assertEquals(null, QuestionShapes.sqlLiteral("Brazil", "'Brazil'"),
                "a string can change what the question means: never templated");
        assertEquals("'2024-01-01'", QuestionShapes.sqlLiteral(Date.valueOf("2024-01-01"), "2024-01-01"));
    }

    private static List<String> expected(TestDb db, String op, String from, String before) throws SQLException {
        String sql = "SELECT status, SUM(total_amount) FROM orders WHERE order_date " + op + " ?"
                + (before == null ? "" : " AND order_date < ?") + " GROUP BY status";
        try (Connection raw = db.open(); PreparedStatement ps = raw.prepareStatement(sql)) {
            ps.setDate(1, Date.valueOf(from));
            if (before != null) {
                ps.setDate(2, Date.valueOf(before));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rows(rs);
            }
        }
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(1) + "=" + rs.getBigDecimal(2).toPlainString());
        }
        out.sort(null);
        return out;
    }
}
