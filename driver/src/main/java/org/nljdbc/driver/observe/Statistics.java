package org.nljdbc.driver.observe;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.nljdbc.translator.internal.cache.TranslationCache;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ObjectName;

/**
 * nljdbc's own counters, with no dependency: one instance for the process (exposed as the JMX MBean
 * {@code org.nljdbc:type=Statistics} and in {@code NL STATS}) and one per connection. Every measure is also sent
 * to {@link Meters#host()}. A measure's key is its Micrometer name with its tags, e.g.
 * {@code nljdbc.questions{form=query,source=cache}}; timers keep a count and a total in microseconds.
 */
public final class Statistics implements StatisticsMBean {
    /** The MBean's name, as HikariCP names its pools'. */
    public static final String OBJECT_NAME = "org.nljdbc:type=Statistics";
    /** Counts nothing: the statistics of a configuration with {@code nl.metrics=off}. */
    private static final Statistics OFF = new Statistics(Meters.NONE, false);

    /**
     * The process's statistics, created (and registered with JMX and the host's registry) when first asked for:
     * a process whose every configuration has {@code nl.metrics=off} registers nothing.
     */
    private static final class ProcessWide {
        static final Statistics PROCESS = new Statistics(Meters.host(), true);

        static {
            // Read when asked (NL STATS, JMX, the host's registry): the translator keeps these for the whole process.
            PROCESS.watch("nljdbc.llm.retries", true, org.nljdbc.translator.internal.llm.LlmHealth::retries);
            PROCESS.watch("nljdbc.llm.circuits", false, org.nljdbc.translator.internal.llm.LlmHealth::closedCircuits,
                    "state", "closed");
            PROCESS.watch("nljdbc.llm.circuits", false, org.nljdbc.translator.internal.llm.LlmHealth::openCircuits,
                    "state", "open");
            PROCESS.watch("nljdbc.llm.circuits", false, org.nljdbc.translator.internal.llm.LlmHealth::halfOpenCircuits,
                    "state", "half_open");
            PROCESS.watch("nljdbc.cache.lookups", true, () -> TranslationCache.processTotals().localHits(),
                    "tier", "local", "result", "hit");
            PROCESS.watch("nljdbc.cache.lookups", true, () -> TranslationCache.processTotals().localMisses(),
                    "tier", "local", "result", "miss");
            PROCESS.watch("nljdbc.cache.lookups", true, () -> TranslationCache.processTotals().sharedHits(),
                    "tier", "shared", "result", "hit");
            PROCESS.watch("nljdbc.cache.lookups", true, () -> TranslationCache.processTotals().sharedMisses(),
                    "tier", "shared", "result", "miss");
            try {
                ManagementFactory.getPlatformMBeanServer().registerMBean(PROCESS, new ObjectName(OBJECT_NAME));
            } catch (Exception | LinkageError e) {
                // A second class loader (two copies of the driver) or no JMX: the counters still work.
                org.slf4j.LoggerFactory.getLogger(Statistics.class).debug("JMX MBean {} not registered: {}",
                        OBJECT_NAME, e.toString());
            }
        }

        private ProcessWide() {
        }
    }

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    /** Measures read when asked rather than counted here (gauges and the translator's own counters). */
    private final Map<String, LongSupplier> watched = new ConcurrentHashMap<>();
    private final Meters meters;
    /** False for {@link #off()}: every record is dropped before a key is built. */
    private final boolean recording;

    private Statistics(Meters meters, boolean recording) {
        this.meters = meters;
        this.recording = recording;
    }

    /** The process's statistics (which also feed the host's registry). */
    public static Statistics process() {
        return ProcessWide.PROCESS;
    }

    /** A connection's own statistics, kept only here. */
    public static Statistics forConnection() {
        return new Statistics(Meters.NONE, true);
    }

    /** Statistics that record nothing ({@code nl.metrics=off}), in place of the process's and a connection's. */
    public static Statistics off() {
        return OFF;
    }

    /** Whether this records anything (false for {@link #off()}). */
    public boolean recording() {
        return recording;
    }

    /**
     * Counters and timers by key, each resolved once (here and in the host's registry): recording a question then
     * costs a key and a map lookup per measure, not a registration in the host's registry.
     */
    private final Map<Id, LongConsumer> counting = new ConcurrentHashMap<>();
    private final Map<Id, LongConsumer> timing = new ConcurrentHashMap<>();

    /**
     * A measure's name and tags as the caller passed them, the lookup key of {@link #counting} and {@link #timing}:
     * no key string is built per record (the names and tag values are constants whose hashes the JVM keeps), which
     * on a cache hit ran 16 times per question.
     */
    private record Id(String name, String[] tags) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Id other && name.equals(other.name) && java.util.Arrays.equals(tags, other.tags);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + java.util.Arrays.hashCode(tags);
        }
    }

    /** Adds to counter {@code name} with {@code tags} (key, value pairs of bounded values). */
    public void count(String name, long amount, String... tags) {
        if (!recording) {
            return;
        }
        Id id = new Id(name, tags);
        LongConsumer c = counting.get(id);
        if (c == null) {
            c = counting.computeIfAbsent(new Id(name, tags.clone()), k -> { // a key the caller cannot change
                LongAdder here = counters.computeIfAbsent(key(name, tags), x -> new LongAdder());
                LongConsumer host = meters.counter(name, tags);
                return n -> {
                    here.add(n);
                    host.accept(n);
                };
            });
        }
        c.accept(amount);
    }

    /** Records one duration of timer {@code name}. */
    public void time(String name, long nanos, String... tags) {
        if (!recording) {
            return;
        }
        Id id = new Id(name, tags);
        LongConsumer t = timing.get(id);
        if (t == null) {
            t = timing.computeIfAbsent(new Id(name, tags.clone()), k -> timer(name, tags));
        }
        t.accept(nanos);
    }

    /**
     * Timer {@code name} with {@code tags} resolved once: the returned consumer records nanoseconds here and in the
     * host's registry without building a key per call (the stages of every question are timed through it).
     */
    public LongConsumer timer(String name, String... tags) {
        if (!recording) {
            return nanos -> { };
        }
        String key = key(name, tags);
        LongAdder count = counters.computeIfAbsent(key + ".count", k -> new LongAdder());
        LongAdder total = counters.computeIfAbsent(key + ".totalMicros", k -> new LongAdder());
        LongConsumer host = meters.timer(name, tags);
        return nanos -> {
            count.increment();
            total.add(nanos / 1000);
            host.accept(nanos);
        };
    }

    /** Publishes a value read when asked: a gauge, or a counter kept elsewhere when {@code monotonic}. */
    void watch(String name, boolean monotonic, LongSupplier value, String... tags) {
        if (!recording) {
            return;
        }
        watched.put(key(name, tags), value);
        meters.watch(name, monotonic, value, tags);
    }

    /** The current value of a counter (0 when never counted); for a timer, of its {@code .count}. */
    public long get(String name, String... tags) {
        String key = key(name, tags);
        LongAdder a = counters.get(key);
        if (a == null) {
            LongSupplier w = watched.get(key);
            return w == null ? 0 : w.getAsLong();
        }
        return a.sum();
    }

    /** Every measure, sorted by key. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        watched.forEach((k, v) -> out.put(k, v.getAsLong()));
        return out;
    }

    /** The sum of a counter over all its tags. */
    public long total(String name) {
        long sum = 0;
        for (Map.Entry<String, Long> e : snapshot().entrySet()) {
            String k = e.getKey();
            if (k.equals(name) || k.startsWith(name + "{") && !k.endsWith(".count") && !k.endsWith(".totalMicros")) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    static String key(String name, String... tags) {
        if (tags.length == 0) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('{');
        for (int i = 0; i + 1 < tags.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append(tags[i]).append('=').append(tags[i + 1]);
        }
        return b.append('}').toString();
    }

    // ---- MBean ------------------------------------------------------------------------------------

    @Override
    public long getQuestions() {
        // A prepared statement's plan is counted (outcome=prepared) and so is each execution: count the latter.
        long prepared = 0;
        for (Map.Entry<String, Long> e : snapshot().entrySet()) {
            if (e.getKey().startsWith("nljdbc.questions{") && e.getKey().contains("outcome=prepared")) {
                prepared += e.getValue();
            }
        }
        return total("nljdbc.questions") - prepared;
    }

    @Override
    public long getRefused() {
        return total("nljdbc.refused");
    }

    @Override
    public long getFailed() {
        return total("nljdbc.failed");
    }

    @Override
    public long getModelCalls() {
        return total("nljdbc.llm.calls");
    }

    @Override
    public long getTokensIn() {
        return total("nljdbc.llm.tokens.in");
    }

    @Override
    public long getTokensOut() {
        return total("nljdbc.llm.tokens.out");
    }

    @Override
    public long getCacheHits() {
        return get("nljdbc.questions.by.source", "source", "cache");
    }

    @Override
    public long getRows() {
        return total("nljdbc.rows");
    }

    @Override
    public long getBytes() {
        return total("nljdbc.bytes");
    }

    @Override
    public long getModelRetries() {
        return total("nljdbc.llm.retries");
    }

    @Override
    public long getOpenCircuits() {
        return get("nljdbc.llm.circuits", "state", "open");
    }

    @Override
    public double getEstimatedCost() {
        return total("nljdbc.llm.cost.micros") / 1_000_000.0;
    }

    @Override
    public Map<String, Long> getMeasures() {
        return snapshot();
    }
}
