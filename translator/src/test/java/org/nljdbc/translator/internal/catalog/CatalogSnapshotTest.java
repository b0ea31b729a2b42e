package org.nljdbc.translator.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.guard.Policy;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/** Snapshots a restarted process reuses while the schema fingerprint matches, and drops when it does not. */
class CatalogSnapshotTest {

    private static void shop(TestDb db) throws Exception {
        db.exec("CREATE TABLE sn_customer (id INT PRIMARY KEY, name VARCHAR(40), country VARCHAR(20))",
                "CREATE TABLE sn_order (id INT PRIMARY KEY, customer_id INT REFERENCES sn_customer(id), total INT)",
                "INSERT INTO sn_customer VALUES (1, 'Ana', 'Brazil'), (2, 'Bo', 'Chile')");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void fingerprintChangesWithDdlAndNotWithData(Target target) throws Exception {
        try (TestDb db = TestDatabases.fresh(target, "sn_fp"); Connection c = db.open()) {
            shop(db);
            String before = SchemaFingerprint.of(c, List.of());
            assertNotNull(before);
            db.exec("INSERT INTO sn_order VALUES (1, 1, 10)");
            assertEquals(before, SchemaFingerprint.of(c, List.of()), "a row is data, not schema");
            db.exec("CREATE TABLE sn_extra (id INT)");
            String added = SchemaFingerprint.of(c, List.of());
            assertNotEquals(before, added, "a new table");
            db.exec("ALTER TABLE sn_extra ADD COLUMN note VARCHAR(10)");
            assertNotEquals(added, SchemaFingerprint.of(c, List.of()), "a new column");
            if (target != Target.H2) {
                // Renames keep the counts the generic (H2) fingerprint looks at: only the strong ones see them.
                String columns = SchemaFingerprint.of(c, List.of());
                db.exec("ALTER TABLE sn_extra RENAME COLUMN note TO remark");
                assertNotEquals(columns, SchemaFingerprint.of(c, List.of()), "a renamed column");
                assertTrue(SchemaFingerprint.isStrong(columns));
            }
        }
    }

    @Test
    void aSqliteFileMadeAgainWithAnotherSchemaHasAnotherFingerprint(@TempDir Path dir) throws Exception {
        // Both files count the same schema changes from zero (schema_version 1), with different columns.
        String url = "jdbc:sqlite:" + dir.resolve("remade.db");
        String first;
        try (Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (a INT)");
            first = SchemaFingerprint.of(c, List.of());
        }
        Files.delete(dir.resolve("remade.db"));
        try (Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (b INT)");
            assertNotEquals(first, SchemaFingerprint.of(c, List.of()));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void snapshotRoundTripsTheCatalog(Target target) throws Exception {
        try (TestDb db = TestDatabases.fresh(target, "sn_codec"); Connection c = db.open()) {
            shop(db);
            Catalog catalog = CatalogReader.read(c, CatalogReader.Options.defaults(), Policy.defaults());
            CatalogSnapshot decoded = CatalogSnapshot.decode(new CatalogSnapshot(catalog, "fp", 42, true).encode());
            assertEquals(catalog.tables(), decoded.catalog().tables());
            assertEquals(catalog.fingerprint(), decoded.catalog().fingerprint());
            assertEquals("fp", decoded.schemaFingerprint());
            assertEquals(null, CatalogSnapshot.decode(new byte[] {1, 2, 3}), "not a snapshot");
        }
    }

    @Test
    void aRestartReusesTheSnapshotUntilDdlFromOutsideChangesTheFingerprint(@TempDir Path dir) throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "sn_reuse")) {
            shop(db);
            LocalSnapshotStore store = new LocalSnapshotStore(dir.resolve("snapshots"));
            SnapshotKeys.Key key = SnapshotKeys.of(db.url(), "postgres", "policy");
            AtomicInteger borrowed = new AtomicInteger();
            CatalogProvider.Connections connections = new CatalogProvider.Connections() {
                @Override
                public <T> T with(CatalogProvider.Work<T> work) throws java.sql.SQLException {
                    borrowed.incrementAndGet();
                    try (Connection c = db.open()) {
                        return work.run(c);
                    }
                }
            };
            Catalog first;
            try (CatalogProvider p = new CatalogProvider(CatalogReader.Options.defaults(), Policy.defaults(), store, key,
                    Duration.ofMinutes(10))) {
                first = p.get(connections);
                assertTrue(p.awaitSampling(10_000));
            }
            assertTrue(first.table("sn_order").isPresent());
            Path file;
            try (var files = Files.list(store.directory())) {
                file = files.filter(f -> f.toString().endsWith(".snap")).findFirst().orElseThrow();
            }
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())));

            // Prove the next process uses the snapshot rather than the database: doctor it, keeping its fingerprint.
            CatalogSnapshot saved = CatalogSnapshot.decode(store.get(key));
            List<TableInfo> doctored = new ArrayList<>(saved.catalog().tables());
            doctored.add(new TableInfo(null, "only_in_snapshot", "TABLE", null, List.of(), List.of(), List.of(), -1));
            store.put(key, new CatalogSnapshot(new Catalog(saved.catalog().productName(),
                    saved.catalog().productVersion(), doctored), saved.schemaFingerprint(), saved.readAtMillis(),
                    true).encode());
            try (CatalogProvider restarted = new CatalogProvider(CatalogReader.Options.defaults(), Policy.defaults(),
                    store, key, Duration.ofMinutes(10))) {
                Catalog reused = restarted.get(connections);
                assertTrue(reused.table("only_in_snapshot").isPresent(), "the snapshot was reused");
                assertTrue(reused.table("sn_customer").orElseThrow().column("country").orElseThrow().sampleValues()
                        .contains("Brazil"), "with the samples it was saved with");
            }

            db.exec("ALTER TABLE sn_order ADD COLUMN placed DATE");
            try (CatalogProvider afterDdl = new CatalogProvider(CatalogReader.Options.defaults(), Policy.defaults(),
                    store, key, Duration.ofMinutes(10))) {
                Catalog reread = afterDdl.get(connections);
                assertFalse(reread.table("only_in_snapshot").isPresent(), "DDL from outside is caught");
                assertTrue(reread.table("sn_order").orElseThrow().column("placed").isPresent());
            }
            store.invalidate(key.database());
            assertEquals(null, store.get(key));
        }
    }

    @Test
    void aSampledCatalogIsHandedOnOnceItReplacedTheFirstAndItsSnapshotIsWrittenBeforeSamplingCountsAsDone(
            @TempDir Path dir) throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "sn_handed")) {
            // More text columns than are sampled inline: sampling runs in the background.
            List<String> ddl = new ArrayList<>();
            for (int t = 0; t < 21; t++) {
                StringBuilder cols = new StringBuilder("id INT PRIMARY KEY");
                for (int c = 0; c < 10; c++) {
                    cols.append(", c").append(c).append(" VARCHAR(20)");
                }
                ddl.add("CREATE TABLE sn_wide" + t + " (" + cols + ")");
                ddl.add("INSERT INTO sn_wide" + t + " (id, c0) VALUES (1, 'value" + t + "')");
            }
            db.exec(ddl.toArray(new String[0]));
            LocalSnapshotStore store = new LocalSnapshotStore(dir.resolve("snapshots"));
            SnapshotKeys.Key key = SnapshotKeys.of(db.url(), "postgres", "policy");
            CatalogProvider.Connections connections = new CatalogProvider.Connections() {
                @Override
                public <T> T with(CatalogProvider.Work<T> work) throws java.sql.SQLException {
                    try (Connection c = db.open()) {
                        return work.run(c);
                    }
                }
            };
            List<Catalog> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (CatalogProvider p = new CatalogProvider(CatalogReader.Options.defaults(), Policy.defaults(), store, key,
                    Duration.ofMinutes(10), handed::add)) {
                Catalog first = p.get(connections);
                assertTrue(first.table("sn_wide3").orElseThrow().column("c0").orElseThrow().sampleValues().isEmpty(),
                        "the first catalog is returned before sampling");
                assertTrue(p.awaitSampling(30_000));
                assertEquals(1, handed.size());
                Catalog sampled = p.get(connections);
                assertEquals(sampled.fingerprint(), handed.get(0).fingerprint(), "the one that replaced the first");
                assertTrue(sampled.table("sn_wide3").orElseThrow().column("c0").orElseThrow().sampleValues()
                        .contains("value3"));
                CatalogSnapshot saved = CatalogSnapshot.decode(store.get(key));
                assertTrue(saved.sampled(), "the sampled snapshot is on disk once sampling counts as done");
                assertEquals(sampled.fingerprint(), saved.catalog().fingerprint());
            }
        }
    }

    @Test
    void anInvalidatedProviderWritesNoSnapshotOfWhatItDropped(@TempDir Path dir) throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "sn_dropped")) {
            shop(db);
            LocalSnapshotStore store = new LocalSnapshotStore(dir.resolve("snapshots"));
            SnapshotKeys.Key key = SnapshotKeys.of(db.url(), "postgres", "policy");
            CatalogProvider.Connections connections = new CatalogProvider.Connections() {
                @Override
                public <T> T with(CatalogProvider.Work<T> work) throws java.sql.SQLException {
                    try (Connection c = db.open()) {
                        return work.run(c);
                    }
                }
            };
            try (CatalogProvider p = new CatalogProvider(CatalogReader.Options.defaults(), Policy.defaults(), store, key,
                    Duration.ofMinutes(10))) {
                p.get(connections);
                // As DDL through nljdbc does: the provider first, then the store.
                p.invalidate();
                store.invalidate(key.database());
                assertTrue(p.awaitSampling(30_000));
                assertEquals(null, store.get(key), "a snapshot still being written when the catalog was dropped");
            }
        }
    }
}
