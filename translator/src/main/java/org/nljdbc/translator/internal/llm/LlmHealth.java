package org.nljdbc.translator.internal.llm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.atomic.LongAdder;

/**
 * The health of this process's model endpoints, for metrics: how many calls were retried, and how many endpoints'
 * circuit breakers are closed, open or half open right now.
 */
public final class LlmHealth {
    private static final LongAdder RETRIES = new LongAdder();

    private LlmHealth() {
    }

    static void retried() {
        RETRIES.increment();
    }

    /** Calls retried after a 429, a 5xx or a connection error, since the process started. */
    public static long retries() {
        return RETRIES.sum();
    }

    /** Endpoints whose circuit breaker is open now: their calls fail fast. */
    public static int openCircuits() {
        return ResilientLlmClient.circuits(CircuitBreaker.State.OPEN);
    }

    /** Endpoints whose circuit breaker lets one trial call through now. */
    public static int halfOpenCircuits() {
        return ResilientLlmClient.circuits(CircuitBreaker.State.HALF_OPEN);
    }

    /** Endpoints whose circuit breaker is closed: calls go through. */
    public static int closedCircuits() {
        return ResilientLlmClient.circuits(CircuitBreaker.State.CLOSED);
    }
}
