package org.nljdbc.driver.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/** Records into Micrometer's global registry; loaded only when Micrometer is on the classpath (see {@link Meters}). */
final class MicrometerMeters implements Meters {
    @Override
    public void count(String name, long amount, String... tags) {
        Counter.builder(name).tags(tags).register(Metrics.globalRegistry).increment(amount);
    }

    @Override
    public LongConsumer counter(String name, String... tags) {
        // Registered once: the global registry is composite, so a registry the host adds later is fed by it too.
        Counter c = Counter.builder(name).tags(tags).register(Metrics.globalRegistry);
        return c::increment;
    }

    @Override
    public void time(String name, long nanos, String... tags) {
        timerOf(name, tags).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public LongConsumer timer(String name, String... tags) {
        // The global registry is composite: a registry the host adds later is fed by the same meter.
        Timer t = timerOf(name, tags);
        return nanos -> t.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Timer timerOf(String name, String... tags) {
        return Timer.builder(name).tags(tags).publishPercentiles(0.5, 0.95, 0.99).register(Metrics.globalRegistry);
    }

    @Override
    public void watch(String name, boolean monotonic, LongSupplier value, String... tags) {
        if (monotonic) {
            FunctionCounter.builder(name, value, v -> v.getAsLong()).tags(tags).register(Metrics.globalRegistry);
        } else {
            Gauge.builder(name, value, v -> v.getAsLong()).tags(tags).strongReference(true)
                    .register(Metrics.globalRegistry);
        }
    }
}
