package org.nljdbc.translator.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

class CatalogCacheTest {

    @Test
    void seesNewTableOnlyAfterInvalidateForDdl() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.H2, "cat_cache"); Connection c = db.open()) {
            db.exec("CREATE TABLE cat_a (id INT PRIMARY KEY)");
            CatalogCache cache = new CatalogCache(Duration.ofHours(1), 10);
            Catalog first = cache.get(db.url(), "sa", () -> CatalogReader.read(c));
            db.exec("CREATE TABLE cat_b (id INT PRIMARY KEY)");
            Catalog cached = cache.get(db.url(), "sa", () -> CatalogReader.read(c));
            assertSame(first, cached);
            assertTrue(cached.table("cat_b").isEmpty());

            cache.invalidate(db.url());
            Catalog fresh = cache.get(db.url(), "sa", () -> CatalogReader.read(c));
            assertTrue(fresh.table("cat_b").isPresent());
            assertFalse(fresh.fingerprint().equals(first.fingerprint()));
        }
    }

    @Test
    void readsAgainAfterTtlAndKeepsUsersApart() throws Exception {
        AtomicLong nanos = new AtomicLong();
        AtomicInteger reads = new AtomicInteger();
        CatalogCache cache = new CatalogCache(Duration.ofMinutes(5), 10, nanos::get);
        CatalogCache.Loader loader = () -> {
            reads.incrementAndGet();
            return new Catalog("H2", "2", java.util.List.of());
        };
        cache.get("jdbc:h2:mem:x", "ann", loader);
        cache.get("jdbc:h2:mem:x", "ann", loader);
        assertEquals(1, reads.get());
        cache.get("jdbc:h2:mem:x", "bob", loader);
        assertEquals(2, reads.get());
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());
        cache.get("jdbc:h2:mem:x", "ann", loader);
        assertEquals(3, reads.get());
    }

    @Test
    void loadFailureReachesTheCallerAsItsSqlException() {
        CatalogCache cache = new CatalogCache(Duration.ofMinutes(5), 10);
        SQLException e = assertThrows(SQLException.class, () -> cache.get("jdbc:x", "u", () -> {
            throw new SQLException("no metadata", "08001");
        }));
        assertEquals("08001", e.getSQLState());
    }
}
