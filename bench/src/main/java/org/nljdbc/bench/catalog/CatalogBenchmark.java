package org.nljdbc.bench.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;

/**
 * First-answer latency on a big PostgreSQL schema, from cold JVMs: {@code bench/run catalog --tables N [--columns C]
 * [--out FILE.json]}. Builds database {@code scale_catalog_N} (N tables of C columns, each with a primary key, a foreign
 * key to the previous table, a comment and 20 rows) unless it exists, starts a scripted model (it answers
 * {@code SELECT count(*) FROM tNNNNN} for the table the question names), then runs {@link FirstAnswerProbe} in a child
 * JVM twice: with an empty snapshot directory (cold) and again with the snapshot the first left (warm). With
 * {@code --before-classpath CP} a third child runs against another nljdbc build (e.g. the one before issue 17).
 */
public final class CatalogBenchmark {
    private static final Pattern TABLE = Pattern.compile("how many rows are in (t\\d{5})");

    private CatalogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tables = Integer.parseInt(option(args, "--tables", "2000"));
        int columns = Integer.parseInt(option(args, "--columns", "12"));
        String out = option(args, "--out", "bench/results/catalog-" + tables + ".json");
        String before = option(args, "--before-classpath", null);
        String server = option(args, "--server", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String db = "scale_catalog_" + tables + (columns == 12 ? "" : "_" + columns);
        ensureSchema(server, db, tables, columns);
        String url = "jdbc:nl:" + server.substring("jdbc:".length()).replaceFirst("/test\\?", "/" + db + "?");
        ObjectNode result = new ObjectMapper().createObjectNode().put("tables", tables).put("columns", columns);
        try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
            llm.otherwise(req -> {
                Matcher m = TABLE.matcher(lastUserMessage(req));
                return ScriptedLlmServer.completion(m.find() ? "```sql\nSELECT count(*) FROM " + m.group(1) + "\n```"
                        : "I cannot answer that.");
            });
            Path snapshots = Files.createTempDirectory("nljdbc-bench-snapshots");
            String dir = "nl.catalog.snapshotDir=" + snapshots;
            result.set("cold", run(System.getProperty("java.class.path"), url, llm.baseUrl(), tables, dir));
            result.set("warmSnapshot", run(System.getProperty("java.class.path"), url, llm.baseUrl(), tables, dir));
            if (before != null) {
                // Its own snapshot directory, cold then warm, as for this build.
                String beforeDir = "nl.catalog.snapshotDir=" + Files.createTempDirectory("nljdbc-bench-before");
                result.set("before", run(before, url, llm.baseUrl(), tables, beforeDir));
                result.set("beforeWarmSnapshot", run(before, url, llm.baseUrl(), tables, beforeDir));
            }
            result.put("modelCalls", llm.requests().size());
        }
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
        Files.createDirectories(Path.of(out).toAbsolutePath().getParent());
        Files.writeString(Path.of(out), json);
        System.out.println(json);
        System.out.printf("catalog %d tables: first answer cold %.0f ms, with snapshot %.0f ms, steady p50 %.1f ms, "
                        + "heap %.0f MB%n", tables, result.get("cold").get("firstAnswerMs").asDouble(),
                result.get("warmSnapshot").get("firstAnswerMs").asDouble(),
                result.get("cold").get("steadyP50Ms").asDouble(),
                result.get("cold").get("heapAfterSamplingMb").asDouble());
    }

    private static String lastUserMessage(com.fasterxml.jackson.databind.JsonNode req) {
        String last = "";
        for (com.fasterxml.jackson.databind.JsonNode m : req.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                last = m.path("content").asText();
            }
        }
        return last;
    }

    private static com.fasterxml.jackson.databind.JsonNode run(String classpath, String url, String llm, int tables,
                                                               String... settings) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g"));
        // NLJDBC_PROBE_OPTS: extra JVM options for the probe, e.g. a flight recording to see where a cold start goes.
        String opts = System.getenv("NLJDBC_PROBE_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", classpath, FirstAnswerProbe.class.getName(), url, llm, String.valueOf(tables)));
        cmd.addAll(List.of(settings));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (l.startsWith("{\"firstAnswerMs\"")) {
                    line = l;
                }
            }
        }
        if (p.waitFor() != 0 || line == null) {
            throw new IllegalStateException("the probe JVM failed (exit " + p.exitValue() + ")");
        }
        System.err.println("probe: " + line);
        return new ObjectMapper().readTree(line);
    }

    /** Creates {@code db} with the schema unless it already has {@code tables} tables. */
    public static void ensureSchema(String server, String db, int tables, int columns) throws Exception {
        String dbUrl = server.replaceFirst("/test\\?", "/" + db + "?");
        try (Connection c = DriverManager.getConnection(dbUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            rs.next();
            if (rs.getInt(1) == tables) {
                return;
            }
        } catch (java.sql.SQLException missing) {
            // no such database yet
        }
        try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db);
            s.execute("CREATE DATABASE " + db);
        }
        System.err.println("building " + db + " (" + tables + " tables of " + columns + " columns) ...");
        try (Connection c = DriverManager.getConnection(dbUrl); Statement s = c.createStatement()) {
            // One DO block, committing every 200 tables (one transaction would run out of lock slots).
            s.execute("DO $$ DECLARE n int := " + tables + "; c int := " + columns + "; i int; j int; cols text; "
                    + "BEGIN FOR i IN 0..n-1 LOOP "
                    + "cols := 'id int PRIMARY KEY'; "
                    + "IF i > 0 THEN cols := cols || ', parent_id int REFERENCES t' || lpad((i-1)::text,5,'0') || '(id)'; "
                    + "ELSE cols := cols || ', parent_id int'; END IF; "
                    + "cols := cols || ', name varchar(40), category varchar(20)'; "
                    + "FOR j IN 4..c-1 LOOP cols := cols || ', m' || j || CASE WHEN j % 3 = 0 THEN ' numeric(10,2)' "
                    + "WHEN j % 3 = 1 THEN ' date' ELSE ' text' END; END LOOP; "
                    + "EXECUTE 'CREATE TABLE t' || lpad(i::text,5,'0') || ' (' || cols || ')'; "
                    + "EXECUTE 'COMMENT ON TABLE t' || lpad(i::text,5,'0') || ' IS ''table number ' || i || ''''; "
                    + "EXECUTE 'INSERT INTO t' || lpad(i::text,5,'0') || ' (id, parent_id, name, category) "
                    + "SELECT g, CASE WHEN ' || i || ' > 0 THEN g END, ''name '' || g, ''cat'' || (g % 4) "
                    + "FROM generate_series(1, 20) g'; "
                    + "IF i % 200 = 199 THEN COMMIT; END IF; END LOOP; END $$");
            s.execute("ANALYZE");
        }
    }

    public static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
