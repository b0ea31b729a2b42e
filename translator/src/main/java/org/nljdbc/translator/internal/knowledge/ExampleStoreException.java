package org.nljdbc.translator.internal.knowledge;

/** The example store could not be read or written; the message names the store's table, never its URL. */
public final class ExampleStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExampleStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
