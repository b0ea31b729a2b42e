package org.nljdbc.bench.dialects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nljdbc.bench.loader.SpiderLoader;
import org.nljdbc.bench.spider.ResultComparator;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.internal.dialect.DialectPipeline;
import org.nljdbc.translator.internal.dialect.FallbackCounter;
import org.nljdbc.translator.internal.dialect.Rendered;
import org.nljdbc.translator.internal.dialect.SqlValidationException;
import org.nljdbc.translator.internal.dialect.Validated;

/**
 * Cross-dialect fidelity: every Spider gold query runs on SQLite as written, is validated against the target's catalog
 * and rendered for the target (PostgreSQL or MariaDB, loaded by {@link SpiderLoader}), runs there, and the results are
 * compared. Also runs the unrendered SQLite text on the target, to show what rendering is worth, and times planning.
 *
 * <pre>bench/run dialects --data DIR --target postgresql|mariadb [--gold dev|train|all] [--server URL] --out FILE.json</pre>
 */
public final class DialectBenchmark {
    private static final Map<String, String> SERVERS = Map.of(
            "postgresql", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            "mariadb", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=&sslMode=disable");
    private static final int MAX_ROWS = 100_000;
    private static final int TIMEOUT_SECONDS = 30;

    private DialectBenchmark() {
    }

    enum Outcome { IDENTICAL, MISMATCH, EXECUTION_ERROR, REJECTED }

    record QueryResult(String dbId, String sql, String rendered, boolean fallback, String fallbackReason,
                       String outcome, String error, boolean identicalAsWritten, double planningMs) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String target = o.getOrDefault("target", "postgresql").toLowerCase(Locale.ROOT);
        if (!SERVERS.containsKey(target)) {
            System.err.println("usage: bench/run dialects --data DIR --target postgresql|mariadb [--gold dev|train|all]"
                    + " [--server URL] [--limit N] --out FILE.json");
            System.exit(2);
        }
        Path data = Path.of(o.getOrDefault("data", System.getProperty("nljdbc.shared.data", "../shared/data")));
        Path spider = Files.isDirectory(data.resolve("spider")) ? data.resolve("spider") : data;
        String server = o.getOrDefault("server", SERVERS.get(target));
        String gold = o.getOrDefault("gold", "dev");
        int limit = Integer.parseInt(o.getOrDefault("limit", "0"));
        Path out = Path.of(o.getOrDefault("out", "bench/results/dialects-" + target + ".json"));
        Dialect dialect = Dialect.detect(target);

        long coldStart = System.nanoTime();
        long warmUp = DialectPipeline.warmUp();
        double coldMs = (System.nanoTime() - coldStart) / 1e6;

        List<String[]> queries = new ArrayList<>();
        for (String f : gold.equals("all") ? List.of("dev_gold.sql", "train_gold.sql") : List.of(gold + "_gold.sql")) {
            for (String line : Files.readAllLines(spider.resolve(f))) {
                int tab = line.lastIndexOf('\t');
                if (tab > 0) {
                    queries.add(new String[] {line.substring(0, tab).strip(), line.substring(tab + 1).strip()});
                }
            }
        }
        if (limit > 0 && queries.size() > limit) {
            queries = queries.subList(0, limit);
        }
        Map<String, List<String[]>> byDb = new TreeMap<>();
        queries.forEach(q -> byDb.computeIfAbsent(q[1], k -> new ArrayList<>()).add(q));

        DialectPipeline pipeline = new DialectPipeline();
        List<QueryResult> results = new ArrayList<>();
        List<Double> planning = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        int goldErrors = 0;
        int done = 0;
        for (Map.Entry<String, List<String[]>> db : byDb.entrySet()) {
            Path sqlite = spider.resolve("database").resolve(db.getKey()).resolve(db.getKey() + ".sqlite");
            String url = SpiderLoader.load(sqlite, server);
            try (Connection s = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
                 Connection t = DriverManager.getConnection(url)) {
                Catalog catalog = CatalogReader.read(t, new CatalogReader.Options(List.of(), true, 0, 0,
                        Duration.ZERO, Duration.ZERO));
                for (String[] q : db.getValue()) {
                    String sql = q[0];
                    List<String> expected;
                    try {
                        expected = run(s, sql);
                    } catch (SQLException e) {
                        goldErrors++;
                        continue;
                    }
                    boolean ordered = ordersResult(sql);
                    long p0 = System.nanoTime();
                    Validated v;
                    try {
                        v = pipeline.validate(sql, catalog, Dialect.SQLITE);
                    } catch (SqlValidationException e) {
                        results.add(new QueryResult(db.getKey(), sql, null, false, null, Outcome.REJECTED.name(),
                                e.getMessage(), false, 0));
                        counts.merge(Outcome.REJECTED.name(), 1, Integer::sum);
                        continue;
                    }
                    Rendered r = pipeline.render(v, dialect);
                    double ms = (System.nanoTime() - p0) / 1e6;
                    planning.add(ms);
                    Outcome outcome;
                    String error = null;
                    try {
                        outcome = ResultComparator.same(expected, run(t, r.sql()), ordered) ? Outcome.IDENTICAL
                                : Outcome.MISMATCH;
                    } catch (SQLException e) {
                        outcome = Outcome.EXECUTION_ERROR;
                        error = firstLine(e.getMessage());
                        rollback(t);
                    }
                    if (outcome == Outcome.MISMATCH && ordered && onlyTiesDiffer(s, t, sql, catalog, dialect)) {
                        counts.merge("MISMATCH_ONLY_IN_TIES", 1, Integer::sum);
                        error = "differs only in the order of rows tied on the ORDER BY keys";
                    }
                    boolean asWritten;
                    try {
                        asWritten = ResultComparator.same(expected, run(t, sql), ordered);
                    } catch (SQLException e) {
                        asWritten = false;
                        rollback(t);
                    }
                    counts.merge(outcome.name(), 1, Integer::sum);
                    if (asWritten) {
                        counts.merge("IDENTICAL_AS_WRITTEN", 1, Integer::sum);
                    }
                    results.add(new QueryResult(db.getKey(), sql, r.sql(), r.fallback(), r.reason(), outcome.name(),
                            error, asWritten, ms));
                }
            }
            done += db.getValue().size();
            System.err.printf("%s: %d/%d queries%n", db.getKey(), done, queries.size());
        }

        int n = results.size();
        int identical = counts.getOrDefault(Outcome.IDENTICAL.name(), 0);
        FallbackCounter f = pipeline.fallbacks();
        long fallbacks = f.fallbacks(FallbackCounter.Stage.RENDERING);
        List<Double> sorted = planning.stream().sorted().toList();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("target", target);
        report.put("gold", gold);
        report.put("queries", n);
        report.put("goldErrorsOnSqlite", goldErrors);
        report.put("identical", identical);
        report.put("identicalRate", n == 0 ? 0 : (double) identical / n);
        report.put("mismatches", counts.getOrDefault(Outcome.MISMATCH.name(), 0));
        report.put("executionErrors", counts.getOrDefault(Outcome.EXECUTION_ERROR.name(), 0));
        report.put("validationRejects", counts.getOrDefault(Outcome.REJECTED.name(), 0));
        report.put("renderingFallbacks", fallbacks);
        report.put("validationFallbacks", f.fallbacks(FallbackCounter.Stage.VALIDATION));
        report.put("fallbackReasons", f.byReason());
        int onlyTies = counts.getOrDefault("MISMATCH_ONLY_IN_TIES", 0);
        report.put("mismatchesOnlyInTies", onlyTies);
        report.put("identicalUpToTiesRate", n == 0 ? 0 : (double) (identical + onlyTies) / n);
        report.put("identicalAsWrittenWithoutRendering", counts.getOrDefault("IDENTICAL_AS_WRITTEN", 0));
        report.put("coldWarmUpMs", coldMs);
        report.put("warmUpNanos", warmUp);
        report.put("planningMsMedian", percentile(sorted, 0.5));
        report.put("planningMsP95", percentile(sorted, 0.95));
        report.put("planningMsMax", percentile(sorted, 1.0));
        report.put("notIdentical", results.stream().filter(r -> !r.outcome().equals(Outcome.IDENTICAL.name())).toList());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);

        System.out.printf(Locale.ROOT, "target %s, %d gold queries (%d fail on SQLite itself and are left out)%n", target,
                n, goldErrors);
        System.out.printf(Locale.ROOT, "identical %d, mismatches %d, execution errors %d, validation rejects %d%n",
                identical, report.get("mismatches"), report.get("executionErrors"), report.get("validationRejects"));
        System.out.printf(Locale.ROOT, "without rendering (SQLite text as written): identical %d%n",
                counts.getOrDefault("IDENTICAL_AS_WRITTEN", 0));
        System.out.printf(Locale.ROOT, "planning: cold %.0f ms (first query, class loading), warm median %.1f ms,"
                + " p95 %.1f ms%n", coldMs, percentile(sorted, 0.5), percentile(sorted, 0.95));
        System.out.println("fallbacks by reason: " + f.byReason());
        System.out.printf(Locale.ROOT, "identical up to rows tied on the ORDER BY keys: %.3f (%d/%d; %d mismatches "
                + "differ only in ties)%n", n == 0 ? 0 : (double) (identical + onlyTies) / n, identical + onlyTies, n,
                onlyTies);
        System.out.println("report: " + out);
        System.out.printf(Locale.ROOT, "identical results: %.3f (%d/%d), fallbacks: %d%n",
                n == 0 ? 0 : (double) identical / n, identical, n, fallbacks);
    }

    private static List<String> run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet rs = st.executeQuery(sql)) {
                return ResultComparator.rows(rs, MAX_ROWS);
            }
        }
    }

    private static void rollback(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // The next statement reports a broken connection if there is one.
        }
    }

    /** Whether the outermost query orders its result (an ORDER BY in a subquery does not count). */
    static boolean ordersResult(String sql) {
        try {
            net.sf.jsqlparser.statement.Statement st = net.sf.jsqlparser.parser.CCJSqlParserUtil.parse(sql);
            if (st instanceof net.sf.jsqlparser.statement.select.Select s) {
                if (s.getOrderByElements() != null && !s.getOrderByElements().isEmpty()) {
                    return true;
                }
                if (s instanceof net.sf.jsqlparser.statement.select.PlainSelect ps) {
                    return ps.getOrderByElements() != null && !ps.getOrderByElements().isEmpty();
                }
            }
            return false;
        } catch (net.sf.jsqlparser.JSQLParserException e) {
            // Unparseable: the keyword errs towards the stricter, ordered comparison.
            return sql.toUpperCase(Locale.ROOT).contains("ORDER BY");
        }
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A separate pipeline for the tie checks, so that they do not count as renderings or fallbacks. */
    private static final DialectPipeline TIE_CHECKS = new DialectPipeline();

    /**
     * Whether an ordered query that came out different agrees once ties on its sort keys are broken the same way on
     * both engines ({@link TieBreak}).
     */
    private static boolean onlyTiesDiffer(Connection sqlite, Connection target, String sql, Catalog catalog,
                                          Dialect dialect) {
        Optional<String> broken = TieBreak.of(sql);
        if (broken.isEmpty()) {
            return false;
        }
        try {
            List<String> expected = run(sqlite, broken.get());
            Rendered r = TIE_CHECKS.render(TIE_CHECKS.validate(broken.get(), catalog, Dialect.SQLITE), dialect);
            return ResultComparator.same(expected, run(target, r.sql()), true);
        } catch (SQLException | RuntimeException e) {
            rollback(target);
            return false;
        }
    }
}
