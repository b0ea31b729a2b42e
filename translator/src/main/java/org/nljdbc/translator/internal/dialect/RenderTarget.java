package org.nljdbc.translator.internal.dialect;

import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.AnsiSqlDialect;
import org.apache.calcite.sql.dialect.BigQuerySqlDialect;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;
import org.apache.calcite.sql.dialect.H2SqlDialect;
import org.apache.calcite.sql.dialect.MssqlSqlDialect;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;
import org.apache.calcite.sql.dialect.OracleSqlDialect;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.dialect.SnowflakeSqlDialect;
import org.apache.calcite.sql.dialect.SqliteSqlDialect;
import org.apache.calcite.sql.dialect.TrinoSqlDialect;
import org.nljdbc.guard.Dialect;

/** A database SQL can be rendered for: every guard {@link Dialect}, plus BigQuery and DuckDB. */
public enum RenderTarget {
    POSTGRESQL, MYSQL, MARIADB, SQLITE, H2, SQLSERVER, ORACLE, SNOWFLAKE, TRINO, BIGQUERY, DUCKDB, GENERIC;

    /**
     * SQL Server 2012 and later: OFFSET ... FETCH. The default SQL Server dialect renders a limit as TOP, which is
     * right without an offset and silently drops one.
     */
    static final SqlDialect SQLSERVER_2012 =
            new MssqlSqlDialect(MssqlSqlDialect.DEFAULT_CONTEXT.withDatabaseMajorVersion(11));

    /** The target for a guard dialect. */
    public static RenderTarget of(Dialect d) {
        return valueOf(d.name());
    }

    SqlDialect sqlDialect() {
        return switch (this) {
            case POSTGRESQL -> PostgresqlSqlDialect.DEFAULT;
            case MYSQL, MARIADB -> MysqlSqlDialect.DEFAULT;
            // JdbcSchema would pick AnsiSqlDialect for SQLite: the SQLite dialect must be named.
            case SQLITE -> SqliteSqlDialect.DEFAULT;
            case H2 -> H2SqlDialect.DEFAULT;
            case SQLSERVER -> MssqlSqlDialect.DEFAULT;
            case ORACLE -> OracleSqlDialect.DEFAULT;
            case SNOWFLAKE -> SnowflakeSqlDialect.DEFAULT;
            case TRINO -> TrinoSqlDialect.DEFAULT;
            case BIGQUERY -> BigQuerySqlDialect.DEFAULT;
            case DUCKDB -> DuckDBSqlDialect.DEFAULT;
            case GENERIC -> AnsiSqlDialect.DEFAULT;
        };
    }
}
