package org.nljdbc.translator.internal.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The example store is read on every question: reads come from memory until this process changes it or ttl ends. */
class CachedExampleStoreTest {
    /** A store in memory that counts its reads (another process's writes go to {@code all} directly). */
    private static final class CountingStore implements ExampleStore {
        final List<VerifiedExample> all = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public synchronized List<VerifiedExample> list(String database) {
            reads.incrementAndGet();
            return List.copyOf(all);
        }

        @Override
        public synchronized void remember(String database, VerifiedExample example) {
            all.add(example);
        }

        @Override
        public synchronized boolean forget(String database, String question) {
            return all.removeIf(e -> QuestionKey.normalise(e.question()).equals(QuestionKey.normalise(question)));
        }
    }

    @Test
    void repeatedReadsCostOneReadOfTheStore() {
        CountingStore store = new CountingStore();
        CachedExampleStore cached = new CachedExampleStore(store, Duration.ofHours(1));
        for (int i = 0; i < 100; i++) {
            cached.list("db");
            cached.match("db", "how many orders");
        }
        assertEquals(1, store.reads.get());
    }

    @Test
    void rememberAndForgetThroughThisStoreAreSeenAtOnce() {
        CountingStore store = new CountingStore();
        CachedExampleStore cached = new CachedExampleStore(store, Duration.ofHours(1));
        assertEquals(0, cached.list("db").size());
        cached.remember("db", new VerifiedExample("how many orders", "SELECT COUNT(*) FROM orders", "p"));
        assertEquals(1, cached.list("db").size());
        cached.forget("db", "How many orders?");
        assertEquals(0, cached.list("db").size());
    }

    @Test
    void anotherProcessesChangeIsSeenAfterTheTtl() {
        CountingStore store = new CountingStore();
        CachedExampleStore cached = new CachedExampleStore(store, Duration.ofSeconds(1));
        assertEquals(0, cached.list("db").size());
        store.remember("db", new VerifiedExample("how many orders", "SELECT COUNT(*) FROM orders", "p"));
        assertEquals(0, cached.list("db").size(), "within the ttl the copy is served");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (cached.list("db").isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        assertEquals(1, cached.list("db").size());
    }

    @Test
    void databasesAreCachedApart() {
        CountingStore store = new CountingStore();
        CachedExampleStore cached = new CachedExampleStore(store, Duration.ofHours(1));
        cached.list("a");
        cached.list("b");
        assertEquals(2, store.reads.get());
    }
}
