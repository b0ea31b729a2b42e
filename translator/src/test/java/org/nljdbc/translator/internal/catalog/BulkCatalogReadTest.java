package org.nljdbc.translator.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.guard.Policy;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/** The bulk metadata pass reads exactly the catalog the per-table reading did, on every database we test. */
class BulkCatalogReadTest {

    private static void createShop(TestDb db) throws Exception {
        boolean maria = db.target() == Target.MARIADB;
        db.exec("CREATE TABLE bk_person (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, city VARCHAR(20))"
                        + (maria ? " COMMENT = 'People'" : ""),
                "CREATE TABLE bk_product (sku VARCHAR(10), variant INT, title VARCHAR(60)"
                        + (maria ? " COMMENT 'Shown title'" : "") + ", PRIMARY KEY (sku, variant))",
                "CREATE TABLE bk_sale (id INT PRIMARY KEY, buyer_id INT NOT NULL, seller_id INT, sku VARCHAR(10), "
                        + "variant INT, amount DECIMAL(10, 2), "
                        + "CONSTRAINT bk_sale_buyer FOREIGN KEY (buyer_id) REFERENCES bk_person(id), "
                        + "CONSTRAINT bk_sale_seller FOREIGN KEY (seller_id) REFERENCES bk_person(id), "
                        + "CONSTRAINT bk_sale_product FOREIGN KEY (sku, variant) REFERENCES bk_product(sku, variant))",
                "CREATE TABLE bk_note (id INT, body VARCHAR(100))",
                "CREATE VIEW bk_big_sale AS SELECT id, amount FROM bk_sale WHERE amount > 100",
                "INSERT INTO bk_person VALUES (1, 'Ana', 'Lima'), (2, 'Bo', 'Oslo')");
        if (db.target() == Target.POSTGRESQL || db.target() == Target.H2) {
            db.exec("COMMENT ON TABLE bk_person IS 'People'",
                    "COMMENT ON COLUMN bk_product.title IS 'Shown title'");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void bulkReadEqualsPerTableRead(Target target) throws Exception {
        try (TestDb db = TestDatabases.fresh(target, "bulk_read")) {
            createShop(db);
            Catalog bulk;
            Catalog perTable;
            try (Connection c = db.open()) {
                bulk = CatalogReader.read(c, CatalogReader.Options.metadataOnly(), Policy.defaults());
                perTable = CatalogReader.readPerTable(c, CatalogReader.Options.metadataOnly(), Policy.defaults());
            }
            assertEquals(perTable.tables(), bulk.tables());
            assertEquals(perTable.fingerprint(), bulk.fingerprint());
            TableInfo sale = bulk.table("bk_sale").orElseThrow();
            assertEquals(3, sale.importedKeys().size(), sale.importedKeys().toString());
            ForeignKey product = sale.importedKeys().stream().filter(k -> k.toTable().equalsIgnoreCase("bk_product"))
                    .findFirst().orElseThrow();
            assertEquals(List.of("sku", "variant"), product.fromColumns().stream().map(String::toLowerCase).toList());
            assertEquals(List.of("sku", "variant"), bulk.table("bk_product").orElseThrow().primaryKey().stream()
                    .map(String::toLowerCase).toList());
            assertTrue(bulk.table("bk_note").orElseThrow().primaryKey().isEmpty());
            assertEquals(6, sale.columns().size());
            assertFalse(bulk.table("bk_big_sale").orElseThrow().columns().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void bulkReadKeepsThePolicyOut(Target target) throws Exception {
        try (TestDb db = TestDatabases.fresh(target, "bulk_policy")) {
            createShop(db);
            Policy policy = new Policy(1000, List.of(), List.of("bk_person"), List.of("bk_product.title"), null, null,
                    false);
            Catalog bulk;
            Catalog perTable;
            try (Connection c = db.open()) {
                bulk = CatalogReader.read(c, CatalogReader.Options.defaults(), policy);
                perTable = CatalogReader.readPerTable(c, CatalogReader.Options.defaults(), policy);
            }
            assertEquals(perTable.tables(), bulk.tables());
            assertTrue(bulk.table("bk_person").isEmpty());
            assertTrue(bulk.table("bk_sale").orElseThrow().importedKeys().stream()
                    .noneMatch(k -> k.toTable().equalsIgnoreCase("bk_person")));
        }
    }
}
