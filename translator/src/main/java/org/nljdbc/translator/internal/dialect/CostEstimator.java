package org.nljdbc.translator.internal.dialect;

import java.util.OptionalDouble;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/** Calcite's estimate of a checked query from the catalog's row counts (tables without one count as 100 rows). */
final class CostEstimator {
    private CostEstimator() {
    }

    static CostEstimate estimate(Validated v) {
        if (!v.checked()) {
            return CostEstimate.unknown();
        }
        try {
            RelNode rel = v.rel().rel;
            RelMetadataQuery mq = rel.getCluster().getMetadataQuery();
            Double rows = mq.getRowCount(rel);
            RelOptCost cost = mq.getCumulativeCost(rel);
            if (rows == null || cost == null || cost.isInfinite()) {
                return CostEstimate.unknown();
            }
            return new CostEstimate(rows, cost.getRows(), OptionalDouble.empty(), OptionalDouble.empty());
        } catch (RuntimeException | StackOverflowError e) {
            return CostEstimate.unknown();
        }
    }
}
