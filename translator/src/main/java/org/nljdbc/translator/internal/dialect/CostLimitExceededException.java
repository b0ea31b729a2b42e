package org.nljdbc.translator.internal.dialect;

import java.sql.SQLException;

/**
 * The query's estimated cost is above {@code nl.maxCost}; it was not run. SQLState 54000 (program limit exceeded);
 * the message carries the estimate, so the user can narrow the question or raise the limit.
 */
public final class CostLimitExceededException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final transient CostEstimate estimate;

    CostLimitExceededException(CostEstimate estimate, double maxCost) {
        super("refused: estimated cost " + String.format(java.util.Locale.ROOT, "%,.1f", estimate.ceilingCost())
                + " is above nl.maxCost " + String.format(java.util.Locale.ROOT, "%,.1f", maxCost) + " ("
                + estimate.describe() + "); narrow the question or raise nl.maxCost", "54000");
        this.estimate = estimate;
    }

    /** The estimate that was refused. */
    public CostEstimate estimate() {
        return estimate;
    }
}
