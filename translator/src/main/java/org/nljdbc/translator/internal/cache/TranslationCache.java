package org.nljdbc.translator.internal.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.nljdbc.guard.Policy;

/**
 * Translations already made, so that the same question over the same schema, policy, conversation state and model
 * is answered without an LLM call; and single flight, so that identical questions asked at the same time share
 * one call. What is cached is the model's SQL before the guard: a hit still goes through the guard, and the key
 * holds the whole {@link Policy} (not only its fingerprint), so SQL made under one policy is never handed to a
 * caller under another. Entries expire {@code nl.cache.ttlSeconds} after they are written; at most
 * {@code nl.cache.maxEntries} are kept. Thread-safe; one per data source (or per JVM).
 */
public final class TranslationCache {
    private final AsyncCache<Key, Entry> cache;
    private final boolean storing;
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder sharedHits = new LongAdder();
    private final SharedStore shared;
    private final Duration ttl;
    /** Every cache of the process together, by tier, for metrics ({@link #processTotals()}). */
    private static final LongAdder LOCAL_HITS = new LongAdder();
    private static final LongAdder LOCAL_MISSES = new LongAdder();
    private static final LongAdder SHARED_HITS = new LongAdder();
    private static final LongAdder SHARED_MISSES = new LongAdder();

    /** Lookups of every cache of this process since it started: local hits and misses, and shared (Redis) ones. */
    public record Totals(long localHits, long localMisses, long sharedHits, long sharedMisses) {
    }

    /** What every translation cache of this process looked up so far; a shared lookup follows a local miss. */
    public static Totals processTotals() {
        return new Totals(LOCAL_HITS.sum(), LOCAL_MISSES.sum(), SHARED_HITS.sum(), SHARED_MISSES.sum());
    }

    /**
     * @param ttl        how long an entry lives; zero or negative disables caching (single flight stays)
     * @param maxEntries how many entries are kept; 0 disables caching (single flight stays)
     */
    public TranslationCache(Duration ttl, long maxEntries) {
        this(ttl, maxEntries, SharedStore.NONE);
    }

    /**
     * A cache in front of {@code shared}: a local miss asks the shared store; a miss there takes a short lock
     * ({@link SharedTranslations}) so that, across processes, one caller translates and the others wait for it.
     * With caching disabled nothing is shared either.
     */
    public TranslationCache(Duration ttl, long maxEntries, SharedStore shared) {
        this.ttl = ttl;
        this.storing = ttl != null && !ttl.isZero() && !ttl.isNegative() && maxEntries > 0;
        Caffeine<Object, Object> b = Caffeine.newBuilder();
        if (storing) {
            b.expireAfterWrite(ttl).maximumSize(maxEntries);
        }
        // When not storing, the map only holds translations in flight (for single flight); each leaves when done.
        this.cache = b.buildAsync();
        this.shared = storing ? shared : SharedStore.NONE;
    }

    /**
     * What is cached for one question.
     *
     * @param sql              the model's SQL, before the guard's rewrites
     * @param tables           tables whose schema the model was shown
     * @param schemaTokens     estimated tokens of the schema part of the prompt
     * @param fullSchemaTokens estimated tokens of the whole visible schema
     */
    public record Entry(String sql, List<String> tables, int schemaTokens, int fullSchemaTokens) {
        public Entry {
            tables = List.copyOf(tables);
        }
    }

    /**
     * The identity of a translation.
     *
     * @param question          the question, normalized by {@link #normalize}
     * @param schemaFingerprint {@code Catalog.fingerprint()} of what the caller can see
     * @param policy            the whole policy (records compare by value)
     * @param dialect           the delegate's dialect
     * @param conversation      the conversation state the question is resolved against; empty for none
     * @param model             the model that translates ({@code LlmClient.describe()}: provider, endpoint, model)
     */
    public record Key(String question, String schemaFingerprint, Policy policy, String dialect, String conversation,
                      String model) {
        public static Key of(String question, String schemaFingerprint, Policy policy, String dialect,
                             String conversation, String model) {
            return new Key(normalize(question), schemaFingerprint, policy, dialect,
                    conversation == null ? "" : conversation, model);
        }

        @Override
        public String toString() {
            // The policy's tenant value is the caller's business, not a log's.
            return "Key[" + question + ", schema " + schemaFingerprint + ", policy " + policy.fingerprint() + "]";
        }
    }

    /**
     * Whitespace collapsed, trailing {@code ?.!} dropped, case folded outside quotes ("Orders in 'Paris'?" and
     * "orders in 'Paris'" are the same question; "'paris'" is not the same value as "'Paris'").
     */
    public static String normalize(String question) {
        String q = question == null ? "" : question.strip().replaceAll("\\s+", " ");
        q = q.replaceAll("[\\s?.!]+$", "");
        StringBuilder sb = new StringBuilder(q.length());
        char quote = 0;
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            sb.append(quote == 0 ? Character.toLowerCase(c) : c);
        }
        return sb.toString();
    }

    /** The outcome of {@link #lookup}: a hit to use, or the lead of a new translation. */
    public sealed interface Lookup permits Hit, Lead {
    }

    /** A translation someone already made (possibly while this caller waited for it). */
    public record Hit(Key key, Entry entry, boolean waited) implements Lookup {
    }

    /**
     * This caller translates; it must end with {@link #complete}, {@link #fail} or {@link #abandon} (the first of
     * them counts), or callers waiting on the same key wait until they are interrupted.
     */
    public final class Lead implements Lookup {
        private final Key key;
        private final CompletableFuture<Entry> future;
        /** The shared lock this caller holds while it translates, or null. */
        private final SharedTranslations.Lock lock;

        private Lead(Key key, CompletableFuture<Entry> future, SharedTranslations.Lock lock) {
            this.key = key;
            this.future = future;
            this.lock = lock;
        }

        public Key key() {
            return key;
        }

        /** Stores the translation and hands it to everyone waiting. */
        public void complete(Entry entry) {
            if (lock != null) {
                lock.complete(entry, ttl);
            }
            future.complete(entry);
            if (!storing) {
                cache.asMap().remove(key, future);
            }
        }

        /** The translation failed for a reason that holds for everyone asking the same: they get it too. */
        public void fail(SQLException reason) {
            if (future.isDone()) {
                return;
            }
            if (lock != null) {
                lock.release();
            }
            cache.asMap().remove(key, future);
            // A CancellationException, because Caffeine logs every other failed future as a WARNING with a stack
            // trace, into the host application's log, for what is an ordinary failed question.
            future.completeExceptionally(new Failed(reason));
        }

        /** The translation failed for this caller only: waiting callers try for themselves. */
        public void abandon() {
            if (future.isDone()) {
                return;
            }
            if (lock != null) {
                lock.release();
            }
            cache.asMap().remove(key, future);
            future.cancel(false);
        }
    }

    /**
     * A cached or in-flight translation of {@code key} (waiting for the in-flight one to finish), or, when there is
     * none, a {@link Lead} that makes this caller the one to translate.
     *
     * @throws SQLException the failure of the translation this caller waited for
     */
    public Lookup lookup(Key key) throws SQLException {
        while (true) {
            CompletableFuture<Entry> mine = new CompletableFuture<>();
            CompletableFuture<Entry> existing = cache.asMap().putIfAbsent(key, mine);
            if (existing == null) {
                return leadOrShared(key, mine);
            }
            boolean waited = !existing.isDone();
            if (waited) {
                waiting.incrementAndGet();
            }
            try {
                Entry e = existing.get();
                hits.increment();
                LOCAL_HITS.increment();
                return new Hit(key, e, waited);
            } catch (Failed failed) {
                throw failed.reason;
            } catch (CancellationException abandoned) {
                // the leader gave up for its own reasons: try again, possibly as the new leader
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new SQLException("translation failed: " + e.getCause(), "42000", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the same question's translation", "HY008", e);
            } finally {
                if (waited) {
                    waiting.decrementAndGet();
                }
            }
        }
    }

    /**
     * This caller missed locally: the shared store's translation if another process made one (or is making one, which
     * is awaited for a bounded time), else a lead, holding the shared lock when it could be taken.
     */
    private Lookup leadOrShared(Key key, CompletableFuture<Entry> mine) {
        LOCAL_MISSES.increment();
        if (!shared.enabled()) {
            misses.increment();
            return new Lead(key, mine, null);
        }
        SharedTranslations.Outcome outcome = SharedTranslations.find(shared, key);
        if (outcome.entry() != null) {
            mine.complete(outcome.entry());
            sharedHits.increment();
            SHARED_HITS.increment();
            hits.increment();
            return new Hit(key, outcome.entry(), outcome.waited());
        }
        misses.increment();
        SHARED_MISSES.increment();
        return new Lead(key, mine, outcome.lock());
    }

    /** Drops {@code entry} of {@code key} (e.g. its SQL failed on the database), here and in the shared store. */
    public void invalidate(Key key, Entry entry) {
        CompletableFuture<Entry> f = cache.getIfPresent(key);
        if (f != null && f.isDone() && !f.isCompletedExceptionally() && entry.equals(f.getNow(null))) {
            cache.asMap().remove(key, f);
        }
        SharedTranslations.forget(shared, key, entry);
    }

    /** Hits answered from the shared store (another process's translation). */
    public long sharedHits() {
        return sharedHits.sum();
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /** Callers now waiting for another caller's translation. */
    int waiting() {
        return waiting.get();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    @Override
    public String toString() {
        return "TranslationCache[" + cache.synchronous().estimatedSize() + " entries, " + hits() + " hits, " + misses()
                + " misses]";
    }

    /** The shared failure of a translation, carried so that waiting callers get the leader's exception. */
    private static final class Failed extends CancellationException {
        private static final long serialVersionUID = 1L;
        private final transient SQLException reason;

        Failed(SQLException reason) {
            super(reason.getMessage());
            this.reason = reason;
        }
    }
}
