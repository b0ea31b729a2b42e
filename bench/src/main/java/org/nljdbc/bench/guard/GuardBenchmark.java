package org.nljdbc.bench.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.guard.Verdict;
import org.nljdbc.guard.VisibleSchema;

/**
 * Latency of one {@link SqlGuard#check} on typical queries: Spider gold queries when the shared data is
 * present (SQLite dialect, default policy), plus a fixed mix with masks and tenant filters. Warms up,
 * then times each check separately and prints percentiles; {@code --out FILE} writes them as JSON.
 *
 * <p>Usage: {@code GuardBenchmark [--checks N] [--warmup N] [--data DIR] [--out FILE]}.
 */
public final class GuardBenchmark {
    private record Case(SqlGuard guard, String sql, Dialect dialect, VisibleSchema schema) {
    }

    private GuardBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int checks = 20_000;
        int warmup = 10_000;
        Path data = Path.of(System.getProperty("nljdbc.shared.data", "../shared/data"));
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--checks" -> checks = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        List<Case> cases = cases(data);
        int spider = (int) cases.stream().filter(c -> c.dialect() == Dialect.SQLITE).count();
        GoldRefusals gold = goldRefusals(cases.stream().filter(c -> c.dialect() == Dialect.SQLITE).toList());
        long accepted = 0;
        for (int i = 0; i < warmup; i++) {
            Case c = cases.get(i % cases.size());
            accepted += c.guard().check(c.sql(), c.dialect(), c.schema()) instanceof Verdict.Accepted ? 1 : 0;
        }
        long[] nanos = new long[checks];
        accepted = 0;
        long wall = System.nanoTime();
        for (int i = 0; i < checks; i++) {
            // a stride through the cases, so consecutive checks differ
            Case c = cases.get((int) ((i * 7919L) % cases.size()));
            long t0 = System.nanoTime();
            Verdict v = c.guard().check(c.sql(), c.dialect(), c.schema());
            nanos[i] = System.nanoTime() - t0;
            accepted += v instanceof Verdict.Accepted ? 1 : 0;
        }
        wall = System.nanoTime() - wall;
        Arrays.sort(nanos);
        double p50 = nanos[checks / 2] / 1e6;
        double p90 = nanos[(int) (checks * 0.90)] / 1e6;
        double p99 = nanos[(int) (checks * 0.99)] / 1e6;
        double max = nanos[checks - 1] / 1e6;
        double perSecond = checks / (wall / 1e9);
        System.out.printf(Locale.ROOT, "cases: %d (%d Spider gold), checks: %d, accepted: %d, checks/s: %.0f%n",
                cases.size(), spider, checks, accepted, perSecond);
        if (out != null) {
            String json = String.format(Locale.ROOT, "{\"benchmark\":\"guard\",\"cases\":%d,\"spiderCases\":%d,\"checks\":%d,"
                    + "\"accepted\":%d,\"checksPerSecond\":%.1f,\"p50Millis\":%.4f,\"p90Millis\":%.4f,\"p99Millis\":%.4f,"
                    + "\"maxMillis\":%.4f,\"java\":\"%s\",\"cores\":%d,\"spiderGoldRefused\":%d,"
                    + "\"spiderGoldRefusedForCatalogNames\":%d,\"spiderGoldRefusedByReason\":%s,"
                    + "\"spiderGoldRefusedExamples\":%s}%n", cases.size(), spider, checks, accepted,
                    perSecond, p50, p90, p99, max, System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), gold.refused(), gold.forCatalogNames(),
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(gold.byReason()),
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(gold.examples()));
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.out.println("wrote " + out);
        }
        System.out.printf(Locale.ROOT, "spider gold refused: %d of %d %s; of them accepted once every catalog name is "
                + "quoted (refused for keyword-named columns or tables): %d%n", gold.refused(), spider, gold.byReason(),
                gold.forCatalogNames());
        gold.examples().forEach(e -> System.out.println("  refused: " + e));
        System.out.printf(Locale.ROOT, "guard p50: %.3f ms, p99: %.3f ms%n", p50, p99);
    }

    /**
     * The Spider gold queries the guard refuses, by reason, and how many of them it accepts once every word that
     * names a table or column of the query's database is quoted with the catalog's spelling: those were refused only
     * because a catalog name reads as a keyword to the parser (issue #14 wants none).
     */
    record GoldRefusals(int refused, int forCatalogNames, Map<String, Integer> byReason, List<String> examples) {
    }

    static GoldRefusals goldRefusals(List<Case> spider) {
        int refused = 0;
        int forNames = 0;
        Map<String, Integer> byReason = new java.util.TreeMap<>();
        List<String> examples = new ArrayList<>();
        for (Case c : spider) {
            if (c.guard().check(c.sql(), c.dialect(), c.schema()) instanceof Verdict.Refused r) {
                refused++;
                byReason.merge(r.reason().name(), 1, Integer::sum);
                String quoted = quoteCatalogNames(c.sql(), c.schema());
                boolean names = !quoted.equals(c.sql())
                        && c.guard().check(quoted, c.dialect(), c.schema()) instanceof Verdict.Accepted;
                if (names) {
                    forNames++;
                }
                if (examples.size() < 20) {
                    examples.add((names ? "[catalog name] " : "") + r.message() + " :: " + c.sql());
                }
            }
        }
        return new GoldRefusals(refused, forNames, byReason, examples);
    }

    /** {@code sql} with every word outside string literals that names a table or column of {@code schema} quoted. */
    static String quoteCatalogNames(String sql, VisibleSchema schema) {
        Map<String, String> names = new java.util.HashMap<>();
        for (VisibleSchema.Table t : schema.tables()) {
            names.put(t.name().toLowerCase(Locale.ROOT), t.name());
            t.columns().forEach(col -> names.put(col.toLowerCase(Locale.ROOT), col));
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char ch = sql.charAt(i);
            if (ch == '\'' || ch == '"' || ch == '`') {
                int end = sql.indexOf(ch, i + 1);
                end = end < 0 ? sql.length() : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (Character.isLetter(ch) || ch == '_') {
                int end = i;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String word = sql.substring(i, end);
                String stored = names.get(word.toLowerCase(Locale.ROOT));
                boolean qualifier = end < sql.length() && sql.charAt(end) == '(';
                out.append(stored != null && !qualifier ? "\"" + stored + "\"" : word);
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    /** Each Spider database's tables and columns from {@code tables.json}, names as stored. */
    private static Map<String, VisibleSchema> spiderSchemas(Path tablesJson) throws IOException {
        Map<String, VisibleSchema> out = new java.util.HashMap<>();
        if (!Files.exists(tablesJson)) {
            return out;
        }
        for (com.fasterxml.jackson.databind.JsonNode db : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(tablesJson.toFile())) {
            List<String> tables = new ArrayList<>();
            db.get("table_names_original").forEach(t -> tables.add(t.asText()));
            Map<String, List<String>> columns = new java.util.LinkedHashMap<>();
            tables.forEach(t -> columns.put(t, new ArrayList<>()));
            for (com.fasterxml.jackson.databind.JsonNode c : db.get("column_names_original")) {
                if (c.get(0).asInt() >= 0) {
                    columns.get(tables.get(c.get(0).asInt())).add(c.get(1).asText());
                }
            }
            out.put(db.get("db_id").asText(), VisibleSchema.of(columns));
        }
        return out;
    }

    private static List<Case> cases(Path data) throws IOException {
        List<Case> cases = new ArrayList<>();
        SqlGuard plain = new SqlGuard(Policy.defaults());
        Map<String, VisibleSchema> spider = spiderSchemas(data.resolve("spider").resolve("tables.json"));
        for (String file : List.of("dev_gold.sql", "train_gold.sql")) {
            Path p = data.resolve("spider").resolve(file);
            if (Files.exists(p)) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        // Each gold query against its own database's tables, as the driver checks it.
                        String[] f = line.split("\t", 2);
                        VisibleSchema own = spider.getOrDefault(f.length > 1 ? f[1].strip() : "", VisibleSchema.empty());
                        cases.add(new Case(plain, f[0], Dialect.SQLITE, own));
                    }
                }
            }
        }
        VisibleSchema schema = VisibleSchema.of(Map.of(
                "customers", List.of("id", "name", "email", "ssn", "city", "tenant_id"),
                "orders", List.of("id", "customer_id", "amount", "status", "created_at", "tenant_id")));
        SqlGuard strict = new SqlGuard(new Policy(1000, List.of(), List.of("hr.*"), List.of("customers.ssn"),
                "tenant_id", "acme", false));
        List<String> typical = List.of(
                "SELECT c.name, sum(o.amount) AS total FROM customers c JOIN orders o ON o.customer_id = c.id "
                        + "GROUP BY c.name ORDER BY total DESC",
                "SELECT * FROM customers WHERE city = 'Paris'",
                "WITH t AS (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id) "
                        + "SELECT c.name, t.n FROM customers c JOIN t ON t.customer_id = c.id",
                "SELECT status, count(*) FROM orders WHERE created_at > DATE '2024-01-01' GROUP BY status",
                "SELECT id, amount, rank() OVER (PARTITION BY customer_id ORDER BY amount DESC) FROM orders",
                "SELECT name FROM customers WHERE ssn = '1'",
                "SELECT pg_sleep(1)");
        for (String sql : typical) {
            cases.add(new Case(plain, sql, Dialect.POSTGRESQL, schema));
            cases.add(new Case(strict, sql, Dialect.POSTGRESQL, schema));
        }
        return cases;
    }
}
