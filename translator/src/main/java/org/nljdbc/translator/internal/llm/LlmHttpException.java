package org.nljdbc.translator.internal.llm;

import java.time.Duration;
import org.nljdbc.translator.LlmUnavailableException;

/**
 * An endpoint failure with what the resilience layer needs to decide: whether trying again may help, whether it
 * counts against the endpoint's circuit, and how long the provider asked us to wait.
 */
final class LlmHttpException extends LlmUnavailableException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final boolean retryable;
    private final boolean endpointFault;
    private final transient Duration retryAfter;

    LlmHttpException(String message, Throwable cause, int status, boolean retryable, boolean endpointFault,
                     Duration retryAfter) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
        this.endpointFault = endpointFault;
        this.retryAfter = retryAfter;
    }

    /** HTTP status, or 0 when there was no response. */
    int status() {
        return status;
    }

    boolean retryable() {
        return retryable;
    }

    /** True when the failure says the endpoint is unhealthy (and so counts toward opening its circuit). */
    boolean endpointFault() {
        return endpointFault;
    }

    /** The provider's Retry-After, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
