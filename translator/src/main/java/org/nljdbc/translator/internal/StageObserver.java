package org.nljdbc.translator.internal;

/**
 * Watches the stages of the questions a translator answers, for timers and traces. The pipeline calls
 * {@link #begin(Stage)} when a stage starts and closes what it returns when the stage ends, also when it throws.
 * Implementations are called on the answering thread, must be cheap, and must never throw.
 */
public interface StageObserver {
    /** Watches nothing; the default. */
    StageObserver NONE = stage -> Span.NONE;

    /** A stage of the current question begins. */
    Span begin(Stage stage);

    /** One stage of one question, from its start to {@link #close()}. */
    interface Span extends AutoCloseable {
        Span NONE = () -> { };

        /** The stage ended; called exactly once. */
        @Override
        void close();
    }
}
