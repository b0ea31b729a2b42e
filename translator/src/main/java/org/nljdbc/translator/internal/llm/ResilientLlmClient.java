package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmReply;
import org.nljdbc.translator.llm.LlmRequest;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.nljdbc.translator.LlmUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds retries and the endpoint's circuit breaker to a one-call client. Retries (exponential backoff with jitter,
 * or the provider's {@code Retry-After} when it gave one and it is not longer than allowed) happen on 429, 5xx and
 * connection errors only; a timeout is not retried because the caller has already waited the whole timeout. The
 * circuit breaker is one per endpoint URL in the JVM, shared by every client of that endpoint, so once a provider
 * is down every connection fails fast; the first client of an endpoint decides its circuit's settings.
 */
final class ResilientLlmClient implements LlmClient {
    private static final Logger LOG = LoggerFactory.getLogger(ResilientLlmClient.class);
    private static final ConcurrentHashMap<String, EndpointCircuit> CIRCUITS = new ConcurrentHashMap<>();

    private final LlmClient delegate;
    private final EndpointCircuit circuit;
    private final Resilience resilience;
    private final RetryConfig retryConfig;

    ResilientLlmClient(LlmClient delegate, String endpoint, Resilience resilience) {
        this.delegate = delegate;
        this.resilience = resilience;
        this.circuit = CIRCUITS.computeIfAbsent(endpoint, e -> new EndpointCircuit(delegate.describe(), resilience));
        this.retryConfig = RetryConfig.<LlmReply>custom()
                .maxAttempts(resilience.maxTries())
                .retryOnException(this::worthRetrying)
                .intervalBiFunction((attempt, outcome) -> waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                .writableStackTraceEnabled(false)
                .build();
    }

    private boolean worthRetrying(Throwable t) {
        if (!(t instanceof LlmHttpException h) || !h.retryable()) {
            return false;
        }
        // A provider that asks for a longer pause than we may wait is answered now, not after a futile retry.
        return h.retryAfter() == null || h.retryAfter().compareTo(resilience.maxRetryAfter()) <= 0;
    }

    long waitMillis(int attempt, Throwable failure) {
        if (failure instanceof LlmHttpException h && h.retryAfter() != null) {
            return h.retryAfter().toMillis();
        }
        long base = resilience.initialBackoff().toMillis();
        long max = resilience.maxBackoff().toMillis();
        long exp = base << Math.min(20, Math.max(0, attempt - 1));
        long capped = Math.min(max, exp);
        // Full jitter would allow zero waits; half-to-one-and-a-half keeps the exponential shape while spreading clients.
        long jittered = (long) (capped * (0.5 + ThreadLocalRandom.current().nextDouble()));
        return Math.min(max, Math.max(0, jittered));
    }

    @Override
    public LlmReply complete(LlmRequest request) throws SQLException {
        Retry retry = Retry.of("llm", retryConfig);
        AtomicInteger tries = new AtomicInteger();
        retry.getEventPublisher().onRetry(e -> LlmHealth.retried()).onRetry(e -> LOG.warn("{} failed ({}); try {} of {} in {} ms", delegate.describe(),
                e.getLastThrowable() == null ? "?" : e.getLastThrowable().getMessage(), e.getNumberOfRetryAttempts() + 1,
                resilience.maxTries(), e.getWaitInterval().toMillis()));
        CheckedSupplier<LlmReply> call = () -> {
            tries.incrementAndGet();
            return circuit.call(() -> delegate.complete(request));
        };
        try {
            return retry.executeCheckedSupplier(call);
        } catch (LlmHttpException e) {
            if (tries.get() > 1) {
                throw new LlmUnavailableException(e.getMessage() + " (gave up after " + tries.get() + " tries)", e);
            }
            throw e;
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new LlmUnavailableException("LLM endpoint unavailable: " + delegate.describe() + ": " + t, t);
        }
    }

    /** How many endpoints' circuits are in {@code state} now (for {@link LlmHealth}). */
    static int circuits(CircuitBreaker.State state) {
        int n = 0;
        for (EndpointCircuit c : CIRCUITS.values()) {
            if (c.breaker.getState() == state) {
                n++;
            }
        }
        return n;
    }

    /** The circuit of {@code endpoint}, for tests and diagnostics. */
    static CircuitBreaker.State circuitState(String endpoint) {
        EndpointCircuit c = CIRCUITS.get(endpoint);
        return c == null ? CircuitBreaker.State.CLOSED : c.breaker.getState();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** One endpoint's breaker plus what its "circuit open" message needs: since when, and the last failure. */
    private static final class EndpointCircuit {
        private final String who;
        private final Duration openWait;
        private final CircuitBreaker breaker;
        private volatile long openedAtNanos;
        private volatile String lastFailure = "";

        EndpointCircuit(String who, Resilience r) {
            this.who = who;
            this.openWait = r.circuitOpenWait();
            CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(Math.max(10, r.circuitMinimumCalls()))
                    .minimumNumberOfCalls(r.circuitMinimumCalls())
                    .failureRateThreshold(r.circuitFailureRate())
                    .waitDurationInOpenState(r.circuitOpenWait())
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .recordException(t -> t instanceof LlmHttpException h && h.endpointFault())
                    .writableStackTraceEnabled(false)
                    .build();
            this.breaker = CircuitBreaker.of(who, config);
            breaker.getEventPublisher().onStateTransition(e -> {
                CircuitBreaker.State to = e.getStateTransition().getToState();
                if (to == CircuitBreaker.State.OPEN) {
                    openedAtNanos = System.nanoTime();
                    LOG.warn("{} keeps failing; failing its calls fast for {} s (last error: {})", who,
                            LlmHttp.seconds(openWait), lastFailure);
                } else if (to == CircuitBreaker.State.CLOSED) {
                    LOG.info("{} answers again; circuit closed", who);
                }
            });
        }

        LlmReply call(CheckedSupplier<LlmReply> attempt) throws Throwable {
            try {
                return breaker.executeCheckedSupplier(() -> {
                    try {
                        return attempt.get();
                    } catch (LlmHttpException e) {
                        if (e.endpointFault()) {
                            lastFailure = e.getMessage();
                        }
                        throw e;
                    }
                });
            } catch (CallNotPermittedException e) {
                long remaining = openWait.toNanos() - (System.nanoTime() - openedAtNanos);
                long secs = Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L);
                String last = lastFailure.startsWith("LLM endpoint unavailable: ")
                        ? lastFailure.substring("LLM endpoint unavailable: ".length()) : lastFailure;
                throw new LlmHttpException("LLM endpoint unavailable: " + who + " (circuit open for " + secs
                        + " s after repeated failures; last: " + last + ")", null, 0, false, false, null);
            }
        }
    }
}
