package org.nljdbc.translator.internal.catalog;

/**
 * Where {@link CatalogSnapshot}s are kept between processes: a local directory ({@link LocalSnapshotStore}) or a
 * shared server. Keys are made by {@link SnapshotKeys}: a database part (the URL without secrets) and a reader part
 * (user, policy, settings), both hashed, so a key shows nothing of either. Every method is best effort: a store that
 * cannot be reached answers null or does nothing, and never fails a question.
 */
public interface SnapshotStore {
    /** The saved bytes of {@code key}, or null. */
    byte[] get(SnapshotKeys.Key key);

    void put(SnapshotKeys.Key key, byte[] snapshot);

    /** Forgets every snapshot of one database (all users and policies), e.g. after DDL ran through nljdbc. */
    void invalidate(String databaseKey);

    /** A store that keeps nothing. */
    SnapshotStore NONE = new SnapshotStore() {
        @Override
        public byte[] get(SnapshotKeys.Key key) {
            return null;
        }

        @Override
        public void put(SnapshotKeys.Key key, byte[] snapshot) {
            // nothing kept
        }

        @Override
        public void invalidate(String databaseKey) {
            // nothing kept
        }
    };
}
