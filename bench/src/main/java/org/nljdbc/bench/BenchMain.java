package org.nljdbc.bench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;

/** Dispatches {@code bench/run <benchmark> ...} to the benchmark's main class. */
public final class BenchMain {
    private static final Map<String, String> BENCHMARKS = Map.ofEntries(
            Map.entry("overhead", "org.nljdbc.bench.overhead.OverheadBenchmark"),
            Map.entry("retrieval", "org.nljdbc.bench.retrieval.RetrievalBenchmark"),
            Map.entry("dialects", "org.nljdbc.bench.dialects.DialectBenchmark"),
            Map.entry("spider", "org.nljdbc.bench.spider.SpiderBenchmark"),
            Map.entry("defog", "org.nljdbc.bench.defog.DefogBenchmark"),
            Map.entry("guard", "org.nljdbc.bench.guard.GuardBenchmark"),
            Map.entry("symbolic", "org.nljdbc.bench.symbolic.SymbolicBenchmark"),
            Map.entry("pipeline", "org.nljdbc.bench.llm.PipelineOverheadBenchmark"),
            Map.entry("catalog", "org.nljdbc.bench.catalog.CatalogBenchmark"),
            Map.entry("fleet", "org.nljdbc.bench.fleet.FleetBenchmark"),
            Map.entry("examples", "org.nljdbc.bench.symbolic.ExamplesBenchmark"));

    private BenchMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
            System.err.println("usage: bench/run <benchmark> [options]; benchmarks: "
                    + String.join(", ", BENCHMARKS.keySet().stream().sorted().toList()));
            System.exit(2);
        }
        Class<?> cls;
        try {
            cls = Class.forName(BENCHMARKS.get(args[0]));
        } catch (ClassNotFoundException e) {
            System.err.println("benchmark '" + args[0] + "' is not built in this version");
            System.exit(2);
            return;
        }
        Method main = cls.getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
