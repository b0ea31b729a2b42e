package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.dialect.CostEstimate;
import org.nljdbc.translator.internal.dialect.CostLimitExceededException;
import org.nljdbc.translator.internal.dialect.Validated;

/**
 * The checkpoint's validation and cost ceiling for the whole of a wrapped statement ({@code SELECT ... FROM (NL: q)
 * t ...}), not only the question inside it: the SQL around a question could otherwise join it to every table the
 * user may read and run unbounded past {@code nl.maxCost}. Calcite validates the spliced statement against the
 * catalog and estimates its cost (and the database's EXPLAIN of the text that will run, with
 * {@code nl.cost.explain}); over the ceiling it is refused (SQLState 54000). A wrapper Calcite cannot judge runs
 * without an estimate only when no ceiling is set, or when the database's EXPLAIN gave one.
 */
final class WrapperCost {
    private WrapperCost() {
    }

    /**
     * @param whole    the wrapper with the question's SQL spliced in, before the guard's rewrites
     * @param finalSql the text that will run, as the guard accepted it
     * @return the cost estimate as the report shows it, or null when none was made
     * @throws CostLimitExceededException over {@code nl.maxCost}
     * @throws SQLException an unknown table or column in the wrapper, or a failed EXPLAIN
     */
    static String check(String whole, String finalSql, List<Object> parameters, Catalog catalog, Dialect dialect,
                        Translator.DialectStage stage, Connection explainOn) throws SQLException {
        Validated validated = stage.pipeline().validate(whole, catalog, dialect);
        boolean ceiling = !Double.isInfinite(stage.cost().maxCost());
        if (!validated.checked() && !ceiling) {
            return null;
        }
        // Parameter markers (tenant filters) cannot be EXPLAINed unbound; Calcite's estimate still applies.
        Connection on = stage.cost().explain() && parameters.isEmpty() ? explainOn : null;
        CostEstimate estimate = stage.pipeline().estimate(validated, stage.cost(), on, finalSql, dialect);
        if (!validated.checked() && estimate.databaseCost().isEmpty()) {
            throw new SQLException("refused: nl.maxCost is set and the cost of the SQL around the NL question cannot "
                    + "be estimated (" + validated.fallbackReason().orElse("not understood") + "); ask the question "
                    + "on its own, or simplify the query around it", "54000");
        }
        return estimate.describe();
    }
}
