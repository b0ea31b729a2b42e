package org.nljdbc.translator.internal.dialect;

import java.util.Properties;

/**
 * The cost settings of a connection.
 *
 * @param explain whether to ask the database for its own plan estimate ({@code nl.cost.explain}, default false)
 * @param maxCost refuse queries whose {@link CostEstimate#ceilingCost()} is above this ({@code nl.maxCost}, default
 *                no ceiling)
 */
public record CostSettings(boolean explain, double maxCost) {
    /** Name of the property that turns on the database's EXPLAIN. */
    public static final String EXPLAIN = "nl.cost.explain";
    /** Name of the property that sets the cost ceiling. */
    public static final String MAX_COST = "nl.maxCost";

    /** No EXPLAIN, no ceiling. */
    public static final CostSettings DEFAULT = new CostSettings(false, Double.POSITIVE_INFINITY);

    public CostSettings {
        if (Double.isNaN(maxCost) || maxCost <= 0) {
            throw new IllegalArgumentException(MAX_COST + " must be a positive number, was " + maxCost);
        }
    }

    /** Reads {@code nl.cost.explain} and {@code nl.maxCost}; absent ones keep their defaults. */
    public static CostSettings from(Properties p) {
        boolean explain = Boolean.parseBoolean(p.getProperty(EXPLAIN, "false").trim());
        String max = p.getProperty(MAX_COST);
        double maxCost;
        try {
            maxCost = max == null || max.isBlank() ? Double.POSITIVE_INFINITY : Double.parseDouble(max.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_COST + " must be a number, was '" + max + "'", e);
        }
        return new CostSettings(explain, maxCost);
    }

    /** Throws when {@code estimate} is above the ceiling; an estimate without figures passes. */
    public void check(CostEstimate estimate) throws CostLimitExceededException {
        double c = estimate.ceilingCost();
        if (!Double.isNaN(c) && c > maxCost) {
            throw new CostLimitExceededException(estimate, maxCost);
        }
    }
}
