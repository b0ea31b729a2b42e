package org.nljdbc.translator.internal.llm;

import java.time.Duration;

/**
 * How hard a client tries before giving up on an endpoint.
 *
 * @param maxTries             HTTP tries per call, the first included; retried on 429, 5xx and connection errors
 * @param initialBackoff       wait before the first retry; doubles each retry, with jitter of plus or minus half
 * @param maxBackoff           ceiling of one backoff wait
 * @param maxRetryAfter        the longest {@code Retry-After} the client waits for; a longer one fails the call at once
 * @param circuitMinimumCalls  calls the circuit breaker needs to see before it may open
 * @param circuitFailureRate   percentage of failed calls (of the last {@code max(10, circuitMinimumCalls)}) that opens it
 * @param circuitOpenWait      how long an open circuit fails calls fast before letting one trial call through
 */
record Resilience(int maxTries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                         int circuitMinimumCalls, float circuitFailureRate, Duration circuitOpenWait) {

    public Resilience {
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1: " + maxTries);
        }
        if (circuitMinimumCalls < 1) {
            throw new IllegalArgumentException("circuitMinimumCalls must be at least 1: " + circuitMinimumCalls);
        }
        if (circuitFailureRate <= 0 || circuitFailureRate > 100) {
            throw new IllegalArgumentException("circuitFailureRate must be in (0, 100]: " + circuitFailureRate);
        }
    }

    /** 3 tries, 0.5 s then 1 s backoff (max 8 s), Retry-After up to 30 s, circuit opens at 50% of 5+ calls for 30 s. */
    public static Resilience defaults() {
        return new Resilience(3, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30), 5, 50f,
                Duration.ofSeconds(30));
    }

    public Resilience withMaxTries(int tries) {
        return new Resilience(tries, initialBackoff, maxBackoff, maxRetryAfter, circuitMinimumCalls,
                circuitFailureRate, circuitOpenWait);
    }

    public Resilience withBackoff(Duration initial, Duration max) {
        return new Resilience(maxTries, initial, max, maxRetryAfter, circuitMinimumCalls, circuitFailureRate,
                circuitOpenWait);
    }

    public Resilience withMaxRetryAfter(Duration max) {
        return new Resilience(maxTries, initialBackoff, maxBackoff, max, circuitMinimumCalls, circuitFailureRate,
                circuitOpenWait);
    }

    public Resilience withCircuit(int minimumCalls, float failureRate, Duration openWait) {
        return new Resilience(maxTries, initialBackoff, maxBackoff, maxRetryAfter, minimumCalls, failureRate, openWait);
    }
}
