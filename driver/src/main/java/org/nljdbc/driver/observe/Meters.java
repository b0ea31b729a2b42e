package org.nljdbc.driver.observe;

/**
 * Where measures go besides nljdbc's own counters: the host's Micrometer registry when Micrometer is on its
 * classpath, else nowhere. Micrometer classes are only ever loaded by {@link MicrometerMeters}, which is loaded
 * reflectively, so a host without Micrometer never sees a {@code NoClassDefFoundError}. Tag values are bounded
 * (statement forms, sources, outcomes, SQLStates, stage names), never question text or SQL.
 */
public interface Meters {
    /** Adds {@code amount} to the counter {@code name} with the tags given as key, value pairs. */
    void count(String name, long amount, String... tags);

    /**
     * The counter {@code name} with {@code tags}, resolved once, for a path that adds to it often; the consumer
     * takes the amount.
     */
    default java.util.function.LongConsumer counter(String name, String... tags) {
        return amount -> count(name, amount, tags);
    }

    /** Records one duration in the timer {@code name} (with percentiles where the registry supports them). */
    void time(String name, long nanos, String... tags);

    /**
     * The timer {@code name} with {@code tags}, resolved once, for a hot path that records it often (the stages of
     * every question); the consumer takes nanoseconds.
     */
    default java.util.function.LongConsumer timer(String name, String... tags) {
        return nanos -> time(name, nanos, tags);
    }

    /** Publishes {@code value}, read whenever the registry asks, as a gauge (monotonic: a function counter). */
    void watch(String name, boolean monotonic, java.util.function.LongSupplier value, String... tags);

    Meters NONE = new Meters() {
        @Override
        public void count(String name, long amount, String... tags) {
        }

        @Override
        public void time(String name, long nanos, String... tags) {
        }

        @Override
        public java.util.function.LongConsumer counter(String name, String... tags) {
            return amount -> { };
        }

        @Override
        public java.util.function.LongConsumer timer(String name, String... tags) {
            return nanos -> { };
        }

        @Override
        public void watch(String name, boolean monotonic, java.util.function.LongSupplier value, String... tags) {
        }
    };

    /** Micrometer's global registry when Micrometer is present, else {@link #NONE}. */
    static Meters host() {
        return Holder.HOST;
    }

    final class Holder {
        static final Meters HOST = load();

        private Holder() {
        }

        private static Meters load() {
            try {
                Class.forName("io.micrometer.core.instrument.Metrics", false, Meters.class.getClassLoader());
                return (Meters) Class.forName("org.nljdbc.driver.observe.MicrometerMeters")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return NONE;
            }
        }
    }
}
