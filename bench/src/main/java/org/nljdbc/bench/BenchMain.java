package org.nljdbc.bench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;

/** Dispatches {@code bench/run <benchmark> ...} to the benchmark's main class. */
public final class BenchMain {
    private static final Map<String, String> BENCHMARKS = Map.of(
            "overhead", "org.nljdbc.bench.overhead.OverheadBenchmark",
            "retrieval", "org.nljdbc.bench.retrieval.RetrievalBenchmark",
            "dialects", "org.nljdbc.bench.dialects.DialectBenchmark",
            "spider", "org.nljdbc.bench.spider.SpiderBenchmark",
            "defog", "org.nljdbc.bench.defog.DefogBenchmark",
            "guard", "org.nljdbc.bench.guard.GuardBenchmark",
            "symbolic", "org.nljdbc.bench.symbolic.SymbolicBenchmark",
            "pipeline", "org.nljdbc.bench.llm.PipelineOverheadBenchmark",
            "catalog", "org.nljdbc.bench.catalog.CatalogBenchmark",
            "fleet", "org.nljdbc.bench.fleet.FleetBenchmark");

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
