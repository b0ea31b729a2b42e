package org.nljdbc.translator.internal.dialect;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What a query is expected to cost. Calcite's figures come from the catalog's row counts with fixed selectivities:
 * good for comparing plans, rough as an absolute number. The database's own {@code EXPLAIN} figures, when asked for
 * ({@code nl.cost.explain}), are better and are the ones a ceiling compares.
 *
 * @param rows         Calcite's estimate of the rows the query returns; NaN when Calcite could not estimate
 * @param cost         Calcite's cumulative cost in rows processed; NaN when Calcite could not estimate
 * @param databaseRows the database's estimate of the rows returned, from its EXPLAIN
 * @param databaseCost the database's total cost, in its own units, from its EXPLAIN
 */
public record CostEstimate(double rows, double cost, OptionalDouble databaseRows, OptionalDouble databaseCost) {

    static CostEstimate unknown() {
        return new CostEstimate(Double.NaN, Double.NaN, OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** Whether Calcite produced figures. */
    public boolean estimated() {
        return !Double.isNaN(cost);
    }

    /** The figure {@code nl.maxCost} is compared with: the database's cost when known, else Calcite's. */
    public double ceilingCost() {
        return databaseCost.orElse(cost);
    }

    CostEstimate withDatabase(double dbRows, double dbCost) {
        return new CostEstimate(rows, cost, Double.isNaN(dbRows) ? OptionalDouble.empty() : OptionalDouble.of(dbRows),
                Double.isNaN(dbCost) ? OptionalDouble.empty() : OptionalDouble.of(dbCost));
    }

    /** One line for SHOWSQL and messages: {@code ~1,200 rows, cost 5,400 (Calcite); database: ~1,150 rows, cost 88.2}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (estimated()) {
            sb.append('~').append(format(rows)).append(" rows, cost ").append(format(cost)).append(" (Calcite)");
        } else {
            sb.append("no Calcite estimate");
        }
        if (databaseRows.isPresent() || databaseCost.isPresent()) {
            sb.append("; database:");
            databaseRows.ifPresent(r -> sb.append(" ~").append(format(r)).append(" rows"));
            databaseCost.ifPresent(c -> sb.append(databaseRows.isPresent() ? "," : "").append(" cost ")
                    .append(format(c)));
        }
        return sb.toString();
    }

    private static String format(double d) {
        if (d >= 1e12) {
            return String.format(Locale.ROOT, "%.2e", d);
        }
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%,d", (long) d) : String.format(Locale.ROOT, "%,.1f", d);
    }
}
