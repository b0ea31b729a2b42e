package org.nljdbc.translator;

import java.sql.SQLException;

/**
 * No usable SQL could be produced for the question: the model answered without SQL, or every repair
 * attempt failed validation. SQLState 42000 (the statement as given cannot be executed); the message
 * says what went wrong and, where there is one, quotes the model's text (truncated).
 */
public class TranslationFailedException extends SQLException {
    private static final long serialVersionUID = 1L;

    public TranslationFailedException(String message) {
        super(message, "42000");
    }

    public TranslationFailedException(String message, Throwable cause) {
        super(message, "42000", cause);
    }
}
