package org.nljdbc.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nljdbc.bench.catalog.CatalogBenchmark;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;

/**
 * P processes sharing Redis: {@code bench/run fleet --processes P [--questions Q] [--rounds R] [--redis URL]
 * [--per-minute L] [--out FILE.json]}. A scripted model on loopback (answering after 50 ms, so that processes
 * overlap while one translates) counts calls per distinct question. All P JVMs start together and ask the same Q
 * questions R times each, in different orders; then each asks L more questions of its own under
 * {@code nl.rateLimit.perMinute=L}, so the fleet together may make only L of those calls. Reported: model calls per
 * distinct question (1.0 when each reached the model once), cache hit ratio, and the combined rate-limit outcome.
 * Questions carry a run id, so runs never hit each other's entries in a shared Redis.
 */
public final class FleetBenchmark {
    private static final Pattern QUESTION = Pattern.compile("how many rows are in (t\\d{5})[^\\n]*");

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int processes = Integer.parseInt(CatalogBenchmark.option(args, "--processes", "4"));
        int questions = Integer.parseInt(CatalogBenchmark.option(args, "--questions", "20"));
        int rounds = Integer.parseInt(CatalogBenchmark.option(args, "--rounds", "3"));
        int perMinute = Integer.parseInt(CatalogBenchmark.option(args, "--per-minute", "10"));
        String redis = CatalogBenchmark.option(args, "--redis", "redis://127.0.0.1:6379/0");
        String out = CatalogBenchmark.option(args, "--out", "bench/results/fleet-" + processes + ".json");
        String server = CatalogBenchmark.option(args, "--server", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        CatalogBenchmark.ensureSchema(server, "scale_catalog_200", 200, 12);
        String url = "jdbc:nl:" + server.substring("jdbc:".length()).replaceFirst("/test\\?", "/scale_catalog_200?");
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<String, Integer> calls = new HashMap<>();
        ObjectNode result = new ObjectMapper().createObjectNode().put("processes", processes)
                .put("questions", questions).put("rounds", rounds).put("perMinute", perMinute);
        try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
            llm.otherwise(req -> {
                String q = lastUserMessage(req);
                Matcher m = QUESTION.matcher(q);
                if (!m.find()) {
                    return ScriptedLlmServer.completion("I cannot answer that.");
                }
                synchronized (calls) {
                    calls.merge(m.group(), 1, Integer::sum);
                }
                return new ScriptedLlmServer.Reply("```sql\nSELECT count(*) FROM " + m.group(1) + "\n```", 100, 20,
                        java.time.Duration.ofMillis(50));
            });
            List<Process> children = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < processes; i++) {
                children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m", "-cp", System.getProperty("java.class.path"), FleetProbe.class.getName(), url,
                        redis, llm.baseUrl(), run, String.valueOf(i), String.valueOf(questions),
                        String.valueOf(rounds), String.valueOf(perMinute), String.valueOf(perMinute))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            ArrayNode perProcess = result.putArray("perProcess");
            int answered = 0;
            int fromCache = 0;
            int failed = 0;
            int limited = 0;
            for (Process p : children) {
                JsonNode line = null;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        if (l.startsWith("{\"process\"")) {
                            line = new ObjectMapper().readTree(l);
                        }
                    }
                }
                if (p.waitFor() != 0 || line == null) {
                    throw new IllegalStateException("a fleet process failed (exit " + p.exitValue() + ")");
                }
                perProcess.add(line);
                answered += line.get("answered").asInt();
                fromCache += line.get("fromCache").asInt();
                failed += line.get("failed").asInt();
                limited += line.get("ownRateLimited").asInt();
            }
            int shared = 0;
            int own = 0;
            for (Map.Entry<String, Integer> e : calls.entrySet()) {
                if (e.getKey().contains("process")) {
                    own += e.getValue();
                } else {
                    shared += e.getValue();
                }
            }
            int asked = processes * questions * rounds;
            result.put("seconds", (System.nanoTime() - start) / 1e9)
                    .put("sharedQuestionsAsked", asked).put("sharedAnswered", answered).put("sharedFailed", failed)
                    .put("modelCallsForSharedQuestions", shared)
                    .put("modelCallsPerDistinctQuestion", shared / (double) questions)
                    .put("cacheHitRatio", fromCache / (double) asked)
                    .put("ownQuestionsAsked", processes * perMinute).put("ownModelCalls", own)
                    .put("ownRateLimited", limited);
        }
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
        Files.createDirectories(Path.of(out).toAbsolutePath().getParent());
        Files.writeString(Path.of(out), json);
        System.out.println(json);
        System.out.printf("fleet of %d: %.2f model calls per distinct question, cache hit ratio %.3f, rate limit %d/min: "
                        + "%d model calls, %d refused%n", processes, result.get("modelCallsPerDistinctQuestion").asDouble(),
                result.get("cacheHitRatio").asDouble(), perMinute, result.get("ownModelCalls").asInt(),
                result.get("ownRateLimited").asInt());
    }

    private static String lastUserMessage(JsonNode req) {
        String last = "";
        for (JsonNode m : req.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                last = m.path("content").asText();
            }
        }
        return last;
    }
}
