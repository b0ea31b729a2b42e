package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * The SQL around a wrapped question is held to the same checkpoint as the question's own SQL: Calcite validates
 * the whole statement and {@code nl.maxCost} bounds its estimated cost, so a wrapper cannot join the question's
 * rows to every table the user may read and run unbounded. Through Statement and PreparedStatement, LLM-free.
 */
class WrappedCostCeilingTest {
    private static final String QUESTION = "how many orders per status?";
    private static final String CROSS = "SELECT * FROM (NL: " + QUESTION + ") t CROSS JOIN order_items a "
            + "CROSS JOIN order_items b";

    private static TestDb shop(Target target) throws SQLException {
        TestDb db = TestDatabases.fresh(target, "clientscost");
        db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, status VARCHAR(20) NOT NULL)",
                "CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, quantity INTEGER NOT NULL)",
                "INSERT INTO orders VALUES (1, 'paid')", "INSERT INTO orders VALUES (2, 'open')",
                "INSERT INTO order_items VALUES (1, 1, 3)", "INSERT INTO order_items VALUES (2, 2, 1)");
        return db;
    }

    private static Properties ceiling(String maxCost) {
        Properties p = new Properties();
        if (maxCost != null) {
            p.setProperty("nl.maxCost", maxCost);
        }
        return p;
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void anOuterCrossJoinOverTheCeilingIsRefusedWhileTheQuestionAndItsProbeRun(Target target) throws Exception {
        try (TestDb db = shop(target)) {
            try (Connection c = DriverManager.getConnection(db.nlUrl(), ceiling(null)); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(CROSS)) {
                assertTrue(rs.next(), "without a ceiling the wrapper runs: the ceiling is what refuses it below");
                assertTrue(s.unwrap(NlResult.class).cost().contains("rows"), "the whole statement has an estimate: "
                        + s.unwrap(NlResult.class).cost());
            }
            try (Connection c = DriverManager.getConnection(db.nlUrl(), ceiling("1000"));
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
                    assertTrue(rs.next(), "the question alone is under the ceiling");
                }
                try (ResultSet rs = s.executeQuery("SELECT * FROM (NL: " + QUESTION + ") SPARK_GEN_SUBQ_0 WHERE 1=0")) {
                    assertFalse(rs.next(), "a schema probe is under the ceiling");
                }
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(CROSS));
                assertEquals("54000", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("nl.maxCost"), e.getMessage());
                SQLException prepared = assertThrows(SQLException.class, () -> c.prepareStatement(CROSS).executeQuery());
                assertEquals("54000", prepared.getSQLState(), prepared.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void aWrapperNamingAColumnTheQuestionDoesNotReturnIsRefusedBeforeTheDatabase(Target target) throws Exception {
        try (TestDb db = shop(target); Connection c = DriverManager.getConnection(db.nlUrl(), ceiling("1000"));
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT t.nope FROM (NL: " + QUESTION + ") t"));
            assertTrue(e.getSQLState().startsWith("42"), e.getSQLState() + " " + e.getMessage());
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
        }
    }
}
