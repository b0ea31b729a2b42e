package org.nljdbc.translator.internal.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import org.nljdbc.guard.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog of one namespace as one policy sees it, got as cheaply as it can be: from memory while younger than
 * the TTL; after that, or in a new process, from a {@link CatalogSnapshot} (memory or {@link SnapshotStore}) whose
 * {@link SchemaFingerprint} still matches the database's, which costs one query; only otherwise read again
 * ({@link CatalogReader}, in bulk, without samples). Samples are then read by a {@link BackgroundSampler}, never on
 * the path of the question that needed the catalog, and the sampled catalog replaces the first one (and is saved).
 * Concurrent callers wait for one read. Thread-safe; {@link #close} stops sampling.
 */
public final class CatalogProvider implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogProvider.class);

    /** Lends a connection for one piece of work (a pooled one, in the namespace and role the catalog is read in). */
    @FunctionalInterface
    public interface Connections {
        <T> T with(Work<T> work) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * A catalog with at most this many text columns to sample is sampled before it is returned (a few milliseconds on
     * a small schema, whose first question may need a value); a larger one in the background.
     */
    static final int INLINE_SAMPLE_COLUMNS = 200;

    private record Current(Catalog catalog, String fingerprint, long checkedAt, boolean sampled) {
    }

    private final CatalogReader.Options options;
    private final java.util.function.Consumer<Catalog> onSampled;
    private final Policy policy;
    private final SnapshotStore store;
    private final SnapshotKeys.Key key;
    private final long ttlNanos;
    private final long weakMaxAgeMillis;
    private volatile Current current;
    private BackgroundSampler sampler;
    private volatile boolean closed;
    /**
     * Snapshots are encoded and written on a thread of their own, off the path of the question that read the catalog
     * (encoding a 2,000-table catalog costs tens of milliseconds, a write to Redis a round trip). Under this lock: a
     * write happens only if no {@link #invalidate} came after it was asked for, and never over a later one.
     */
    private final Object saveLock = new Object();
    private long saveGeneration;
    private long saveSequence;
    private long lastSaved;
    private final java.util.concurrent.atomic.AtomicInteger pendingSaves = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param options what to read; samples (if asked for) are read in the background
     * @param key     where the snapshot is kept ({@link SnapshotKeys#of}: URL without secrets, user, policy, namespace)
     * @param ttl     how long a catalog is used without asking the database whether its schema changed
     */
    public CatalogProvider(CatalogReader.Options options, Policy policy, SnapshotStore store, SnapshotKeys.Key key,
                           Duration ttl) {
        this(options, policy, store, key, ttl, sampled -> { });
    }

    /**
     * @param onSampled called on the sampling thread with each sampled catalog once it replaced the first one (to
     *                  prepare what the next question needs of it, off that question's path)
     */
    public CatalogProvider(CatalogReader.Options options, Policy policy, SnapshotStore store, SnapshotKeys.Key key,
                           Duration ttl, java.util.function.Consumer<Catalog> onSampled) {
        this.onSampled = onSampled;
        this.options = options;
        this.policy = policy;
        this.store = store;
        this.key = key;
        this.ttlNanos = ttl.toNanos();
        this.weakMaxAgeMillis = ttl.toMillis();
    }

    /** The catalog if it is in memory and younger than the TTL, else null. */
    public Catalog cached() {
        Current c = current;
        return c != null && System.nanoTime() - c.checkedAt() <= ttlNanos ? c.catalog() : null;
    }

    /** The catalog, read or checked through {@code connections} when it is missing or older than the TTL. */
    public Catalog get(Connections connections) throws SQLException {
        Catalog fresh = cached();
        if (fresh != null) {
            return fresh;
        }
        synchronized (this) {
            fresh = cached();
            if (fresh != null) {
                return fresh;
            }
            Current c = connections.with(this::load);
            current = c;
            if (!c.sampled() && options.sampleMaxDistinct() > 0 && !closed) {
                startSampling(c, connections);
            }
            return c.catalog();
        }
    }

    private Current load(Connection connection) throws SQLException {
        // The fingerprint is read before the catalog: a change made while reading shows at the next check.
        String fingerprint = SchemaFingerprint.of(connection, options.schemas());
        long now = System.nanoTime();
        Current known = current;
        if (known != null && trusted(fingerprint, known.fingerprint())) {
            return new Current(known.catalog(), fingerprint, now, known.sampled());
        }
        CatalogSnapshot saved = CatalogSnapshot.decode(store.get(key));
        if (saved != null && trusted(fingerprint, saved.schemaFingerprint())
                && (SchemaFingerprint.isStrong(fingerprint)
                || System.currentTimeMillis() - saved.readAtMillis() <= weakMaxAgeMillis)) {
            LOG.debug("catalog from a snapshot ({} tables)", saved.catalog().tables().size());
            return new Current(saved.catalog(), fingerprint, now, saved.sampled() || options.sampleMaxDistinct() <= 0);
        }
        Catalog read = CatalogReader.read(connection, options.withoutSamples(), policy);
        boolean complete = options.sampleMaxDistinct() <= 0;
        if (!complete && !moreTextColumnsThan(read, INLINE_SAMPLE_COLUMNS)) {
            read = CatalogReader.withSamples(connection, read, options, policy);
            complete = true;
        }
        save(read, fingerprint, complete);
        return new Current(read, fingerprint, now, complete);
    }

    /** Counts only as far as it must: a big catalog has hundreds of thousands of columns. */
    private static boolean moreTextColumnsThan(Catalog catalog, int limit) {
        return catalog.tables().stream().flatMap(t -> t.columns().stream()).filter(ValueSampler::isText)
                .limit(limit + 1L).count() > limit;
    }

    /** Whether a catalog checked under {@code then} still describes a database answering {@code now}. */
    private static boolean trusted(String now, String then) {
        return now != null && now.equals(then);
    }

    private void save(Catalog catalog, String fingerprint, boolean sampled) {
        if (fingerprint == null) {
            return;
        }
        long generation;
        long sequence;
        synchronized (saveLock) {
            generation = saveGeneration;
            sequence = ++saveSequence;
        }
        long readAt = System.currentTimeMillis();
        pendingSaves.incrementAndGet();
        // Not a daemon: a process that ends right after its first question still leaves its snapshot behind.
        Thread t = new Thread(() -> {
            try {
                byte[] encoded = new CatalogSnapshot(catalog, fingerprint, readAt, sampled).encode();
                synchronized (saveLock) {
                    if (generation == saveGeneration && sequence > lastSaved) {
                        store.put(key, encoded);
                        lastSaved = sequence;
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("catalog snapshot not saved: {}", e.toString());
            } finally {
                synchronized (saveLock) {
                    pendingSaves.decrementAndGet();
                    saveLock.notifyAll();
                }
            }
        }, "nljdbc-catalog-snapshot");
        t.start();
    }

    /** Waits up to {@code millis} for snapshots asked for so far to be written (or dropped); true when none is left. */
    private boolean awaitSaves(long deadlineNanos) throws InterruptedException {
        synchronized (saveLock) {
            while (pendingSaves.get() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(saveLock, left);
            }
            return true;
        }
    }

    private void startSampling(Current base, Connections connections) {
        if (sampler != null) {
            sampler.close();
        }
        sampler = new BackgroundSampler(base.catalog(), connections, options, policy, sampled -> {
            boolean published = false;
            synchronized (this) {
                Current now = current;
                // Published only over the catalog it sampled: after an invalidation or a re-read it is stale.
                if (!closed && now != null && now.catalog() == base.catalog()) {
                    current = new Current(sampled, now.fingerprint(), now.checkedAt(), true);
                    save(sampled, now.fingerprint(), true);
                    published = true;
                }
            }
            if (published) {
                try {
                    onSampled.accept(sampled);
                } catch (RuntimeException e) {
                    LOG.debug("preparing the sampled catalog failed: {}", e.toString());
                }
            }
        }).start();
    }

    /** Samples these tables next (the tables a question was answered from), if sampling is still running. */
    public void prioritize(Collection<String> tableNames) {
        BackgroundSampler s;
        synchronized (this) {
            s = sampler;
        }
        if (s != null && s.running()) {
            s.prioritize(tableNames);
        }
    }

    /**
     * Waits up to {@code millis} for background sampling to end and the snapshots asked for so far to be written;
     * true when nothing is left running.
     */
    public boolean awaitSampling(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
        BackgroundSampler s;
        synchronized (this) {
            s = sampler;
        }
        boolean sampled = s == null || s.await(millis);
        return awaitSaves(deadline) && sampled;
    }

    /** Forgets the catalog in memory (the next call checks the database); the store is invalidated by the caller. */
    public synchronized void invalidate() {
        synchronized (saveLock) {
            saveGeneration++; // a snapshot still being encoded must not bring back what the caller is dropping
        }
        current = null;
        if (sampler != null) {
            sampler.close();
            sampler = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        invalidate();
    }
}
