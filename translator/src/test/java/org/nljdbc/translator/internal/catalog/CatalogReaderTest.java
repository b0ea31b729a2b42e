package org.nljdbc.translator.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

class CatalogReaderTest {

    private static void createCountriesAndCities(TestDb db) throws Exception {
        boolean maria = db.target() == Target.MARIADB;
        db.exec("CREATE TABLE cat_country (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL)"
                        + (maria ? " COMMENT = 'Nations of the world'" : ""),
                "CREATE TABLE cat_city (id INT PRIMARY KEY, country_id INT, city_name VARCHAR(50)"
                        + (maria ? " COMMENT 'Name in English'" : "")
                        + ", FOREIGN KEY (country_id) REFERENCES cat_country(id))",
                "CREATE VIEW cat_country_names AS SELECT name FROM cat_country",
                "INSERT INTO cat_country VALUES (1, 'Brazil'), (2, 'Chile'), (3, 'Peru')",
                "INSERT INTO cat_city VALUES (1, 1, 'Recife'), (2, 2, 'Santiago'), (3, 3, 'Lima')");
        if (db.target() == Target.POSTGRESQL || db.target() == Target.H2) {
            db.exec("COMMENT ON TABLE cat_country IS 'Nations of the world'",
                    "COMMENT ON COLUMN cat_city.city_name IS 'Name in English'");
        }
        if (db.target() == Target.POSTGRESQL) {
            db.exec("ANALYZE cat_country");
        }
        if (maria) {
            db.exec("ANALYZE TABLE cat_country");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void readsTablesViewsKeysForeignKeysBothWaysAndSamples(Target target) throws Exception {
        try (TestDb db = TestDatabases.fresh(target, "cat_read")) {
            createCountriesAndCities(db);
            Catalog catalog;
            try (Connection c = db.open()) {
                catalog = CatalogReader.read(c);
            }
            TableInfo country = catalog.table("cat_country").orElseThrow();
            TableInfo city = catalog.table("cat_city").orElseThrow();
            assertEquals("TABLE", country.type());
            assertEquals("VIEW", catalog.table("cat_country_names").orElseThrow().type());
            assertEquals(List.of("id"), country.primaryKey().stream().map(String::toLowerCase).toList());

            assertEquals(1, city.importedKeys().size());
            ForeignKey fk = city.importedKeys().get(0);
            assertTrue(fk.toTable().equalsIgnoreCase("cat_country"), fk.toString());
            assertEquals(List.of("country_id"), fk.fromColumns().stream().map(String::toLowerCase).toList());
            List<ForeignKey> exported = catalog.referencingKeys("cat_country");
            assertEquals(1, exported.size());
            assertTrue(exported.get(0).fromTable().equalsIgnoreCase("cat_city"));

            Set<String> names = new TreeSet<>(country.column("name").orElseThrow().sampleValues());
            assertEquals(Set.of("Brazil", "Chile", "Peru"), names);
            assertTrue(country.column("id").orElseThrow().sampleValues().isEmpty(), "numbers are not sampled");

            if (target != Target.SQLITE) {
                assertEquals("Nations of the world", country.remarks());
                assertEquals("Name in English", city.column("city_name").orElseThrow().remarks());
            }
            if (target == Target.POSTGRESQL || target == Target.MARIADB) {
                assertEquals(3, country.rowCount(), "approximate row count from the statistics");
            } else {
                assertEquals(-1, country.rowCount());
            }
        }
    }

    @Test
    void readsSeveralPostgresSchemasWithForeignKeysAcrossThem() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "cat_schemas")) {
            String other;
            try (Connection c = db.open()) {
                other = c.getSchema() + "_b";
            }
            try {
                db.exec("CREATE SCHEMA " + other,
                        "CREATE TABLE " + other + ".cat_region (id INT PRIMARY KEY, label TEXT)",
                        "CREATE TABLE cat_store (id INT PRIMARY KEY, region_id INT REFERENCES " + other
                                + ".cat_region(id))");
                Catalog catalog;
                try (Connection c = db.open()) {
                    catalog = CatalogReader.read(c, CatalogReader.Options.defaults()
                            .withSchemas(List.of(c.getSchema(), other)));
                }
                TableInfo region = catalog.table(other + ".cat_region").orElseThrow();
                assertEquals(other, region.schema());
                assertEquals("cat_region", catalog.table("cat_store").orElseThrow().importedKeys().get(0).toTable());
                assertEquals(1, catalog.referencingKeys("cat_region").size());
            } finally {
                db.exec("DROP SCHEMA IF EXISTS " + other + " CASCADE");
            }
        }
    }

    @Test
    void highCardinalityTextColumnsKeepNoSamples() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.H2, "cat_card")) {
            db.exec("CREATE TABLE cat_person (id INT PRIMARY KEY, full_name VARCHAR(40), status VARCHAR(10))",
                    "INSERT INTO cat_person SELECT x, 'person ' || x, CASE WHEN MOD(x, 2) = 0 THEN 'active' "
                            + "ELSE 'retired' END FROM SYSTEM_RANGE(1, 200)");
            Catalog catalog;
            try (Connection c = db.open()) {
                catalog = CatalogReader.read(c);
            }
            TableInfo person = catalog.table("cat_person").orElseThrow();
            assertTrue(person.column("full_name").orElseThrow().sampleValues().isEmpty());
            assertEquals(Set.of("active", "retired"), Set.copyOf(person.column("status").orElseThrow().sampleValues()));
        }
    }

    @Test
    void twoUnnamedSqliteKeysToOneTableStayTwoKeys() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.SQLITE, "fk2")) {
            db.exec("CREATE TABLE student (id INTEGER PRIMARY KEY, name TEXT)",
                    "CREATE TABLE friend (student_id INTEGER, friend_id INTEGER, "
                            + "FOREIGN KEY (student_id) REFERENCES student(id), "
                            + "FOREIGN KEY (friend_id) REFERENCES student(id))");
            Catalog catalog;
            try (java.sql.Connection c = db.open()) {
                catalog = CatalogReader.read(c, CatalogReader.Options.metadataOnly());
            }
            java.util.List<ForeignKey> keys = catalog.table("friend").orElseThrow().importedKeys();
            org.junit.jupiter.api.Assertions.assertEquals(2, keys.size(), keys.toString());
            for (ForeignKey k : keys) {
                org.junit.jupiter.api.Assertions.assertEquals(1, k.fromColumns().size(), k.toString());
                org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("id"), k.toColumns());
            }
        }
    }
}
