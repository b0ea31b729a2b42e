package org.nljdbc.translator.internal.catalog;


/** Keys of {@link SnapshotStore}: hashes, so that neither a URL nor a user name nor a policy is readable in one. */
public final class SnapshotKeys {
    private SnapshotKeys() {
    }

    /** @param database hash of the database (URL without secrets); @param reader hash of who reads it and how */
    public record Key(String database, String reader) {
        @Override
        public String toString() {
            return database + "-" + reader;
        }
    }

    /**
     * @param urlWithoutSecrets the delegate URL with passwords and keys removed
     * @param user              the database user
     * @param readerSettings    everything else the catalog depends on: the policy ({@code Policy.toString()}, which
     *                          holds every field), the namespace, the catalog options
     */
    public static Key of(String urlWithoutSecrets, String user, String readerSettings) {
        return new Key(database(urlWithoutSecrets), hash((user == null ? "" : user) + "\u0000" + readerSettings, 16));
    }

    /** The database part of a key, for {@link SnapshotStore#invalidate}. */
    public static String database(String urlWithoutSecrets) {
        return hash(urlWithoutSecrets, 12);
    }

    static String hash(String s, int bytes) {
        return org.nljdbc.translator.internal.Digests.sha256Hex(s, bytes);
    }
}
