package org.nljdbc.driver.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Records into Micrometer's global registry; loaded only when Micrometer is on the classpath (see {@link Meters}). */
final class MicrometerMeters implements Meters {
    @Override
    public void count(String name, long amount, String... tags) {
        Counter.builder(name).tags(tags).register(Metrics.globalRegistry).increment(amount);
    }

    @Override
    public void time(String name, long nanos, String... tags) {
        Timer.builder(name).tags(tags).publishPercentiles(0.5, 0.95, 0.99).register(Metrics.globalRegistry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
