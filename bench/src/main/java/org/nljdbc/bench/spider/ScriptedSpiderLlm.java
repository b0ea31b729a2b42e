package org.nljdbc.bench.spider;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.nljdbc.translator.internal.retrieval.DdlRenderer;

/**
 * A perfect model that may only use what it was shown: a loopback HTTP server speaking OpenAI chat completions and
 * Anthropic messages that answers the current question with its gold SQL if, and only if, every table and column the
 * gold SQL uses appears in the prompt (names matched case-insensitively as whole words, the question's own text left
 * out); otherwise it answers with a sentence and no SQL.
 *
 * <p>It records, per request, the prompt's estimated tokens (the driver's own estimate, about four characters a token,
 * so that the scripted run reports the figures a real provider would bill roughly), and the time spent inside the
 * server, which the harness subtracts from each question's latency. Questions are asked one at a time:
 * {@link #expect} names the question the following requests belong to.
 */
public final class ScriptedSpiderLlm implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the server knows of the current question. */
    public record Expectation(String question, String gold, GoldReferences uses) {
    }

    /**
     * One request.
     *
     * @param promptTokens  estimated tokens of everything the model was shown
     * @param serverNanos   time from the request's arrival to the reply being ready
     * @param answeredSql   whether the reply held the gold SQL
     * @param missingTables gold tables absent from the prompt
     * @param missingColumns gold columns absent from the prompt
     */
    public record Exchange(int promptTokens, long serverNanos, boolean answeredSql, Set<String> missingTables,
                    Set<String> missingColumns) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scripted-spider-llm");
        t.setDaemon(true);
        return t;
    });
    private volatile Expectation current;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    private ScriptedSpiderLlm(HttpServer server) {
        this.server = server;
    }

    public static ScriptedSpiderLlm start() throws IOException {
        // Without TCP_NODELAY the JDK server's small replies wait ~40 ms for delayed ACKs, which would be counted as
        // the driver's latency (the server's own time is subtracted, the wire's is not).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ScriptedSpiderLlm llm = new ScriptedSpiderLlm(s);
        s.createContext("/", llm::handle);
        s.setExecutor(llm.executor);
        s.start();
        return llm;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The requests from now on are about {@code next}; forgets earlier exchanges. */
    public void expect(Expectation next) {
        exchanges.clear();
        current = next;
    }

    /** Requests since the last {@link #expect}, in order. */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    private void handle(HttpExchange http) throws IOException {
        long start = System.nanoTime();
        try (http) {
            JsonNode body = JSON.readTree(http.getRequestBody().readAllBytes());
            Expectation e = current;
            String prompt = promptText(body);
            String shown = e == null ? prompt : prompt.replace(e.question(), " ");
            Set<String> missingTables = missing(e == null ? Set.of() : e.uses().tables(), shown);
            Set<String> missingColumns = missing(e == null ? Set.of() : e.uses().columns(), shown);
            boolean answer = e != null && missingTables.isEmpty() && missingColumns.isEmpty();
            String content = answer ? "```sql\n" + e.gold() + "\n```"
                    : "I cannot answer this: the schema I was given lacks " + String.join(", ", missingTables)
                    + (missingTables.isEmpty() || missingColumns.isEmpty() ? "" : " and ")
                    + String.join(", ", missingColumns) + ".";
            int promptTokens = DdlRenderer.estimateTokens(prompt);
            int completionTokens = DdlRenderer.estimateTokens(content);
            boolean anthropic = http.getRequestURI().getPath().endsWith("/messages");
            byte[] out = (anthropic ? anthropicBody(content, promptTokens, completionTokens)
                    : openAiBody(content, promptTokens, completionTokens)).getBytes(StandardCharsets.UTF_8);
            // Recorded before the reply leaves, so the harness never reads the exchanges before this one is there.
            exchanges.add(new Exchange(promptTokens, System.nanoTime() - start, answer, missingTables, missingColumns));
            http.getResponseHeaders().add("Content-Type", "application/json");
            http.sendResponseHeaders(200, out.length);
            try (OutputStream os = http.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private static Set<String> missing(Set<String> names, String prompt) {
        Set<String> out = new TreeSet<>();
        for (String n : names) {
            Pattern word = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(n) + "(?![A-Za-z0-9_])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            if (!word.matcher(prompt).find()) {
                out.add(n);
            }
        }
        return out;
    }

    /** Everything the model was shown: the system prompt and every message, in either protocol. */
    static String promptText(JsonNode request) {
        List<String> parts = new ArrayList<>();
        JsonNode system = request.path("system");
        if (system.isTextual()) {
            parts.add(system.asText());
        } else if (system.isArray()) {
            system.forEach(b -> parts.add(b.path("text").asText()));
        }
        for (JsonNode m : request.path("messages")) {
            JsonNode c = m.path("content");
            if (c.isTextual()) {
                parts.add(c.asText());
            } else {
                c.forEach(b -> parts.add(b.path("text").asText()));
            }
        }
        return String.join("\n", parts);
    }

    private static String openAiBody(String content, int promptTokens, int completionTokens) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-spider").put("object", "chat.completion").put("model", "scripted-gold");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    private static String anthropicBody(String content, int promptTokens, int completionTokens) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "msg_spider").put("type", "message").put("role", "assistant").put("model", "scripted-gold");
        root.putArray("content").addObject().put("type", "text").put("text", content);
        root.put("stop_reason", "end_turn");
        root.putObject("usage").put("input_tokens", promptTokens).put("output_tokens", completionTokens);
        return root.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
