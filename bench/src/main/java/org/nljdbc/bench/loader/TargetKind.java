package org.nljdbc.bench.loader;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The servers a Spider database can be loaded into, and how each names, quotes and addresses a loaded copy. */
enum TargetKind {
    POSTGRESQL, MARIADB;

    private static final Pattern SERVER_URL = Pattern.compile("^(jdbc:(?:mariadb|mysql)://[^/?]+)(?:/([^?]*))?(\\?.*)?$");

    static TargetKind of(String jdbcUrl) {
        String u = jdbcUrl.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("the Spider loader targets PostgreSQL or MariaDB, not " + jdbcUrl);
    }

    /**
     * Identifier as created on the target. PostgreSQL names are lower-cased so that unquoted names in Spider's
     * (case-insensitive, SQLite) gold SQL still resolve; MariaDB keeps the declared case because its table names are
     * case-sensitive on Linux and folding them would hide that difference rather than measure it.
     */
    String name(String sqliteName) {
        return this == POSTGRESQL ? sqliteName.toLowerCase(Locale.ROOT) : sqliteName;
    }

    String quote(String identifier) {
        return this == POSTGRESQL ? '"' + identifier.replace("\"", "\"\"") + '"'
                : '`' + identifier.replace("`", "``") + '`';
    }

    /** URL of the loaded copy: PostgreSQL with {@code currentSchema}, MariaDB with the database in the path. */
    String urlOf(String serverUrl, String container) {
        if (this == POSTGRESQL) {
            String withoutSchema = serverUrl.replaceAll("([?&])currentSchema=[^&]*&?", "$1").replaceAll("[?&]$", "");
            return withoutSchema + (withoutSchema.contains("?") ? "&" : "?") + "currentSchema=" + container;
        }
        Matcher m = SERVER_URL.matcher(serverUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read host and database of " + serverUrl);
        }
        return m.group(1) + "/" + container + (m.group(3) == null ? "" : m.group(3));
    }
}
