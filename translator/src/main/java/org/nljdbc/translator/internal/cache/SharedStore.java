package org.nljdbc.translator.internal.cache;

import java.time.Duration;
import org.nljdbc.translator.internal.catalog.SnapshotKeys;
import org.nljdbc.translator.internal.catalog.SnapshotStore;

/**
 * What processes share through a server ({@link RedisStore}): translations, a short lock per translation in flight,
 * catalog snapshots and rate-limit counters. Every method is best effort and quick: a store that is down or slow
 * answers "nothing there" (null, false, -1) within its timeout, so the caller falls back to what it has locally and
 * no question ever fails because of it. {@link #NONE} is the store of a process that shares nothing.
 */
public interface SharedStore extends SnapshotStore, AutoCloseable {
    /** The value of {@code key}, or null (absent, or the store is unavailable). */
    byte[] get(String key);

    void put(String key, byte[] value, Duration ttl);

    void delete(String key);

    /** Takes the lock {@code key} for {@code ttl} if no one holds it ({@code SET NX PX}); false also when unavailable. */
    boolean tryLock(String key, String owner, Duration ttl);

    /** Whether someone holds the lock {@code key}; false when unavailable. */
    boolean locked(String key);

    /** Releases the lock {@code key} if {@code owner} still holds it. */
    void unlock(String key, String owner);

    /**
     * Counts one event in the window {@code window} of counter {@code key} and returns the count so far in that
     * window, or -1 when the store is unavailable (the caller then counts locally).
     */
    long increment(String key, Duration window);

    /**
     * Adds {@code amount} to the counter {@code key}, atomically, giving it expiry {@code ttl} if it has none yet;
     * returns the new total, or -1 when the store is unavailable (the caller then counts locally).
     */
    long add(String key, long amount, Duration ttl);

    /** Whether this store shares anything at all. */
    boolean enabled();

    @Override
    void close();

    SharedStore NONE = new SharedStore() {
        @Override
        public byte[] get(String key) {
            return null;
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            // shares nothing
        }

        @Override
        public void delete(String key) {
            // shares nothing
        }

        @Override
        public boolean tryLock(String key, String owner, Duration ttl) {
            return false;
        }

        @Override
        public boolean locked(String key) {
            return false;
        }

        @Override
        public void unlock(String key, String owner) {
            // shares nothing
        }

        @Override
        public long increment(String key, Duration window) {
            return -1;
        }

        @Override
        public long add(String key, long amount, Duration ttl) {
            return -1;
        }

        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public byte[] get(SnapshotKeys.Key key) {
            return null;
        }

        @Override
        public void put(SnapshotKeys.Key key, byte[] snapshot) {
            // shares nothing
        }

        @Override
        public void invalidate(String databaseKey) {
            // shares nothing
        }

        @Override
        public void close() {
            // nothing open
        }
    };
}
