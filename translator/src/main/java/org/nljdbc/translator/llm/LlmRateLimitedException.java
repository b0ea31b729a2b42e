package org.nljdbc.translator.llm;

import java.sql.SQLTransientException;

/**
 * This connection or user has made as many LLM calls as {@code nl.rateLimit.perMinute} allows; no call was made.
 * SQLState 53400 (a configured limit was reached); transient: the same statement succeeds later.
 */
public class LlmRateLimitedException extends SQLTransientException {
    private static final long serialVersionUID = 1L;

    public LlmRateLimitedException(String message) {
        super(message, "53400");
    }
}
