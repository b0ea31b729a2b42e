package org.nljdbc.driver.observe;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * {@code nl.llm.budget}: how many tokens ({@code 200000 tokens}) or how much money ({@code 5.00}, priced by
 * {@code nl.llm.price}) model calls may spend per hour in this process. Once spent, model calls are refused with
 * SQLState {@code 53400} until the hour ends; LLM-free and cached answers need no model call and keep working.
 * What was spent is kept by a {@link Store}: in this process for now; a shared store (issue 17's Redis) would
 * make it a fleet's budget.
 */
public final class Budget {
    /** SQLState of a refused model call: 53400, configuration limit exceeded. */
    public static final String SQLSTATE = "53400";

    /** Spending per hour window; implementations are thread-safe. */
    public interface Store {
        /** Adds {@code amount} to what window {@code hour} spent on {@code measure}; returns the new total. */
        long add(String measure, long hour, long amount);

        long spent(String measure, long hour);
    }

    /** The process's store: one window at a time per measure. */
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

    private final boolean tokens;
    /** In tokens, or in millionths of the currency. */
    private final long limit;
    private final Price price;
    private final Store store;
    private final LongSupplier hour;

    private Budget(boolean tokens, long limit, Price price, Store store, LongSupplier hour) {
        this.tokens = tokens;
        this.limit = limit;
        this.price = price;
        this.store = store;
        this.hour = hour;
    }

    /** No budget: {@code null} or blank. */
    public static Budget parse(String setting, Price price) {
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
            return new Budget(tokens, tokens ? (long) v : Math.round(v * 1_000_000), price, PROCESS,
                    () -> System.currentTimeMillis() / 3_600_000L);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nl.llm.budget must be tokens per hour (e.g. 200000 tokens) or money "
                    + "per hour (e.g. 5.00); got \"" + setting + "\"");
        }
    }

    private String measure() {
        return tokens ? "tokens" : "money";
    }

    /** Refuses a model call once this hour's budget is spent. */
    public void check() throws SQLException {
        if (store.spent(measure(), hour.getAsLong()) >= limit) {
            throw new SQLException("refused: the model budget nl.llm.budget (" + describe() + " per hour) is spent for "
                    + "this hour; questions answered without the model (LLM-free or cached) still work", SQLSTATE);
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
