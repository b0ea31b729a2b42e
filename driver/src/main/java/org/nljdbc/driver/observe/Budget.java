package org.nljdbc.driver.observe;

import java.sql.SQLException;
import java.util.function.LongSupplier;

/**
 * {@code nl.llm.budget}: how many tokens ({@code 200000 tokens}) or how much money ({@code 5.00}, priced by
 * {@code nl.llm.price}) model calls may spend per hour. Once spent, model calls are refused with SQLState
 * {@code 53400} until the hour ends; LLM-free and cached answers need no model call and keep working.
 * What was spent is kept per budget name ({@code nl.llm.budgetName}) by a {@link Store}: in this process
 * ({@link #PROCESS}, shared by every data source of the JVM with the same name), and with {@code nl.cache.redis}
 * also in Redis, so every process of a fleet draws on one budget. Redis never fails a question: while it does not
 * answer, the process counts on alone (warned once).
 */
public final class Budget {
    /** SQLState of a refused model call: 53400, configuration limit exceeded. */
    public static final String SQLSTATE = "53400";
    /** The budget name when {@code nl.llm.budgetName} is not set. */
    public static final String DEFAULT_NAME = "default";
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** A window counter in Redis outlives its hour a little, for hosts whose clocks differ by minutes. */
    private static final java.time.Duration SHARED_TTL = java.time.Duration.ofHours(2);

    /** Spending per hour window; implementations are thread-safe. */
    public interface Store {
        /** Adds {@code amount} to what window {@code hour} spent on {@code measure}; returns the new total. */
        long add(String measure, long hour, long amount);

        long spent(String measure, long hour);
    }

    /** The process's store: one window at a time per measure (a budget name and its unit). */
    public static final Store PROCESS = new Store() {
        private final java.util.concurrent.ConcurrentMap<String, long[]> windows =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public synchronized long add(String measure, long hour, long amount) {
            long[] w = windows.computeIfAbsent(measure, m -> new long[] {hour, 0});
            if (w[0] != hour) {
                w[0] = hour;
                w[1] = 0;
            }
            w[1] += amount;
            return w[1];
        }

        @Override
        public synchronized long spent(String measure, long hour) {
            long[] w = windows.get(measure);
            return w == null || w[0] != hour ? 0 : w[1];
        }
    };

    /**
     * A fleet's store: every amount goes to Redis ({@code INCRBY} with expiry, one atomic script) and to this
     * process's store; what was spent is the larger of the two, so an hour in which Redis was down for a while
     * still counts at least what this process spent in it.
     */
    static final class Fleet implements Store {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Budget.class);
        private final org.nljdbc.translator.internal.cache.SharedStore shared;
        private final Store local;
        private final java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();

        Fleet(org.nljdbc.translator.internal.cache.SharedStore shared, Store local) {
            this.shared = shared;
            this.local = local;
        }

        private static String key(String measure, long hour) {
            return "nljdbc:budget:" + measure + ":" + hour;
        }

        @Override
        public long add(String measure, long hour, long amount) {
            long here = local.add(measure, hour, amount);
            long fleet = shared.add(key(measure, hour), amount, SHARED_TTL);
            if (fleet < 0 && warned.compareAndSet(false, true)) {
                LOG.warn("nl.llm.budget: the shared budget \"{}\" in nl.cache.redis is unavailable; this process counts "
                        + "its own spending against it until Redis answers", measure);
            }
            return Math.max(here, fleet);
        }

        @Override
        public long spent(String measure, long hour) {
            long here = local.spent(measure, hour);
            byte[] value = shared.get(key(measure, hour));
            long fleet = 0;
            if (value != null) {
                try {
                    fleet = Long.parseLong(new String(value, java.nio.charset.StandardCharsets.US_ASCII).trim());
                } catch (NumberFormatException e) {
                    fleet = 0; // not a counter of ours: this process's own count still holds
                }
            }
            return Math.max(here, fleet);
        }
    }

    private final boolean tokens;
    /** In tokens, or in millionths of the currency. */
    private final long limit;
    private final Price price;
    private final String name;
    private final Store store;
    private final boolean fleet;
    private final LongSupplier hour;

    private Budget(boolean tokens, long limit, Price price, String name, Store store, boolean fleet, LongSupplier hour) {
        this.tokens = tokens;
        this.limit = limit;
        this.price = price;
        this.name = name;
        this.store = store;
        this.fleet = fleet;
        this.hour = hour;
    }

    /**
     * The budget {@code setting} names, or null for none ({@code null} or blank).
     *
     * @param name   {@code nl.llm.budgetName}: data sources and processes with the same name draw on one budget;
     *               null or blank for {@link #DEFAULT_NAME}
     * @param shared where a fleet's spending is kept ({@code nl.cache.redis}), or {@code SharedStore.NONE}
     * @throws IllegalArgumentException for a malformed setting or name (the message says the expected form)
     */
    public static Budget parse(String setting, Price price, String name,
                               org.nljdbc.translator.internal.cache.SharedStore shared) {
        String budgetName = name == null || name.isBlank() ? DEFAULT_NAME : name.trim();
        if (!NAME.matcher(budgetName).matches()) {
            throw new IllegalArgumentException("nl.llm.budgetName must be 1 to 64 letters, digits, '_', '.' or '-'");
        }
        if (setting == null || setting.isBlank()) {
            return null;
        }
        String s = setting.trim().toLowerCase(java.util.Locale.ROOT);
        boolean tokens = s.endsWith("tokens");
        String number = tokens ? s.substring(0, s.length() - "tokens".length()).trim() : s;
        try {
            double v = Double.parseDouble(number);
            if (v < 0 || !Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            if (!tokens && price.equals(Price.NONE)) {
                throw new IllegalArgumentException("nl.llm.budget in money needs nl.llm.price; or give it in tokens, "
                        + "e.g. 200000 tokens");
            }
            boolean fleet = shared.enabled();
            return new Budget(tokens, tokens ? (long) v : Math.round(v * 1_000_000), price, budgetName,
                    fleet ? new Fleet(shared, PROCESS) : PROCESS, fleet, () -> System.currentTimeMillis() / 3_600_000L);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nl.llm.budget must be tokens per hour (e.g. 200000 tokens) or money "
                    + "per hour (e.g. 5.00); got \"" + setting + "\"");
        }
    }

    /** The budget's counter: its name and unit (a name given once in tokens and once in money counts apart). */
    private String measure() {
        return name + (tokens ? ":tokens" : ":money");
    }

    /** Refuses a model call once this hour's budget is spent. */
    public void check() throws SQLException {
        if (store.spent(measure(), hour.getAsLong()) >= limit) {
            throw new SQLException("refused: the model budget nl.llm.budget (" + describe() + " per hour"
                    + (fleet ? ", shared through nl.cache.redis" : "") + ") is spent for this hour; questions answered "
                    + "without the model (LLM-free or cached) still work", SQLSTATE);
        }
    }

    /** Counts one model call's tokens against the budget. */
    public void spend(long promptTokens, long completionTokens) {
        long amount = tokens ? promptTokens + completionTokens
                : Math.round(price.cost(promptTokens, completionTokens) * 1_000_000);
        store.add(measure(), hour.getAsLong(), amount);
    }

    private String describe() {
        return tokens ? limit + " tokens" : String.format(java.util.Locale.ROOT, "%.2f", limit / 1_000_000.0);
    }
}
