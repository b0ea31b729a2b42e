package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * When plain SQL is guarded, a BI user browsing {@code DatabaseMetaData} sees only the tables the policy lets
 * them query; masked columns stay listed (their values are masked, the column is not secret).
 */
class MetadataVisibilityTest {

    private static Properties admin(String passthrough) {
        Properties p = new Properties();
        p.setProperty("nl.passthrough", passthrough);
        p.setProperty("nl.tables.deny", "secrets");
        p.setProperty("nl.columns.mask", "orders.card");
        return p;
    }

    private static List<String> column(ResultSet rs, String name) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getString(name).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static void tables(TestDb db) throws SQLException {
        db.exec("CREATE TABLE secrets (id INT, pin VARCHAR(10))", "CREATE TABLE orders (id INT, card VARCHAR(20))");
    }

    @Test
    void deniedTablesAreNotListedWhenPlainSqlIsGuarded() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.H2, "meta")) {
            tables(db);
            for (String mode : List.of("readonly", "deny")) {
                try (Connection c = DriverManager.getConnection(db.nlUrl(), admin(mode))) {
                    DatabaseMetaData md = c.getMetaData();
                    List<String> names = column(md.getTables(null, null, "%", new String[] {"TABLE"}), "TABLE_NAME");
                    assertTrue(names.contains("orders"), mode + ": " + names);
                    assertFalse(names.contains("secrets"), mode + ": " + names);
                    assertEquals(List.of(), column(md.getColumns(null, null, "SECRETS", "%"), "COLUMN_NAME"));
                    assertEquals(List.of("id", "card"), column(md.getColumns(null, null, "ORDERS", "%"), "COLUMN_NAME"),
                            "a masked column is still listed");
                }
            }
        }
    }

    @Test
    void withPlainSqlAllowedTheDatabasesOwnListIsShown() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.H2, "meta")) {
            tables(db);
            try (Connection c = DriverManager.getConnection(db.nlUrl(), admin("allow"))) {
                List<String> names = column(c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"}),
                        "TABLE_NAME");
                assertTrue(names.contains("secrets"), names.toString());
            }
        }
    }

    @Test
    void aSchemaQualifiedDenyHidesTheTableOnPostgresql() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "meta")) {
            tables(db);
            String schema;
            try (Connection raw = db.open()) {
                schema = raw.getSchema();
            }
            Properties p = admin("readonly");
            p.setProperty("nl.tables.deny", schema + ".sec*");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p)) {
                List<String> names = column(c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"}),
                        "TABLE_NAME");
                assertEquals(List.of("orders"), names);
            }
        }
    }
}
