package org.nljdbc.guard;

import java.util.Locale;

/** SQL dialects the guard knows how to parse and how to limit. */
public enum Dialect {
    POSTGRESQL, MYSQL, MARIADB, SQLITE, H2, SQLSERVER, ORACLE, SNOWFLAKE, TRINO, GENERIC;

    /**
     * Picks the dialect from a JDBC URL ({@code jdbc:postgresql:...}) or a
     * {@code DatabaseMetaData.getDatabaseProductName()}; {@link #GENERIC} when unknown.
     */
    public static Dialect detect(String urlOrProductName) {
        if (urlOrProductName == null) {
            return GENERIC;
        }
        String s = urlOrProductName.toLowerCase(Locale.ROOT);
        if (s.contains("postgres")) return POSTGRESQL;
        if (s.contains("mariadb")) return MARIADB;
        if (s.contains("mysql")) return MYSQL;
        if (s.contains("sqlite")) return SQLITE;
        if (s.contains("h2")) return H2;
        if (s.contains("sqlserver") || s.contains("microsoft sql")) return SQLSERVER;
        if (s.contains("oracle")) return ORACLE;
        if (s.contains("snowflake")) return SNOWFLAKE;
        if (s.contains("trino") || s.contains("presto")) return TRINO;
        return GENERIC;
    }
}
