package org.nljdbc.driver;

import java.sql.SQLException;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.SqlLiterals;

/**
 * The row of {@code NL SHOWSQL} as a literal-only query, {@code SELECT '<sql>' AS "sql", ...}, to splice into a
 * wrapper in place of {@code (NL SHOWSQL: q)}: the same column names, text as VARCHAR, token counts as INTEGER. Every
 * value goes in through {@link SqlLiterals}; absent ones are typed NULLs.
 */
final class ShowSqlTable {
    private ShowSqlTable() {
    }

    /**
     * @throws java.sql.SQLFeatureNotSupportedException when the dialect cannot select without a table (Oracle needs
     *         {@code FROM DUAL}, which the guard does not let through as a table) or a value cannot be written safely
     *         as a literal of the dialect
     */
    static String select(String[] columns, Object[] values, Dialect dialect) throws SQLException {
        if (dialect == Dialect.ORACLE) {
            throw new java.sql.SQLFeatureNotSupportedException("a wrapped (NL SHOWSQL: ...) needs a SELECT without "
                    + "FROM, which " + dialect + " does not have: run \"NL SHOWSQL: <question>\" on its own", "0A000");
        }
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.length; i++) {
            sb.append(i > 0 ? ", " : "").append(literal(values[i], dialect)).append(" AS ")
                    .append(alias(columns[i], dialect));
        }
        return sb.toString();
    }

    private static String literal(Object value, Dialect dialect) throws SQLException {
        if (value instanceof Integer n) {
            return SqlLiterals.integer(n);
        }
        if (value == null) {
            // A bare NULL has no type on H2 (Types.NULL); the standalone row reports VARCHAR.
            return switch (dialect) {
                case MYSQL, MARIADB -> "CAST(NULL AS CHAR)";
                case POSTGRESQL, H2 -> "CAST(NULL AS VARCHAR)";
                default -> "NULL";
            };
        }
        try {
            return SqlLiterals.string(value.toString(), dialect);
        } catch (IllegalArgumentException e) {
            throw new java.sql.SQLFeatureNotSupportedException("the SHOWSQL report cannot be written as a " + dialect
                    + " literal inside a query (" + e.getMessage() + "): run \"NL SHOWSQL: <question>\" on its own",
                    "0A000");
        }
    }

    /** One of our fixed column names, always quoted so that every dialect keeps its lower case (H2 folds up). */
    private static String alias(String name, Dialect dialect) {
        return switch (dialect) {
            case MYSQL, MARIADB -> "`" + name + "`";
            case SQLSERVER -> "[" + name + "]";
            default -> "\"" + name + "\"";
        };
    }
}
