package org.nljdbc.translator.internal;

import java.sql.SQLException;
import org.nljdbc.guard.Verdict;

/**
 * Runs SQL the guard accepted, exactly as accepted. Supplied by the driver; the translator calls it once per
 * attempt and, when it throws a database error, asks the model to repair the SQL.
 */
@FunctionalInterface
public interface SqlRunner<T> {
    T run(Verdict.Accepted accepted) throws SQLException;

    /**
     * A connection on which the database may be asked to {@code EXPLAIN} the SQL before it runs
     * ({@code nl.cost.explain}); empty when the caller offers none.
     */
    default java.util.Optional<java.sql.Connection> explainConnection() {
        return java.util.Optional.empty();
    }
}
