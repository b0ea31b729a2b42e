package org.nljdbc.translator.internal.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.SqlGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what each view reads, so that a view over a hidden table can be hidden with it. PostgreSQL from the view's
 * rewrite rule ({@code pg_rewrite} and {@code pg_depend}, which unlike {@code information_schema.view_table_usage}
 * is not limited to views the current role owns); MariaDB/MySQL ({@code information_schema.VIEWS}, MariaDB has no
 * {@code VIEW_TABLE_USAGE}), H2 ({@code INFORMATION_SCHEMA.VIEWS}) and SQLite ({@code sqlite_master}) by parsing the
 * stored definition. A view left without known dependencies (unreadable definition, a parse failure, a view calling a
 * user-defined or stored function, another database) keeps {@code readsKnown = false}.
 */
final class ViewDependencies {
    private static final Logger LOG = LoggerFactory.getLogger(ViewDependencies.class);

    private ViewDependencies() {
    }

    /** Fills {@code readsTables} and {@code readsKnown} of the views among {@code tables}, keyed by {@link CatalogReader#key}. */
    static void read(Connection connection, CatalogReader.Product kind, Collection<TableInfo.Builder> tables) {
        Map<String, TableInfo.Builder> views = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (TableInfo.Builder b : tables) {
            if (b.type.equals("VIEW")) {
                views.put(CatalogReader.key(b.schema, b.name), b);
            }
        }
        if (views.isEmpty()) {
            return;
        }
        try {
            switch (kind) {
                case POSTGRESQL -> readPostgres(connection, views);
                case MYSQL -> readDefinitions(connection, views, "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION "
                        + "FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?", true, false, Dialect.MARIADB);
                case H2 -> readDefinitions(connection, views, "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION "
                        + "FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA = ?", true, false, Dialect.H2);
                case SQLITE -> readDefinitions(connection, views,
                        "SELECT NULL, name, sql FROM sqlite_master WHERE type = 'view'", false, true, Dialect.SQLITE);
                default -> LOG.debug("view dependencies are not read on this database; views count as unknown");
            }
        } catch (SQLException e) {
            LOG.debug("view dependencies unavailable: {}", e.getMessage());
            views.values().forEach(b -> {
                b.readsTables.clear();
                b.readsKnown = false;
            });
        }
    }

    private static void readPostgres(Connection c, Map<String, TableInfo.Builder> views) throws SQLException {
        // Relations the view's rule reads, and user-defined functions it calls (which may read anything).
        String sql = "SELECT DISTINCT vn.nspname, v.relname, 'r', tn.nspname, t.relname "
                + "FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class "
                + "JOIN pg_namespace vn ON vn.oid = v.relnamespace "
                + "JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid "
                + "AND d.refclassid = 'pg_class'::regclass "
                + "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace "
                + "WHERE v.relkind IN ('v', 'm') AND t.oid <> v.oid "
                + "UNION ALL SELECT DISTINCT vn.nspname, v.relname, 'f', pn.nspname, p.proname "
                + "FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class "
                + "JOIN pg_namespace vn ON vn.oid = v.relnamespace "
                + "JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid "
                + "AND d.refclassid = 'pg_proc'::regclass "
                + "JOIN pg_proc p ON p.oid = d.refobjid JOIN pg_namespace pn ON pn.oid = p.pronamespace "
                + "WHERE v.relkind IN ('v', 'm') AND pn.nspname NOT IN ('pg_catalog', 'information_schema')";
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Set<String> callsFunctions = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String key = CatalogReader.key(rs.getString(1), rs.getString(2));
                TableInfo.Builder b = views.get(key);
                if (b == null) {
                    continue;
                }
                seen.add(key);
                if (rs.getString(3).equals("f")) {
                    callsFunctions.add(key);
                } else {
                    b.readsTables.add(rs.getString(4) + "." + rs.getString(5));
                }
            }
        }
        for (Map.Entry<String, TableInfo.Builder> e : views.entrySet()) {
            // A view with no dependencies at all (SELECT 1) has a rule too, and reads nothing.
            e.getValue().readsKnown = !callsFunctions.contains(e.getKey());
            if (callsFunctions.contains(e.getKey())) {
                LOG.debug("view {} calls a user-defined function: what it reads is unknown", e.getKey());
            }
        }
    }

    private static void readDefinitions(Connection c, Map<String, TableInfo.Builder> views, String sql,
                                        boolean bySchema, boolean createStatement, Dialect dialect)
            throws SQLException {
        Set<String> schemas = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        views.values().forEach(b -> schemas.add(b.schema == null ? "" : b.schema));
        for (String schema : bySchema ? schemas : Set.of("")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (bySchema) {
                    ps.setString(1, schema);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TableInfo.Builder b = views.get(CatalogReader.key(rs.getString(1), rs.getString(2)));
                        if (b == null) {
                            continue;
                        }
                        List<String> reads = parse(rs.getString(3), b.schema, createStatement, dialect);
                        if (reads == null) {
                            LOG.debug("view {}: its definition could not be read; what it reads is unknown", b.name);
                            continue;
                        }
                        b.readsTables.clear();
                        b.readsTables.addAll(reads);
                        b.readsKnown = true;
                    }
                }
            }
        }
    }

    /**
     * The tables a view definition reads, each qualified with {@code defaultSchema} when written bare; null when the
     * definition is missing (no privilege to see it), cannot be parsed, or calls a function that is not a built-in
     * on the guard's list for {@code dialect} (a stored function reads whatever its body reads: MariaDB writes
     * {@code `db`.`f`(...)} into the definition, and the tables f reads are in no definition).
     */
    static List<String> parse(String definition, String defaultSchema, boolean createStatement, Dialect dialect) {
        if (definition == null || definition.isBlank()) {
            return null;
        }
        try {
            Statement st = org.nljdbc.guard.SqlParsing.parse(definition);
            if (createStatement) {
                if (!(st instanceof CreateView cv)) {
                    return null;
                }
                st = cv.getSelect();
            }
            // A bare name in the main query that is a CTE's name means the CTE (MariaDB writes `c`, which the finder
            // does not match to WITH c). Inside a CTE's own body a bare name means the real table
            // (WITH salaries AS (SELECT * FROM salaries)), so each body is read again on its own.
            Set<String> cteNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            List<Statement> bodies = new ArrayList<>();
            if (st instanceof Select select && select.getWithItemsList() != null) {
                for (WithItem<?> w : select.getWithItemsList()) {
                    if (w.getAlias() != null) {
                        cteNames.add(unquote(w.getAlias().getName()));
                    }
                    if (w.getStatement() != null) {
                        bodies.add(w.getStatement());
                    }
                }
            }
            Set<String> out = new java.util.LinkedHashSet<>();
            CallsFinder main = new CallsFinder(dialect);
            addTables(out, main.getTables(st), cteNames, defaultSchema);
            for (Statement body : bodies) {
                CallsFinder inBody = new CallsFinder(dialect);
                addTables(out, inBody.getTables(body), Set.of(), defaultSchema);
                main.unknownCall = main.unknownCall || inBody.unknownCall;
            }
            if (main.unknownCall) {
                LOG.debug("view definition calls a function that is not a built-in: what it reads is unknown");
                return null;
            }
            return List.copyOf(out);
        } catch (JSQLParserException | RuntimeException e) {
            LOG.debug("view definition not parsed: {}", e.getMessage());
            return null;
        }
    }

    /** The table finder, noting on the way whether any call is to a function other than the dialect's built-ins. */
    private static final class CallsFinder extends TablesNamesFinder<Void> {
        private final Dialect dialect;
        boolean unknownCall;

        CallsFinder(Dialect dialect) {
            this.dialect = dialect;
        }

        @Override
        public <S> Void visit(Function function, S context) {
            List<String> name = function.getMultipartName();
            if (name == null || name.isEmpty() || !SqlGuard.isBuiltInFunction(name, dialect)) {
                unknownCall = true;
            }
            return super.visit(function, context);
        }
    }

    private static void addTables(Set<String> out, Set<String> found, Set<String> cteNames, String defaultSchema) {
        for (String name : found) {
            List<String> parts = new ArrayList<>();
            for (String part : name.split("\\.")) {
                parts.add(unquote(part));
            }
            String table = parts.get(parts.size() - 1);
            if (parts.size() == 1 && cteNames.contains(table)) {
                continue;
            }
            String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : defaultSchema;
            out.add(schema == null ? table : schema + "." + table);
        }
    }

    private static String unquote(String part) {
        String p = part.trim();
        if (p.length() >= 2 && (p.startsWith("`") && p.endsWith("`") || p.startsWith("\"") && p.endsWith("\"")
                || p.startsWith("[") && p.endsWith("]"))) {
            String q = p.substring(0, 1);
            return p.substring(1, p.length() - 1).replace(q + q, q);
        }
        return p;
    }
}
