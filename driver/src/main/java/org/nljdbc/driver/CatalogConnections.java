package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.nljdbc.guard.Dialect;

/** nljdbc's own connections to the database (catalog reads, the read-only side connection), in the caller's namespace. */
final class CatalogConnections {
    private CatalogConnections() {
    }

    /**
     * Lends a connection of the catalog source (a pool shared by every connection to the database as this user),
     * in this connection's namespace and, on MariaDB/MySQL, its role; borrowed only when the catalog must be read
     * or checked, never merely because a question was asked.
     */
    static <T> T withCatalogConnection(NlConnection on, org.nljdbc.translator.internal.catalog.CatalogProvider.Work<T> work)
            throws SQLException {
        try (Connection c = on.catalogSource.open()) {
            enterNamespace(c, on.dialect, on.namespace());
            if (on.runtime.role != null && (on.dialect == Dialect.MYSQL || on.dialect == Dialect.MARIADB)) {
                // MariaDB lists only the tables the current role may read; read the catalog as NL queries run.
                try (Statement s = c.createStatement()) {
                    s.execute("SET ROLE " + SessionWalls.quote(on.dialect, on.runtime.role));
                }
                try {
                    return work.run(c);
                } finally {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET ROLE NONE");
                    }
                }
            }
            return work.run(c);
        }
    }

    /** Puts {@code c} (a connection of ours) into {@code namespace}, the one an NL connection follows. */
    static void enterNamespace(Connection c, Dialect dialect, String namespace) throws SQLException {
        if (namespace == null) {
            return;
        }
        if (dialect == Dialect.MYSQL || dialect == Dialect.MARIADB) {
            if (!namespace.equals(c.getCatalog())) {
                c.setCatalog(namespace);
            }
        } else if (!namespace.equals(c.getSchema())) {
            c.setSchema(namespace);
        }
    }
}
