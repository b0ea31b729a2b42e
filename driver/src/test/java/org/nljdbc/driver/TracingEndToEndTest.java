package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Issue 18's tracing through the JDBC API: with OpenTelemetry's API and an SDK in the host, every question is one
 * span with a child span per stage it passed, the model call a client span; no span carries question text or SQL.
 */
class TracingEndToEndTest {
    private InMemorySpanExporter exporter;
    private OpenTelemetrySdk sdk;

    @BeforeEach
    void installSdk() {
        exporter = InMemorySpanExporter.create();
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(sdk);
    }

    @AfterEach
    void removeSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk.close();
    }

    private static SpanData named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
    }

    @Test
    void eachQuestionIsASpanWithAChildSpanPerStageAndTheModelCallAsAClientSpan() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.H2, "obs_trace")) {
            db.exec("CREATE TABLE shipments (id INTEGER PRIMARY KEY, weight INTEGER)",
                    "INSERT INTO shipments VALUES (1, 7)");
            llm.reply("SELECT SUM(weight) FROM shipments").reply("DROP TABLE shipments")
                    .reply("SELECT SUM(weight) FROM shipments");
            Properties p = new Properties();
            p.setProperty("nl.llm.provider", "openai");
            p.setProperty("nl.llm.baseUrl", llm.baseUrl());
            p.setProperty("nl.llm.model", "m");
            p.setProperty("nl.rateLimit.perMinute", "0"); // many model calls in one JVM: the limit is per user, "" here
            p.setProperty("nl.llm.apiKey", "sk-trace-test");
            p.setProperty("nl.llm.maxAttempts", "1");
            p.setProperty("nl.symbolic.minConfidence", "2");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: total weight of the shipments")) {
                    assertTrue(rs.next());
                    assertEquals(7, rs.getInt(1));
                }
                List<SpanData> spans = exporter.getFinishedSpanItems();
                SpanData question = named(spans, "nljdbc.question");
                assertFalse(question.getParentSpanContext().isValid(), "the question's span is a root here");
                assertEquals("query", question.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("nljdbc.form")));
                assertEquals("model", question.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("nljdbc.source")));
                for (String stage : List.of("cache", "retrieval", "generation", "checkpoint", "execution")) {
                    SpanData child = named(spans, "nljdbc." + stage);
                    assertEquals(question.getSpanId(), child.getParentSpanId(), stage + " is a child of the question");
                    assertEquals(question.getTraceId(), child.getTraceId());
                    assertEquals(stage.equals("generation") ? SpanKind.CLIENT : SpanKind.INTERNAL, child.getKind(),
                            stage);
                }
                for (SpanData span : spans) {
                    assertFalse(span.getAttributes().toString().contains("shipments"),
                            "no question text or SQL in a span: " + span);
                }

                exporter.reset();
                assertThrows(SQLException.class, () -> s.executeQuery("NL: get rid of the shipments"));
                List<SpanData> refused = exporter.getFinishedSpanItems();
                SpanData refusal = named(refused, "nljdbc.question");
                assertEquals(StatusCode.ERROR, refusal.getStatus().getStatusCode());
                assertEquals("refused", refusal.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("nljdbc.outcome")));
                assertEquals(refusal.getSpanId(), named(refused, "nljdbc.generation").getParentSpanId());
                assertTrue(refused.stream().noneMatch(x -> x.getName().equals("nljdbc.execution")),
                        "a refused query never runs: " + refused);
                assertTrue(refused.stream().filter(x -> !x.getName().equals("nljdbc.question"))
                        .allMatch(x -> x.getParentSpanId().equals(refusal.getSpanId())), refused.toString());

                exporter.reset();
                try (ResultSet rs = s.executeQuery("NL SHOWSQL: total weight of all shipments")) {
                    assertTrue(rs.next());
                }
                List<SpanData> shown = exporter.getFinishedSpanItems();
                assertTrue(shown.stream().anyMatch(x -> x.getName().equals("nljdbc.checkpoint")), shown.toString());
                assertTrue(shown.stream().noneMatch(x -> x.getName().equals("nljdbc.execution")),
                        "SHOWSQL runs nothing, so it has no execution stage: " + shown);
            }
        }
    }

    @Test
    void aWrappedQuestionAndAPreparedOneAreSpansWithTheirStagesLikeAPlainQuestion() throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.H2, "obs_trace_plan")) {
            db.exec("CREATE TABLE parcels (id INTEGER PRIMARY KEY, weight INTEGER)", "INSERT INTO parcels VALUES (1, 7)");
            llm.reply("SELECT id, weight FROM parcels").reply("SELECT SUM(weight) FROM parcels");
            Properties p = new Properties();
            p.setProperty("nl.llm.provider", "openai");
            p.setProperty("nl.llm.baseUrl", llm.baseUrl());
            p.setProperty("nl.llm.model", "m");
            p.setProperty("nl.rateLimit.perMinute", "0"); // many model calls in one JVM: the limit is per user, "" here
            p.setProperty("nl.llm.apiKey", "sk-trace-test");
            p.setProperty("nl.llm.maxAttempts", "1");
            p.setProperty("nl.symbolic.minConfidence", "2");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM (NL: list the parcels) SPARK_GEN_SUBQ_0 WHERE 1=0")) {
                    assertFalse(rs.next());
                }
                List<SpanData> spans = exporter.getFinishedSpanItems();
                SpanData question = named(spans, "nljdbc.question");
                assertEquals("wrapped", question.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("nljdbc.form")));
                assertEquals("ran", question.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("nljdbc.outcome")));
                for (String stage : List.of("retrieval", "generation", "checkpoint", "execution")) {
                    assertEquals(question.getSpanId(), named(spans, "nljdbc." + stage).getParentSpanId(), stage);
                }
                assertEquals(1, spans.stream().filter(x -> x.getName().equals("nljdbc.execution")).count(),
                        "the statement ran once: " + spans);

                exporter.reset();
                try (java.sql.PreparedStatement ps = c.prepareStatement("NL: total weight of the parcels")) {
                    List<SpanData> preparing = exporter.getFinishedSpanItems();
                    SpanData prepared = named(preparing, "nljdbc.question");
                    assertEquals("prepared", prepared.getAttributes().get(
                            io.opentelemetry.api.common.AttributeKey.stringKey("nljdbc.outcome")));
                    assertEquals(prepared.getSpanId(), named(preparing, "nljdbc.generation").getParentSpanId());
                    assertTrue(preparing.stream().noneMatch(x -> x.getName().equals("nljdbc.execution")),
                            "preparing runs nothing: " + preparing);
                    exporter.reset();
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(7, rs.getInt(1));
                    }
                    List<SpanData> running = exporter.getFinishedSpanItems();
                    SpanData run = named(running, "nljdbc.question");
                    assertEquals("query", run.getAttributes().get(
                            io.opentelemetry.api.common.AttributeKey.stringKey("nljdbc.form")));
                    assertEquals(run.getSpanId(), named(running, "nljdbc.execution").getParentSpanId());
                }
            }
        }
    }
}
