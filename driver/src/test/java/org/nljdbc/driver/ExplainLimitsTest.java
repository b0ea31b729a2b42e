package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/** {@code NL EXPLAIN: <sql>} parses untrusted SQL, so the guard's size limits come before any parsing. */
class ExplainLimitsTest {

    private static String nested(int depth) {
        return "SELECT " + "(".repeat(depth) + "1" + ")".repeat(depth) + " FROM t";
    }

    @Test
    void sqlNestedThreeThousandLevelsDeepIsRefusedFast() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.H2, "explain"); Connection c = DriverManager.getConnection(db.nlUrl());
             Statement s = c.createStatement()) {
            db.exec("CREATE TABLE t (id INT)");
            SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(SQLException.class, () -> s.executeQuery("NL EXPLAIN: " + nested(3000))));
            assertEquals("42000", e.getSQLState());
            assertTrue(e.getMessage().contains("too complex"), e.getMessage());
        }
    }

    @Test
    void sqlLongerThanTheGuardsLimitIsRefusedFast() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.H2, "explain"); Connection c = DriverManager.getConnection(db.nlUrl());
             Statement s = c.createStatement()) {
            db.exec("CREATE TABLE t (id INT)");
            String longSql = "SELECT id FROM t WHERE id IN (" + "1, ".repeat(40_000) + "1)";
            SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(SQLException.class, () -> s.executeQuery("NL EXPLAIN: " + longSql)));
            assertEquals("42000", e.getSQLState());
            assertTrue(e.getMessage().contains("too complex"), e.getMessage());
        }
    }

    @Test
    void ordinarySqlIsStillExplained() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.H2, "explain"); Connection c = DriverManager.getConnection(db.nlUrl());
             Statement s = c.createStatement()) {
            db.exec("CREATE TABLE t (id INT)");
            try (ResultSet rs = s.executeQuery("NL EXPLAIN: " + nested(5))) {
                assertTrue(rs.next());
                assertTrue(rs.getString("sql").contains("FROM t"), rs.getString("sql"));
            }
        }
    }
}
