package org.nljdbc.translator.internal.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.nljdbc.translator.internal.cache.RedisStore;

/**
 * Verified examples in the shared Redis ({@code nl.cache.redis}): one hash per database, {@value #PREFIX} followed
 * by the hash of the database's identity, with one field per normalised question (its hash) whose value is a small
 * JSON object (question, sql, policy, created). No expiry: a verified answer stays until someone forgets it. Unlike
 * the best-effort translation cache, a failure of Redis is an {@link ExampleStoreException}, so {@code NL REMEMBER}
 * never pretends to have stored what it could not.
 */
public final class RedisExampleStore implements ExampleStore {
    /** What every key of this store starts with. */
    public static final String PREFIX = "nljdbc:examples:";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RedisStore redis;

    public RedisExampleStore(RedisStore redis) {
        this.redis = redis;
    }

    /** The Redis key that holds the examples of {@code database}. */
    public static String key(String database) {
        return PREFIX + QuestionKey.hash(database);
    }

    @Override
    public List<VerifiedExample> list(String database) {
        Map<String, String> entries;
        try {
            entries = redis.hashEntries(key(database));
        } catch (RuntimeException e) {
            throw failure("read", e);
        }
        record Stored(VerifiedExample example, long created, String field) {
        }
        List<Stored> out = new ArrayList<>();
        entries.forEach((field, value) -> {
            try {
                JsonNode n = JSON.readTree(value);
                out.add(new Stored(new VerifiedExample(n.path("question").asText(), n.path("sql").asText(),
                        n.path("policy").asText("")), n.path("created").asLong(0), field));
            } catch (java.io.IOException | IllegalArgumentException e) {
                // A value this version cannot read (written by hand or a future version) is skipped, not fatal.
            }
        });
        out.sort(Comparator.comparingLong(Stored::created).thenComparing(Stored::field));
        return out.stream().map(Stored::example).toList();
    }

    @Override
    public void remember(String database, VerifiedExample example) {
        ObjectNode n = JSON.createObjectNode();
        n.put("question", example.question());
        n.put("sql", example.sql());
        n.put("policy", example.policy());
        n.put("created", System.currentTimeMillis());
        try {
            redis.hashPut(key(database), QuestionKey.hash(example.question()), n.toString());
        } catch (RuntimeException e) {
            throw failure("write", e);
        }
    }

    @Override
    public boolean forget(String database, String question) {
        try {
            return redis.hashRemove(key(database), QuestionKey.hash(question));
        } catch (RuntimeException e) {
            throw failure("write", e);
        }
    }

    private ExampleStoreException failure(String what, RuntimeException e) {
        // The store's toString names scheme, host and port only, never a password.
        return new ExampleStoreException("could not " + what + " the verified examples in " + redis + ": "
                + e.getClass().getSimpleName(), e);
    }
}
