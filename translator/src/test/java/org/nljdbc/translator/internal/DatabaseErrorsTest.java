package org.nljdbc.translator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Real error messages of PostgreSQL and MariaDB, produced by bad SQL in the test, lose the row values they quote and
 * keep the error class and the names a model needs to repair its query.
 */
class DatabaseErrorsTest {
    private static final String SETUP_ORDERS = "CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER, "
            + "note VARCHAR(40) UNIQUE)";

    /** The message of {@code sql} run on {@code db}, redacted as the model would see it, with the raw one. */
    private record Seen(String raw, String redacted) {
    }

    private static Seen run(TestDb db, String sql) throws SQLException {
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            Catalog catalog = CatalogReader.read(c, CatalogReader.Options.metadataOnly());
            SQLException e = assertThrows(SQLException.class, () -> s.execute(sql));
            return new Seen(e.getMessage(), DatabaseErrors.redact(e.getMessage(), sql, catalog));
        }
    }

    @Test
    void postgresConversionErrorLosesTheRowValue() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "err_conv")) {
            db.exec(SETUP_ORDERS, "INSERT INTO orders VALUES (1, 10, 'secret-value')");
            Seen seen = run(db, "SELECT CAST(note AS INTEGER) FROM orders");
            assertTrue(seen.raw().contains("secret-value"), seen.raw());
            assertFalse(seen.redacted().contains("secret-value"), seen.redacted());
            assertTrue(seen.redacted().contains("invalid input syntax for type integer: \"<value>\""), seen.redacted());
        }
    }

    @Test
    void postgresDuplicateKeyDetailIsDropped() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "err_dup")) {
            db.exec(SETUP_ORDERS, "INSERT INTO orders VALUES (1, 10, 'dup-secret')",
                    "CREATE TABLE staging (id INTEGER, note VARCHAR(40))", "INSERT INTO staging VALUES (7, 'dup-secret')");
            Seen seen = run(db, "INSERT INTO orders (id, note) SELECT id, note FROM staging");
            assertTrue(seen.raw().contains("Key (note)=(dup-secret)"), seen.raw());
            assertFalse(seen.redacted().contains("dup-secret"), seen.redacted());
            assertTrue(seen.redacted().startsWith("ERROR: duplicate key value violates unique constraint"),
                    seen.redacted());
        }
    }

    @Test
    void postgresNamesAndSyntaxPositionsAreKept() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "err_names")) {
            db.exec(SETUP_ORDERS);
            Seen column = run(db, "SELECT orders.totl FROM orders");
            assertEquals(column.raw().replaceAll("\\s+", " ").trim(), column.redacted().replaceAll("\\s+", " "));
            assertTrue(column.redacted().contains("column orders.totl does not exist"), column.redacted());
            Seen bare = run(db, "SELECT totl FROM orders");
            assertTrue(bare.redacted().contains("column \"totl\" does not exist"), bare.redacted());
            Seen syntax = run(db, "SELECT total FORM orders");
            assertTrue(syntax.redacted().contains("syntax error at or near \"orders\"")
                    || syntax.redacted().contains("syntax error at or near \"FORM\""), syntax.redacted());
        }
    }

    @Test
    void mariadbValuesInErrorsAreRedactedAndItsPhrasesKept() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.MARIADB, "err_maria")) {
            db.exec(SETUP_ORDERS, "INSERT INTO orders VALUES (1, 10, 'dup-secret')",
                    "CREATE TABLE staging (id INTEGER, note VARCHAR(40))", "INSERT INTO staging VALUES (7, 'dup-secret')",
                    "INSERT INTO staging VALUES (8, 'secret-value')");
            Seen dup = run(db, "INSERT INTO orders (id, note) SELECT id, note FROM staging WHERE id = 7");
            assertTrue(dup.raw().contains("Duplicate entry 'dup-secret'"), dup.raw());
            assertFalse(dup.redacted().contains("dup-secret"), dup.redacted());
            assertTrue(dup.redacted().contains("Duplicate entry '<value>' for key 'note'"), dup.redacted());

            Seen conversion = run(db, "INSERT INTO orders (id, total) SELECT 9, note FROM staging WHERE id = 8");
            assertTrue(conversion.raw().contains("secret-value"), conversion.raw());
            assertFalse(conversion.redacted().contains("secret-value"), conversion.redacted());
            assertTrue(conversion.redacted().contains("Incorrect integer value: '<value>' for column"),
                    conversion.redacted());

            // 'field list' on older servers, 'SELECT' on 10.11: nothing in it is a value, all of it stays.
            Seen column = run(db, "SELECT totl FROM orders");
            assertTrue(column.redacted().contains("Unknown column 'totl' in '"), column.redacted());
            assertEquals(column.raw(), column.redacted());
            Seen where = run(db, "SELECT id FROM orders WHERE totl > 1");
            assertEquals(where.raw(), where.redacted());
        }
    }

    @Test
    void aValueTheModelWroteItselfIsNotASecret() {
        String sql = "SELECT * FROM orders WHERE total = 'abc'";
        assertEquals("ERROR: invalid input syntax for type integer: \"abc\"",
                DatabaseErrors.redact("ERROR: invalid input syntax for type integer: \"abc\"\n  Where: x", sql, null));
        assertEquals("ERROR: boom", DatabaseErrors.redact("ERROR: boom DETAIL: Key (id)=(42) already exists.", sql,
                null));
        assertEquals("ERROR: conflict on Key (id)=(<value>) here", DatabaseErrors.redact(
                "ERROR: conflict on Key (id)=(42) here", sql, null));
    }
}
