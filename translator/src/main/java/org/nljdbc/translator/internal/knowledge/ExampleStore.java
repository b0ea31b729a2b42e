package org.nljdbc.translator.internal.knowledge;

import java.util.List;
import java.util.Optional;

/**
 * Verified examples shared by everyone who asks the same database: a table in a database the administrator names
 * ({@link JdbcExampleStore}) or the shared Redis ({@link RedisExampleStore}), read through a {@link CachedExampleStore}. Implementations are thread-safe; failures of the store are {@link ExampleStoreException}s.
 */
public interface ExampleStore {
    /** Every example of {@code database}, oldest first. */
    List<VerifiedExample> list(String database);

    /** Stores (or replaces: one example per normalised question) {@code example} for {@code database}. */
    void remember(String database, VerifiedExample example);

    /** Removes the example whose question equals {@code question} after normalisation; whether there was one. */
    boolean forget(String database, String question);

    /** The example whose question is equal or nearly equal to {@code question} ({@link QuestionKey}), if any. */
    default Optional<VerifiedExample> match(String database, String question) {
        String key = QuestionKey.normalise(question);
        List<VerifiedExample> all = list(database);
        // An exact match wins over a plural variant.
        return all.stream().filter(e -> QuestionKey.normalise(e.question()).equals(key)).findFirst()
                .or(() -> all.stream().filter(e -> QuestionKey.nearlyEqual(e.question(), question)).findFirst());
    }
}
