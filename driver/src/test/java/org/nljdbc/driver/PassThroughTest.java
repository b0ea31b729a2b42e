package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
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

/** Plain SQL goes through nljdbc untouched, on every database we bundle a driver for. */
class PassThroughTest {

    @ParameterizedTest
    @EnumSource(Target.class)
    void ddlDmlAndQueriesPassThroughUntouched(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "pass");
             Connection c = DriverManager.getConnection(db.nlUrl());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(40), qty INTEGER)");
            assertEquals(1, s.executeUpdate("INSERT INTO items VALUES (1, 'apple', 3)"));
            assertEquals(1, s.executeUpdate("INSERT INTO items VALUES (2, 'pear', 5)"));
            assertEquals(1, s.executeUpdate("UPDATE items SET qty = 4 WHERE id = 1"));
            try (ResultSet rs = s.executeQuery("SELECT name, qty FROM items ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("apple", rs.getString(1));
                assertEquals(4, rs.getInt("qty"));
                assertTrue(rs.next());
                assertFalse(rs.next());
            }
            assertTrue(s.execute("SELECT COUNT(*) FROM items"));
            try (ResultSet rs = s.getResultSet()) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
            assertEquals(1, s.executeUpdate("DELETE FROM items WHERE id = 2"));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void preparedStatementsBatchesAndTransactionsWork(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "tx");
             Connection c = DriverManager.getConnection(db.nlUrl())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger VALUES (?, ?)")) {
                for (int i = 1; i <= 5; i++) {
                    ps.setInt(1, i);
                    ps.setInt(2, i * 10);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(5, counts.length);
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO ledger VALUES (6, 60)");
                c.rollback();
                s.executeUpdate("INSERT INTO ledger VALUES (7, 70)");
                c.commit();
            }
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), SUM(amount) FROM ledger WHERE id > ?")) {
                ps.setInt(1, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(6, rs.getInt(1));
                    assertEquals(220, rs.getInt(2));
                    assertSame(ps, rs.getStatement());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void metadataNavigatesTablesColumnsAndForeignKeys(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "meta");
             Connection c = DriverManager.getConnection(db.nlUrl())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE parent_t (id INTEGER PRIMARY KEY, label VARCHAR(20))");
                s.execute("CREATE TABLE child_t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent_t(id))");
            }
            DatabaseMetaData md = c.getMetaData();
            assertSame(c, md.getConnection());
            assertEquals("nljdbc", md.getDriverName());
            assertFalse(md.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("nljdbc"));
            assertTrue(md.getURL().startsWith("jdbc:nl:"));

            String catalog = target == Target.MARIADB ? c.getCatalog() : null;
            String schema = target == Target.POSTGRESQL ? c.getSchema() : null;
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
            assertTrue(tables.containsAll(List.of("parent_t", "child_t")), tables.toString());
            String child = md.storesUpperCaseIdentifiers() ? "CHILD_T" : "child_t";
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = md.getColumns(catalog, schema, child, "%")) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            assertEquals(List.of("id", "parent_id"), columns);
            try (ResultSet rs = md.getImportedKeys(catalog, schema, child)) {
                assertTrue(rs.next(), "child_t has a foreign key");
                assertEquals("parent_t", rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT));
                assertEquals("parent_id", rs.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void everyWrapperLeadsBackToTheNlConnection(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "wrap");
             Connection c = DriverManager.getConnection(db.nlUrl())) {
            assertTrue(c instanceof NlConnection);
            Connection raw = c.unwrap(Connection.class);
            assertSame(c, raw, "unwrap to an interface we implement gives us");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertSame(c, s.getConnection());
                assertSame(s, rs.getStatement());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                assertSame(c, ps.getConnection());
            }
            assertTrue(c.isWrapperFor(NlConnection.class));
            Class<? extends Connection> delegateClass = ((NlConnection) c).delegate.getClass();
            assertTrue(c.isWrapperFor(delegateClass));
            Connection delegate = c.unwrap(delegateClass);
            assertNotSame(c, delegate);
            assertSame(((NlConnection) c).delegate, delegate);
            assertFalse(c.isWrapperFor(String.class));
            assertThrows(SQLException.class, () -> c.unwrap(String.class));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void callableStatementsPassThrough(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "call");
             Connection c = DriverManager.getConnection(db.nlUrl())) {
            try (Statement s = c.createStatement()) {
                if (target == Target.POSTGRESQL) {
                    s.execute("CREATE FUNCTION add_one(x integer) RETURNS integer AS 'SELECT x + 1' LANGUAGE SQL");
                } else {
                    s.execute("CREATE FUNCTION add_one(x INT) RETURNS INT DETERMINISTIC RETURN x + 1");
                }
            }
            try (CallableStatement cs = c.prepareCall("{? = call add_one(?)}")) {
                cs.registerOutParameter(1, java.sql.Types.INTEGER);
                cs.setInt(2, 41);
                cs.execute();
                assertEquals(42, cs.getInt(1));
                assertSame(c, cs.getConnection());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL"})
    void passthroughDenyRefusesPlainSqlWithAClearMessage(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "deny");
             Connection c = DriverManager.getConnection(db.nlUrl() + (target == Target.H2 ? ";" : "&")
                     + "nl.passthrough=deny");
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
            assertEquals("42501", e.getSQLState());
            assertTrue(e.getMessage().contains("nl.passthrough=deny"), e.getMessage());
        }
    }
}
