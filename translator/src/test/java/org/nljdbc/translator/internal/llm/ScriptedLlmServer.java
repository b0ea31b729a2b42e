package org.nljdbc.translator.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on loopback that speaks the OpenAI chat-completions protocol
 * ({@code POST /v1/chat/completions}) and the Anthropic messages protocol ({@code POST /v1/messages}),
 * answering from a script: each request takes the next scripted step; when the script is empty the
 * fallback answers. Records every request body so tests can check what the driver sent.
 */
public final class ScriptedLlmServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer. */
    public sealed interface Step permits Reply, Status, Raw, Hang, Held {
    }

    /** A normal completion whose message content is {@code content}. */
    public record Reply(String content, int promptTokens, int completionTokens, Duration delay) implements Step {
    }

    /** An HTTP error status with optional headers (e.g. Retry-After). */
    public record Status(int code, String body, Map<String, String> headers) implements Step {
    }

    /** A 200 with this exact body (malformed JSON, empty choices, ...). */
    public record Raw(String body) implements Step {
    }

    /** Never answers until the server closes. */
    public record Hang() implements Step {
    }

    /** Answers {@code reply} once {@code release} is counted down (or the server closes): a gate a test controls. */
    public record Held(Reply reply, CountDownLatch release) implements Step {
    }

    /** A completion with default token counts: 100 prompt, 20 completion. */
    public static Reply completion(String content) {
        return new Reply(content, 100, 20, Duration.ZERO);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-llm");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
    private final List<java.net.URI> uris = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Function<JsonNode, Step> fallback = req -> new Status(500, "{\"error\":\"script exhausted\"}", Map.of());

    private ScriptedLlmServer(HttpServer server) {
        this.server = server;
    }

    public static ScriptedLlmServer start() {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // every scripted reply would take ~40 ms on loopback. Read once, when the first server in the JVM starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScriptedLlmServer scripted = new ScriptedLlmServer(s);
            s.createContext("/", scripted::handle);
            s.setExecutor(scripted.executor);
            s.start();
            return scripted;
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port for the scripted LLM", e);
        }
    }

    /** Base URL for {@code nl.llm.baseUrl}, e.g. {@code http://127.0.0.1:4711/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public ScriptedLlmServer reply(String content) {
        return then(new Reply(content, 100, 20, Duration.ZERO));
    }

    public ScriptedLlmServer then(Step step) {
        script.add(step);
        return this;
    }

    /** Answers every request the script does not cover. */
    public ScriptedLlmServer otherwise(Function<JsonNode, Step> answer) {
        this.fallback = answer;
        return this;
    }

    /** Request bodies received so far, in order. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    public List<Map<String, List<String>>> requestHeaders() {
        return List.copyOf(headers);
    }

    /** Header {@code name} of request {@code i} (case-insensitive), or null. */
    public String header(int i, String name) {
        for (Map.Entry<String, List<String>> e : headers.get(i).entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** Request URIs as received (path and query; absolute when the client came through this server as a proxy). */
    public List<java.net.URI> requestUris() {
        return List.copyOf(uris);
    }

    /** {@link System#nanoTime()} at which each request arrived, in order. */
    public List<Long> arrivalNanos() {
        return List.copyOf(arrivals);
    }

    /** All text the model was shown in request {@code i} (system and messages), for prompt assertions. */
    public String promptText(int i) {
        JsonNode r = requests.get(i);
        StringBuilder sb = new StringBuilder();
        if (r.has("system")) {
            sb.append(r.get("system").isTextual() ? r.get("system").asText() : r.get("system").toString()).append('\n');
        }
        for (JsonNode m : r.path("messages")) {
            JsonNode c = m.path("content");
            sb.append(c.isTextual() ? c.asText() : c.toString()).append('\n');
        }
        return sb.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] in = exchange.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = JSON.readTree(in);
            } catch (IOException e) {
                body = JSON.createObjectNode().put("unparseable", new String(in, StandardCharsets.UTF_8));
            }
            arrivals.add(System.nanoTime());
            uris.add(exchange.getRequestURI());
            headers.add(Map.copyOf(exchange.getRequestHeaders()));
            requests.add(body);
            boolean anthropic = exchange.getRequestURI().getPath().endsWith("/messages");
            Step step = script.poll();
            if (step == null) {
                step = fallback.apply(body);
            }
            if (step instanceof Hang) {
                try {
                    closed.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (step instanceof Held held) {
                try {
                    held.release().await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                step = held.reply();
            }
            if (step instanceof Reply reply && !reply.delay().isZero()) {
                try {
                    if (closed.await(reply.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            int code = 200;
            String out;
            if (step instanceof Reply reply) {
                out = anthropic ? anthropicBody(reply) : openAiBody(reply);
            } else if (step instanceof Status status) {
                code = status.code();
                out = status.body();
                status.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            } else {
                out = ((Raw) step).body();
            }
            byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            // The client may have gone away (timeouts are part of the script); nothing to report.
        }
    }

    private static String openAiBody(Reply reply) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-scripted").put("object", "chat.completion").put("model", "scripted");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", reply.content());
        root.putObject("usage").put("prompt_tokens", reply.promptTokens())
                .put("completion_tokens", reply.completionTokens())
                .put("total_tokens", reply.promptTokens() + reply.completionTokens());
        return root.toString();
    }

    private static String anthropicBody(Reply reply) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "msg_scripted").put("type", "message").put("role", "assistant").put("model", "scripted");
        root.putArray("content").addObject().put("type", "text").put("text", reply.content());
        root.put("stop_reason", "end_turn");
        root.putObject("usage").put("input_tokens", reply.promptTokens()).put("output_tokens", reply.completionTokens());
        return root.toString();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
