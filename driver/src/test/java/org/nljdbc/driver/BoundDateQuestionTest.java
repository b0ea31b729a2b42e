package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * A report's bound date ({@code NL: ... since ?} with {@code setDate}, as JasperReports sends {@code $P{since}})
 * answered without a model: the date becomes an ISO literal of the question, which the LLM-free translator reads
 * as a date range; through JDBC, each date's rows equal a hand-written query's, under the same column names.
 */
class BoundDateQuestionTest {
    private static TestDb shop(Target target) throws SQLException {
        TestDb db = TestDatabases.fresh(target, "clientsdate");
        db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, order_date DATE NOT NULL, status VARCHAR(20) NOT NULL, "
                        + "total_amount DECIMAL(10,2) NOT NULL)",
                "INSERT INTO orders VALUES (1, DATE '2024-01-15', 'paid', 10.00)",
                "INSERT INTO orders VALUES (2, DATE '2024-03-01', 'paid', 20.00)",
                "INSERT INTO orders VALUES (3, DATE '2024-03-02', 'open', 5.00)",
                "INSERT INTO orders VALUES (4, DATE '2024-06-30', 'paid', 40.00)");
        return db;
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void aBoundDateIsAnsweredWithoutAModelForEachValue(Target target) throws Exception {
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl());
             PreparedStatement ps = c.prepareStatement("NL: total amount of orders by status since ?")) {
            assertEquals(1, ps.getParameterMetaData().getParameterCount());
            List<List<String>> answers = new ArrayList<>();
            for (String since : new String[] {"2024-03-01", "2024-03-02"}) {
                ps.setDate(1, Date.valueOf(since));
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(List.of("status", "total_amount"), labels(rs));
                    List<String> rows = rows(rs, "status", "total_amount");
                    assertEquals(expected(db, since), rows, "since " + since);
                    answers.add(rows);
                }
                NlResult r = ps.unwrap(NlResult.class);
                assertEquals("symbolic", r.source(), "no model is configured: the LLM-free translator answered");
                assertTrue(r.sql().contains(since), r.sql());
            }
            assertNotEquals(answers.get(0), answers.get(1), "the bound date decides the answer");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void datesInAQuestionBoundTheRangeAsWritten(Target target) throws Exception {
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl());
             Statement s = c.createStatement()) {
            assertEquals("2", count(s, "NL: how many orders after 2024-03-01?"), "after is the day after on");
            assertEquals("1", count(s, "NL: how many orders before 2024-03-01?"));
            assertEquals("3", count(s, "NL: how many orders between 2024-01-01 and 2024-03-02?"), "both inclusive");
            assertEquals("1", count(s, "NL: how many orders on 2024-03-02?"));
        }
    }

    private static String count(Statement s, String question) throws SQLException {
        try (ResultSet rs = s.executeQuery(question)) {
            assertTrue(rs.next(), question);
            String v = rs.getString(1);
            assertFalse(rs.next());
            return v;
        }
    }

    private static List<String> expected(TestDb db, String since) throws SQLException {
        try (Connection raw = db.open(); PreparedStatement ps = raw.prepareStatement(
                "SELECT status, SUM(total_amount) FROM orders WHERE order_date >= ? GROUP BY status")) {
            ps.setDate(1, Date.valueOf(since));
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1) + "=" + rs.getBigDecimal(2).toPlainString());
                }
                out.sort(null);
                return out;
            }
        }
    }

    /** Lower case: H2 reports unquoted names in upper case. */
    private static List<String> labels(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            out.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        out.sort(null);
        return out;
    }

    private static List<String> rows(ResultSet rs, String key, String value) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(key) + "=" + rs.getBigDecimal(value).toPlainString());
        }
        out.sort(null);
        return out;
    }
}
