package org.nljdbc.translator.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Policy;
import org.nljdbc.translator.TranslationFailedException;

class TranslationCacheTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private static final TranslationCache.Entry ENTRY =
            new TranslationCache.Entry("SELECT name FROM singer", List.of("singer"), 40, 40);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static TranslationCache.Key key(String question, Policy policy) {
        return TranslationCache.Key.of(question, "fp1", policy, "H2", "", "openai-compatible endpoint x (model m)");
    }

    private static void awaitWaiting(TranslationCache cache, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.waiting() < n) {
            assertTrue(System.nanoTime() < deadline, "nobody started waiting");
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void secondLookupOfACompletedTranslationIsAHit() throws Exception {
        TranslationCache cache = new TranslationCache(Duration.ofMinutes(5), 100);
        TranslationCache.Lead lead = assertInstanceOf(TranslationCache.Lead.class, cache.lookup(key("q", Policy.defaults())));
        lead.complete(ENTRY);

        TranslationCache.Hit hit = assertInstanceOf(TranslationCache.Hit.class, cache.lookup(key("q", Policy.defaults())));

        assertEquals(ENTRY, hit.entry());
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
    }

    @Test
    void normalizesWhitespaceCaseAndTrailingPunctuationButNotQuotedValues() {
        assertEquals(TranslationCache.normalize("How many  singers are from 'France'"),
                TranslationCache.normalize("  how many singers ARE from 'France'?  "));
        assertNotEquals(TranslationCache.normalize("singers from 'France'"), TranslationCache.normalize("singers from 'france'"));
    }

    @Test
    void anotherPolicyIsAnotherTranslation() throws Exception {
        TranslationCache cache = new TranslationCache(Duration.ofMinutes(5), 100);
        ((TranslationCache.Lead) cache.lookup(key("q", Policy.defaults()))).complete(ENTRY);
        Policy stricter = new Policy(1000, List.of(), List.of("singer"), List.of(), null, null, false);

        assertInstanceOf(TranslationCache.Lead.class, cache.lookup(key("q", stricter)));
        assertInstanceOf(TranslationCache.Lead.class, cache.lookup(key("q", Policy.defaults().withMaxRows(10))));
        Policy tenantA = new Policy(1000, List.of(), List.of(), List.of(), "tenant_id", "a", false);
        Policy tenantB = new Policy(1000, List.of(), List.of(), List.of(), "tenant_id", "b", false);
        ((TranslationCache.Lead) cache.lookup(key("q", tenantA))).complete(ENTRY);
        assertInstanceOf(TranslationCache.Lead.class, cache.lookup(key("q", tenantB)));
    }

    @Test
    void concurrentIdenticalQuestionWaitsForTheLeadersTranslation() throws Exception {
        TranslationCache cache = new TranslationCache(Duration.ofMinutes(5), 100);
        TranslationCache.Lead lead = (TranslationCache.Lead) cache.lookup(key("q", Policy.defaults()));
        Future<TranslationCache.Lookup> follower = pool.submit(() -> cache.lookup(key("Q?", Policy.defaults())));
        awaitWaiting(cache, 1);

        lead.complete(ENTRY);

        TranslationCache.Hit hit = assertInstanceOf(TranslationCache.Hit.class, follower.get(10, TimeUnit.SECONDS));
        assertTrue(hit.waited());
        assertEquals(ENTRY, hit.entry());
    }

    @Test
    void leadersFailureIsSharedWithWhoeverWaited() throws Exception {
        TranslationCache cache = new TranslationCache(Duration.ofMinutes(5), 100);
        TranslationCache.Lead lead = (TranslationCache.Lead) cache.lookup(key("q", Policy.defaults()));
        Future<TranslationCache.Lookup> follower = pool.submit(() -> cache.lookup(key("q", Policy.defaults())));
        awaitWaiting(cache, 1);
        TranslationFailedException reason = new TranslationFailedException("the model did not return SQL");

        lead.fail(reason);

        ExecutionException e = assertThrows(ExecutionException.class, () -> follower.get(10, TimeUnit.SECONDS));
        assertSame(reason, e.getCause());
        // and nothing is cached: the next asker leads a new translation
        assertInstanceOf(TranslationCache.Lead.class, cache.lookup(key("q", Policy.defaults())));
    }

    @Test
    void abandonedTranslationLetsAWaiterLeadItsOwn() throws Exception {
        TranslationCache cache = new TranslationCache(Duration.ofMinutes(5), 100);
        TranslationCache.Lead lead = (TranslationCache.Lead) cache.lookup(key("q", Policy.defaults()));
        Future<TranslationCache.Lookup> follower = pool.submit(() -> cache.lookup(key("q", Policy.defaults())));
        awaitWaiting(cache, 1);

        lead.abandon();

        assertInstanceOf(TranslationCache.Lead.class, follower.get(10, TimeUnit.SECONDS));
    }

    @Test
    void disabledCacheStoresNothingButStillSharesInFlightTranslations() throws Exception {
        TranslationCache cache = new TranslationCache(Duration.ZERO, 0);
        TranslationCache.Lead lead = (TranslationCache.Lead) cache.lookup(key("q", Policy.defaults()));
        Future<TranslationCache.Lookup> follower = pool.submit(() -> cache.lookup(key("q", Policy.defaults())));
        awaitWaiting(cache, 1);
        lead.complete(ENTRY);
        assertInstanceOf(TranslationCache.Hit.class, follower.get(10, TimeUnit.SECONDS));

        assertInstanceOf(TranslationCache.Lead.class, cache.lookup(key("q", Policy.defaults())));
    }

    @Test
    void invalidateDropsOnlyTheEntryThatFailed() throws Exception {
        TranslationCache cache = new TranslationCache(Duration.ofMinutes(5), 100);
        TranslationCache.Key k = key("q", Policy.defaults());
        ((TranslationCache.Lead) cache.lookup(k)).complete(ENTRY);
        cache.invalidate(k, new TranslationCache.Entry("SELECT other FROM t", List.of("t"), 1, 1));
        assertInstanceOf(TranslationCache.Hit.class, cache.lookup(k));

        cache.invalidate(k, ENTRY);

        assertInstanceOf(TranslationCache.Lead.class, cache.lookup(k));
    }

    @Test
    void keyToStringDoesNotShowTheTenantValue() {
        Policy tenant = new Policy(1000, List.of(), List.of(), List.of(), "tenant_id", "acme-secret-tenant", false);
        assertTrue(!key("q", tenant).toString().contains("acme-secret-tenant"), key("q", tenant).toString());
    }
}
