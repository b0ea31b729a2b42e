package org.nljdbc.translator;

import java.sql.SQLTransientConnectionException;

/** The LLM endpoint could not answer (down, refusing, timing out, circuit open). SQLState 08006. */
public class LlmUnavailableException extends SQLTransientConnectionException {
    private static final long serialVersionUID = 1L;

    public LlmUnavailableException(String message, Throwable cause) {
        super(message, "08006", cause);
    }

    public LlmUnavailableException(String message) {
        super(message, "08006");
    }
}
