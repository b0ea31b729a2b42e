package org.nljdbc.guard;

import java.util.Locale;

/** SQL dialects the guard knows how to parse and how to limit. */
public enum Dialect {
    POSTGRESQL, MYSQL, MARIADB, SQLITE, H2, SQLSERVER, ORACLE, SNOWFLAKE, TRINO, GENERIC;

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Words no dialect reads as a bare name in every position: quoted whatever their case. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("all", "and", "as", "asc", "between", "by", "case", "check",
            "column", "constraint", "create", "cross", "current_date", "current_time", "current_timestamp",
            "current_user", "default", "delete", "desc", "distinct", "drop", "else", "end", "except", "exists",
            "false", "fetch", "for", "foreign", "from", "full", "grant", "group", "having", "in", "index", "inner",
            "insert", "intersect", "into", "is", "join", "key", "left", "like", "limit", "natural", "not", "null",
            "offset", "on", "or", "order", "outer", "primary", "references", "right", "rows", "select", "set",
            "some", "table", "then", "to", "top", "true", "union", "unique", "update", "user", "using", "values",
            "when", "where", "with", "window", "year", "month", "day", "hour", "minute", "second", "value", "rank",
            "row", "range", "interval", "both", "leading", "trailing", "array", "any", "div", "mod", "read",
            "release", "rename", "show", "status", "level", "comment", "position", "match", "current", "time",
            "timestamp", "date", "over", "partition", "module", "function", "language", "returns", "authorization");


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

    /**
     * A name as the database stores it (from the catalog), written so that this dialect reads exactly that name:
     * bare when it is a plain word that unquoted folding leaves unchanged (lower case on PostgreSQL and Trino, upper
     * case on H2, Oracle and Snowflake) and no keyword; otherwise quoted in the dialect's way. The one quoter of the
     * project's generated SQL.
     */
    public String quote(String storedName) {
        boolean simple = PLAIN.matcher(storedName).matches() && !RESERVED.contains(storedName.toLowerCase(Locale.ROOT));
        boolean safe = switch (this) {
            case POSTGRESQL, TRINO, GENERIC -> simple && storedName.equals(storedName.toLowerCase(Locale.ROOT));
            case H2, ORACLE, SNOWFLAKE -> simple && storedName.equals(storedName.toUpperCase(Locale.ROOT));
            default -> simple;
        };
        return safe ? storedName : quoted(storedName);
    }

    /** {@code name} always quoted in this dialect's way, its quote characters doubled. */
    String quoted(String name) {
        return switch (this) {
            case MYSQL, MARIADB -> "`" + name.replace("`", "``") + "`";
            case SQLSERVER -> "[" + name.replace("]", "]]") + "]";
            default -> "\"" + name.replace("\"", "\"\"") + "\"";
        };
    }
}
