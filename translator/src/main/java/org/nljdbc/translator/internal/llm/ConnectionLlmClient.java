package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmRateLimitedException;
import org.nljdbc.translator.llm.LlmReply;
import org.nljdbc.translator.llm.LlmRequest;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.nljdbc.translator.internal.cache.SharedStore;

/**
 * One connection's view of a shared client: its own rate limit, its user's rate limit (shared by all of that
 * user's connections in the JVM), and its token meter. A call refused by a limit never reaches the endpoint.
 */
final class ConnectionLlmClient implements LlmClient {
    private static final ConcurrentHashMap<String, RateLimiter> PER_USER = new ConcurrentHashMap<>();

    private final LlmClient delegate;
    private final RateLimiter perConnection;
    private final RateLimiter perUser;
    private final String user;
    private final int perMinute;
    private final TokenMeter meter;
    private final SharedStore store;

    ConnectionLlmClient(LlmClient delegate, String user, int perMinute, TokenMeter meter, SharedStore store) {
        this.delegate = delegate;
        this.store = store;
        this.user = user;
        this.perMinute = perMinute;
        this.meter = meter;
        if (perMinute > 0) {
            this.perConnection = RateLimiter.of("llm-connection", config(perMinute));
            this.perUser = user == null ? null
                    : PER_USER.computeIfAbsent(user + "|" + perMinute, k -> RateLimiter.of("llm-user", config(perMinute)));
        } else {
            this.perConnection = null;
            this.perUser = null;
        }
    }

    private static RateLimiterConfig config(int perMinute) {
        return RateLimiterConfig.custom().limitForPeriod(perMinute).limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO).build();
    }

    @Override
    public LlmReply complete(LlmRequest request) throws SQLException {
        if (perConnection != null && !perConnection.acquirePermission()) {
            throw limited("this connection", perConnection);
        }
        if (perUser != null) {
            long shared = sharedCount();
            if (shared > perMinute) {
                long secs = Math.max(1, 60 - (System.currentTimeMillis() / 1000) % 60);
                throw new LlmRateLimitedException("LLM rate limit reached: user " + user + " may make " + perMinute
                        + " LLM calls per minute (nl.rateLimit.perMinute, counted across every process sharing "
                        + "nl.cache.redis); try again in " + secs + " s");
            }
            // Counted locally while the shared store is unavailable (-1), so a dead store never lifts the limit.
            if (shared < 0 && !perUser.acquirePermission()) {
                throw limited("user " + user, perUser);
            }
        }
        LlmReply reply = delegate.complete(request);
        if (meter != null) {
            meter.record(reply);
        }
        return reply;
    }

    /** This call counted in the user's shared window of the current minute; -1 without a shared store. */
    private long sharedCount() {
        if (!store.enabled()) {
            return -1;
        }
        long minute = System.currentTimeMillis() / 60_000;
        return store.increment("nljdbc:rate:" + digest(user) + ":" + perMinute + ":" + minute, Duration.ofMinutes(1));
    }

    private static String digest(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private LlmRateLimitedException limited(String who, RateLimiter limiter) {
        long nanos = limiter instanceof AtomicRateLimiter a ? a.getDetailedMetrics().getNanosToWait() : 60_000_000_000L;
        long secs = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        return new LlmRateLimitedException("LLM rate limit reached: " + who + " may make " + perMinute
                + " LLM calls per minute (nl.rateLimit.perMinute); try again in " + secs + " s");
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public String toString() {
        return describe();
    }
}
