package org.nljdbc.driver.observe;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.nljdbc.translator.internal.Stage;
import org.nljdbc.translator.internal.StageObserver;

/** Spans through OpenTelemetry's global API; loaded only when it is on the classpath (see {@link Tracing}). */
final class OpenTelemetryTracing implements Tracing {
    private static final String SCOPE = "org.nljdbc";

    @Override
    public Question start(String form) {
        // Asked per question, not kept: the host may install its SDK after the driver loaded.
        Tracer tracer = GlobalOpenTelemetry.getTracer(SCOPE);
        Span question = tracer.spanBuilder("nljdbc.question").setSpanKind(SpanKind.INTERNAL)
                .setAttribute("nljdbc.form", form).startSpan();
        Scope current = question.makeCurrent();
        return new Question() {
            @Override
            public StageObserver.Span stage(Stage stage) {
                Span span = tracer.spanBuilder("nljdbc." + stage.tag())
                        .setSpanKind(stage == Stage.GENERATION ? SpanKind.CLIENT : SpanKind.INTERNAL)
                        .setAttribute("nljdbc.stage", stage.tag()).startSpan();
                Scope scope = span.makeCurrent();
                return () -> {
                    scope.close();
                    span.end();
                };
            }

            @Override
            public void end(String outcome, String source, String sqlState) {
                question.setAttribute("nljdbc.outcome", outcome);
                question.setAttribute("nljdbc.source", source);
                if (sqlState != null) {
                    question.setAttribute("nljdbc.sqlstate", sqlState);
                    question.setStatus(StatusCode.ERROR);
                }
                current.close();
                question.end();
            }
        };
    }
}
