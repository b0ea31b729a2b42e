package org.nljdbc.translator.internal.dialect;

import java.sql.SQLException;

/**
 * The SQL refers to something the catalog does not have, or is invalid in a way every database of its dialect would
 * also refuse. The message names the offending table or column and, where one is close, the name that was probably
 * meant, so that it can go back to the model for repair. SQLStates follow PostgreSQL's: 42P01 unknown table, 42703
 * unknown column, 42702 ambiguous column, 42803 grouping error.
 */
public final class SqlValidationException extends SQLException {
    private static final long serialVersionUID = 1L;

    /** SQLState of an unknown table. */
    public static final String UNDEFINED_TABLE = "42P01";
    /** SQLState of an unknown column. */
    public static final String UNDEFINED_COLUMN = "42703";
    /** SQLState of an ambiguous column reference. */
    public static final String AMBIGUOUS_COLUMN = "42702";
    /** SQLState of a column that is neither grouped nor aggregated. */
    public static final String GROUPING_ERROR = "42803";

    SqlValidationException(String message, String sqlState) {
        super(message, sqlState);
    }
}
