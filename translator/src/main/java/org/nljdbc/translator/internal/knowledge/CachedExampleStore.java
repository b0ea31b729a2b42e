package org.nljdbc.translator.internal.knowledge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An {@link ExampleStore} whose reads are served from memory: the store is read on every question (verified match and
 * few-shot), which without this would be a database or Redis round trip each time. What this process remembers or
 * forgets drops its copy at once; what other processes change is seen within {@code ttl}. A failed read is not cached.
 */
public final class CachedExampleStore implements ExampleStore {
    /** How stale another process's change may be here by default. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);
    private final ExampleStore store;
    private final long ttlNanos;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    private record Entry(List<VerifiedExample> examples, long readAt) {
    }

    public CachedExampleStore(ExampleStore store, Duration ttl) {
        this.store = store;
        this.ttlNanos = Math.max(0, ttl.toNanos());
    }

    @Override
    public List<VerifiedExample> list(String database) {
        long now = System.nanoTime();
        Entry e = entries.get(database);
        if (e != null && now - e.readAt() < ttlNanos) {
            return e.examples();
        }
        long before = changes.get();
        List<VerifiedExample> read = List.copyOf(store.list(database));
        // A change made here while reading would be hidden for a whole ttl by caching the older read.
        if (changes.get() == before) {
            entries.put(database, new Entry(read, now));
        }
        return read;
    }

    @Override
    public void remember(String database, VerifiedExample example) {
        try {
            store.remember(database, example);
        } finally {
            changes.incrementAndGet();
            entries.remove(database);
        }
    }

    @Override
    public boolean forget(String database, String question) {
        try {
            return store.forget(database, question);
        } finally {
            changes.incrementAndGet();
            entries.remove(database);
        }
    }
}
