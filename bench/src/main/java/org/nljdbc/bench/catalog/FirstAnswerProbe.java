package org.nljdbc.bench.catalog;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The child JVM of {@link CatalogBenchmark}: only the JDBC API, so it runs against any nljdbc build (the one before
 * issue 17 included). Opens {@code jdbc:nl:} on the schema, asks one question (the first answer: catalog, retrieval,
 * scripted model, guard, Calcite, execution), then 30 more on other tables (steady state), measures the heap after a
 * GC, waits for background sampling and measures it again. Prints one JSON line.
 * {@code FirstAnswerProbe <jdbc:nl:url> <llm base URL> <tables> [nl.key=value ...]}
 */
public final class FirstAnswerProbe {
    private FirstAnswerProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainStart = System.nanoTime();
        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        String url = args[0];
        int tables = Integer.parseInt(args[2]);
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", args[1]);
        p.setProperty("nl.llm.model", "scripted");
        p.setProperty("nl.rateLimit.perMinute", "0");
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "1.1");
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            p.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Class.forName("org.nljdbc.driver.NlDriver");
        long baseline = usedHeapAfterGc();
        // CPU time as well as wall time: on a shared machine the wall clock mostly measures the other processes.
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        // And the asking thread's own CPU: what is on the first answer's path, not on another core beside it.
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long threadCpuStart = threads.getCurrentThreadCpuTime();
        long firstStart = System.nanoTime();
        double firstMs;
        double firstCpuMs;
        double firstThreadCpuMs;
        double sinceJvmStartMs;
        double mainToFirstMs;
        List<Double> steady = new ArrayList<>();
        long heapAfterFirst;
        long heapAfterSampling;
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            count(s, table(7 % tables));
            long firstEnd = System.nanoTime();
            firstMs = (firstEnd - firstStart) / 1e6;
            firstCpuMs = (os.getProcessCpuTime() - cpuStart) / 1e6;
            firstThreadCpuMs = (threads.getCurrentThreadCpuTime() - threadCpuStart) / 1e6;
            mainToFirstMs = (firstEnd - mainStart) / 1e6;
            sinceJvmStartMs = System.currentTimeMillis() - jvmStartMillis;
            for (int i = 1; i <= 30; i++) {
                long t = System.nanoTime();
                count(s, table((i * 37 + 11) % tables));
                steady.add((System.nanoTime() - t) / 1e6);
            }
            heapAfterFirst = usedHeapAfterGc() - baseline;
            Thread.sleep(7_000); // background sampling runs within its 5 s budget
            count(s, table(3 % tables));
            heapAfterSampling = usedHeapAfterGc() - baseline;
        }
        Collections.sort(steady);
        System.out.printf(java.util.Locale.ROOT, "{\"firstAnswerMs\": %.1f, \"firstAnswerCpuMs\": %.1f, "
                        + "\"firstAnswerThreadCpuMs\": %.1f, "
                        + "\"firstAnswerSinceJvmStartMs\": %.1f, "
                        + "\"mainToFirstAnswerMs\": %.1f, \"steadyP50Ms\": %.2f, \"steadyP90Ms\": %.2f, "
                        + "\"heapAfterFirstMb\": %.1f, \"heapAfterSamplingMb\": %.1f}%n", firstMs, firstCpuMs, firstThreadCpuMs,
                sinceJvmStartMs,
                mainToFirstMs,
                steady.get(steady.size() / 2), steady.get(steady.size() * 9 / 10), heapAfterFirst / 1048576.0,
                heapAfterSampling / 1048576.0);
    }

    static String table(int i) {
        return String.format("t%05d", i);
    }

    private static void count(Statement s, String table) throws Exception {
        try (ResultSet rs = s.executeQuery("NL: how many rows are in " + table + "?")) {
            if (!rs.next() || rs.getLong(1) != 20) {
                throw new IllegalStateException("unexpected answer for " + table);
            }
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
