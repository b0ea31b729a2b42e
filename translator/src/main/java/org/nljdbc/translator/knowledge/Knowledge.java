package org.nljdbc.translator.knowledge;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the database cannot say about itself, for one database: the verified examples of its shared store (when the
 * administrator configured one with {@code nl.examples.url}). {@link #none()} knows nothing. Thread-safe.
 */
public final class Knowledge {
    private static final Logger LOG = LoggerFactory.getLogger(Knowledge.class);
    private static final Knowledge NONE = new Knowledge(null, "");
    private final ExampleStore store;
    private final String database;

    private Knowledge(ExampleStore store, String database) {
        this.store = store;
        this.database = database;
    }

    /** No store: nothing is reused, {@code NL REMEMBER} says how to configure one. */
    public static Knowledge none() {
        return NONE;
    }

    /**
     * @param database what identifies the database the examples are for (e.g. its URL without settings or
     *                 credentials); stored only as a hash
     */
    public static Knowledge of(ExampleStore store, String database) {
        return new Knowledge(store, database);
    }

    /** Whether an example store is configured. */
    public boolean hasStore() {
        return store != null;
    }

    /**
     * The verified example whose question is equal or nearly equal to {@code question} ({@link QuestionKey}); empty
     * without a store, or when the store cannot be read (the question is then answered as if there were none).
     */
    public Optional<VerifiedExample> verified(String question) {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.match(database, question);
        } catch (ExampleStoreException e) {
            LOG.warn("verified examples unavailable, answering without them: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Every verified example of this database. */
    public List<VerifiedExample> examples() {
        return store == null ? List.of() : store.list(database);
    }

    public void remember(VerifiedExample example) {
        requireStore().remember(database, example);
    }

    public boolean forget(String question) {
        return requireStore().forget(database, question);
    }

    private ExampleStore requireStore() {
        if (store == null) {
            throw new IllegalStateException("no store for verified examples is configured: the administrator sets "
                    + "nl.examples.url to a JDBC URL (its table " + JdbcExampleStore.TABLE + " is created if absent)");
        }
        return store;
    }
}
