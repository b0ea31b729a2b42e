package org.nljdbc.driver.observe;

import org.nljdbc.translator.internal.Stage;
import org.nljdbc.translator.internal.StageObserver;

/**
 * Trace spans of questions: a span per question with a child span per stage (the model call a client span) when
 * the OpenTelemetry API is on the host's classpath, else nothing. OpenTelemetry classes are only ever loaded by
 * {@link OpenTelemetryTracing}, which is loaded reflectively, as Micrometer's are by {@link MicrometerMeters}.
 * Span attributes are bounded values (statement form, source, outcome, SQLState), never question text or SQL.
 */
interface Tracing {
    /** Begins the span of one question on this thread; it is the parent of the stage spans until it ends. */
    Question start(String form);

    /** One question's span. */
    interface Question {
        Question NONE = new Question() {
            @Override
            public StageObserver.Span stage(Stage stage) {
                return StageObserver.Span.NONE;
            }

            @Override
            public void end(String outcome, String source, String sqlState) {
            }
        };

        /** A child span for {@code stage}, current on this thread until closed. */
        StageObserver.Span stage(Stage stage);

        /** Ends the question's span; {@code sqlState} is null unless it was refused or failed. */
        void end(String outcome, String source, String sqlState);
    }

    Tracing NONE = form -> Question.NONE;

    /** OpenTelemetry's global tracer when its API is present, else {@link #NONE}. */
    static Tracing host() {
        return Holder.HOST;
    }

    final class Holder {
        static final Tracing HOST = load();

        private Holder() {
        }

        private static Tracing load() {
            try {
                Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, Tracing.class.getClassLoader());
                return (Tracing) Class.forName("org.nljdbc.driver.observe.OpenTelemetryTracing")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return NONE;
            }
        }
    }
}
