package org.nljdbc.translator.internal.catalog;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.nljdbc.guard.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads value samples of a catalog off the path of any question: one daemon thread, one borrowed connection, within
 * the options' budgets (per table and in all), tables asked about first ({@link #prioritize}). When done it hands the
 * sampled catalog to {@code publish}; {@link #close} stops it (the catalog is then published as far as it got, or not
 * at all if nothing was sampled). The catalog given is the visible one: samples are read under {@code policy}.
 */
final class BackgroundSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundSampler.class);

    /** One sampling thread reads at a time in the JVM: it holds a pooled connection, and catalog reads need one too. */
    private static final java.util.concurrent.Semaphore READING = new java.util.concurrent.Semaphore(1);

    private final Catalog base;
    private final Deque<String> queue = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean cancelled;

    public BackgroundSampler(Catalog base, CatalogProvider.Connections connections, CatalogReader.Options options,
                             Policy policy, Consumer<Catalog> publish) {
        this.base = base;
        for (TableInfo t : base.tables()) {
            if (t.columns().stream().anyMatch(ValueSampler::isText)) {
                queue.add(key(t));
            }
        }
        this.thread = new Thread(() -> run(connections, options, policy, publish), "nljdbc-catalog-sampler");
        thread.setDaemon(true);
    }

    public BackgroundSampler start() {
        thread.start();
        return this;
    }

    /** Samples these tables (bare or qualified names, any case) next. */
    public void prioritize(Collection<String> tableNames) {
        synchronized (queue) {
            List<String> wanted = new ArrayList<>();
            for (String name : tableNames) {
                base.table(name).map(BackgroundSampler::key).filter(queue::remove).ifPresent(wanted::add);
            }
            for (int i = wanted.size() - 1; i >= 0; i--) {
                queue.addFirst(wanted.get(i));
            }
        }
    }

    private String next() {
        synchronized (queue) {
            return queue.pollFirst();
        }
    }

    private void run(CatalogProvider.Connections connections, CatalogReader.Options options, Policy policy,
                     Consumer<Catalog> publish) {
        Map<String, TableInfo> sampled = new HashMap<>();
        try {
            while (!READING.tryAcquire(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            return;
        }
        try {
            connections.with(c -> {
                ValueSampler sampler = new ValueSampler(c, CatalogReader.Product.of(
                        c.getMetaData().getDatabaseProductName()), options, policy);
                long deadline = System.nanoTime() + options.sampleTotalBudget().toNanos();
                for (String k = next(); k != null && !cancelled && !sampler.stopped()
                        && System.nanoTime() < deadline; k = next()) {
                    TableInfo t = base.table(k).orElse(null);
                    if (t != null) {
                        sampled.put(k, sampler.sampleTable(t, deadline));
                    }
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.debug("background sampling stopped: {}", e.getMessage());
        } finally {
            READING.release();
        }
        if (cancelled || sampled.isEmpty()) {
            return;
        }
        List<TableInfo> out = new ArrayList<>(base.tables().size());
        for (TableInfo t : base.tables()) {
            out.add(sampled.getOrDefault(key(t), t));
        }
        publish.accept(new Catalog(base.productName(), base.productVersion(), out));
    }

    private static String key(TableInfo t) {
        return CatalogReader.key(t.schema(), t.name()).toLowerCase(Locale.ROOT);
    }

    /** Whether sampling is still running. */
    public boolean running() {
        return thread.isAlive();
    }

    /** Waits for the thread to end (tests, benchmarks); true when it did within {@code millis}. */
    public boolean await(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public void close() {
        // A flag, not an interrupt: an interrupted JDBC call may break the pooled connection it runs on.
        cancelled = true;
    }
}
