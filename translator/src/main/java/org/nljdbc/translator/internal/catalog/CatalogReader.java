package org.nljdbc.translator.internal.catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nljdbc.guard.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link Catalog} through {@code DatabaseMetaData}: tables and views of the user's schemas,
 * columns, primary keys, foreign keys and remarks; then, where the database offers them cheaply,
 * approximate row counts (PostgreSQL {@code pg_class.reltuples}, MariaDB/MySQL
 * {@code information_schema.tables.table_rows}) and bounded samples of distinct values for
 * low-cardinality text columns. System schemas are skipped.
 */
public final class CatalogReader {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogReader.class);
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "pg_toast",
            "mysql", "performance_schema", "sys");

    /**
     * How much to read beyond the metadata.
     *
     * @param schemas            schemas (catalogs on MySQL-style databases) to read; empty means the connection's current one
     * @param rowCounts          read approximate row counts where the database keeps them
     * @param sampleMaxDistinct  a text column with at most this many distinct values (among the scanned rows) keeps
     *                           them as samples; 0 disables sampling
     * @param sampleScanRows     at most this many rows are scanned per column when sampling
     * @param sampleTableBudget  sampling of one table stops once this much time has been spent on it
     * @param sampleTotalBudget  sampling stops altogether once this much time has been spent
     */
    public record Options(List<String> schemas, boolean rowCounts, int sampleMaxDistinct, int sampleScanRows,
                          Duration sampleTableBudget, Duration sampleTotalBudget) {
        public Options {
            schemas = List.copyOf(schemas);
        }

        /** Current schema, row counts, up to 20 distinct values from the first 10,000 rows, 300 ms a table, 5 s in all. */
        public static Options defaults() {
            return new Options(List.of(), true, 20, 10_000, Duration.ofMillis(300), Duration.ofSeconds(5));
        }

        /** Metadata only: no row counts, no samples. */
        public static Options metadataOnly() {
            return new Options(List.of(), false, 0, 0, Duration.ZERO, Duration.ZERO);
        }

        /** The same options without value samples. */
        public Options withoutSamples() {
            return new Options(schemas, rowCounts, 0, 0, Duration.ZERO, Duration.ZERO);
        }

        public Options withSchemas(List<String> names) {
            return new Options(names, rowCounts, sampleMaxDistinct, sampleScanRows, sampleTableBudget,
                    sampleTotalBudget);
        }
    }

    private CatalogReader() {
    }

    /** Reads with {@link Options#defaults()}. */
    public static Catalog read(Connection connection) throws SQLException {
        return read(connection, Options.defaults());
    }

    /**
     * Reads everything, with samples read as if under no policy: for tools and tests that see the whole database.
     * A catalog that will be shown to a model on behalf of a policy must come from {@link #read(Connection, Options,
     * Policy)}, which reads samples under that policy.
     */
    public static Catalog read(Connection connection, Options options) throws SQLException {
        return read(connection, options, Policy.defaults(), false);
    }

    /**
     * The catalog as {@code policy} lets its user see it ({@link CatalogVisibility#apply}), with sample values read
     * under the same policy: hidden tables and views (including views over hidden tables) and masked columns are never
     * read, and a table carrying the tenant column is sampled only through the tenant filter.
     */
    public static Catalog read(Connection connection, Options options, Policy policy) throws SQLException {
        return read(connection, options, policy, true);
    }

    /** As {@link #read(Connection, Options, Policy)}, through three metadata calls per table: the old way, for tests. */
    static Catalog readPerTable(Connection connection, Options options, Policy policy) throws SQLException {
        return read(connection, options, policy, true, false);
    }

    private static Catalog read(Connection connection, Options options, Policy policy, boolean visibleOnly)
            throws SQLException {
        return read(connection, options, policy, visibleOnly, true);
    }

    private static Catalog read(Connection connection, Options options, Policy policy, boolean visibleOnly,
                                boolean bulk) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String product = md.getDatabaseProductName();
        Product kind = Product.of(product);
        List<String> schemas = new ArrayList<>(options.schemas());
        if (schemas.isEmpty()) {
            schemas.add(kind == Product.MYSQL ? connection.getCatalog() : currentSchema(connection));
        }

        Map<String, TableInfo.Builder> tables = new LinkedHashMap<>();
        for (String wanted : schemas) {
            try (ResultSet rs = md.getTables(kind == Product.MYSQL ? wanted : null,
                    kind == Product.MYSQL ? null : wanted, "%", tableTypes(md))) {
                while (rs.next()) {
                    String schema = kind == Product.MYSQL ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
                    if (schema != null && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    String name = rs.getString("TABLE_NAME");
                    if (name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                        continue;
                    }
                    String type = rs.getString("TABLE_TYPE");
                    tables.putIfAbsent(key(schema, name), new TableInfo.Builder(schema, name,
                            type != null && type.toUpperCase(Locale.ROOT).contains("VIEW") ? "VIEW" : "TABLE",
                            blankToNull(rs.getString("REMARKS"))));
                }
            }
        }
        if (bulk) {
            BulkMetadata.read(connection, md, kind, tables);
        } else {
            for (TableInfo.Builder b : tables.values()) {
                readPerTable(md, kind, b, new Names());
            }
        }
        tables.values().forEach(b -> b.importedKeys.sort(BY_TARGET));
        ViewDependencies.read(connection, kind, tables.values());
        if (options.rowCounts()) {
            readRowCounts(connection, kind, tables);
        }
        Catalog catalog = new Catalog(product, md.getDatabaseProductVersion(),
                tables.values().stream().map(TableInfo.Builder::build).toList());
        if (visibleOnly) {
            // Visibility first, so that what the policy hides is never sampled.
            catalog = CatalogVisibility.apply(catalog, policy);
            catalog = withoutTenantRowCounts(catalog, policy);
        }
        return options.sampleMaxDistinct() > 0 ? withSamples(connection, catalog, options, policy) : catalog;
    }

    /** One table's columns, primary key and foreign keys through three {@code DatabaseMetaData} calls: the generic path. */
    static void readPerTable(DatabaseMetaData md, Product kind, TableInfo.Builder b, Names names) throws SQLException {
        String cat = kind == Product.MYSQL ? b.schema : null;
        String sch = kind == Product.MYSQL ? null : b.schema;
        try (ResultSet rs = md.getColumns(cat, sch, kind == Product.SQLITE ? b.name : escape(md, b.name), "%")) {
            while (rs.next()) {
                b.columns.add(column(rs, names));
            }
        }
        if (!b.type.equals("VIEW")) {
            readKeys(md, kind, b);
        }
    }

    /** One table's primary key and foreign keys, through {@code getPrimaryKeys} and {@code getImportedKeys}. */
    static void readKeys(DatabaseMetaData md, Product kind, TableInfo.Builder b) throws SQLException {
        String cat = kind == Product.MYSQL ? b.schema : null;
        String sch = kind == Product.MYSQL ? null : b.schema;
        try (ResultSet rs = md.getPrimaryKeys(cat, sch, b.name)) {
            Map<Short, String> pk = new TreeMap<>();
            while (rs.next()) {
                pk.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
            b.primaryKey.addAll(pk.values());
        }
        try (ResultSet rs = md.getImportedKeys(cat, sch, b.name)) {
            ForeignKeyRows keys = new ForeignKeyRows();
            while (rs.next()) {
                keys.add(rs.getString("PKTABLE_NAME"), rs.getString("FK_NAME"), rs.getShort("KEY_SEQ"),
                        rs.getString("FKCOLUMN_NAME"), rs.getString("PKCOLUMN_NAME"));
            }
            b.importedKeys.addAll(keys.build(b.name));
        }
    }

    /** A column from a {@code getColumns} row, its repeated strings shared through {@code names}. */
    static ColumnInfo column(ResultSet rs, Names names) throws SQLException {
        return new ColumnInfo(names.of(rs.getString("COLUMN_NAME")), names.of(rs.getString("TYPE_NAME")),
                rs.getInt("DATA_TYPE"), rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
                blankToNull(rs.getString("REMARKS")), List.of());
    }

    /**
     * One string instance per distinct name: a large catalog repeats the same column and type names (id, name, int4)
     * tens of thousands of times, and keeping one copy of each keeps its heap bounded by what is distinct.
     */
    static final class Names {
        private final Map<String, String> seen = new java.util.HashMap<>();

        String of(String s) {
            return s == null ? null : seen.computeIfAbsent(s, k -> k);
        }
    }

    /** Rows of imported keys grouped into keys, as {@code getImportedKeys} lists them (any order within a key). */
    static final class ForeignKeyRows {
        private final Map<String, List<String[]>> byFk = new LinkedHashMap<>();
        private int unnamed;

        void add(String pkTable, String fkName, short keySeq, String fkColumn, String pkColumn) {
            // Unnamed keys (SQLite) to the same table are told apart by KEY_SEQ starting again at 1:
            // Friend(student_id) and Friend(friend_id) both reference Highschooler(id), as two keys.
            if ((fkName == null || fkName.isEmpty()) && keySeq <= 1) {
                unnamed++;
            }
            String group = (fkName == null || fkName.isEmpty() ? "#" + unnamed : fkName) + "->" + pkTable;
            byFk.computeIfAbsent(group, g -> new ArrayList<>()).add(new String[] {
                    pkTable, fkColumn, pkColumn, fkName, String.valueOf(keySeq)});
        }

        List<ForeignKey> build(String fromTable) {
            List<ForeignKey> out = new ArrayList<>();
            for (List<String[]> cols : byFk.values()) {
                cols.sort(java.util.Comparator.comparingInt(c -> Short.parseShort(c[4])));
                out.add(new ForeignKey(cols.get(0)[3], fromTable, cols.stream().map(c -> c[1]).toList(),
                        cols.get(0)[0], cols.stream().map(c -> c[2]).toList()));
            }
            return out;
        }
    }

    /**
     * Keys of one table in one order whichever way they were read (per table, in bulk, from the information schema):
     * by referenced table, then name; unnamed keys keep the order the database gave.
     */
    private static final java.util.Comparator<ForeignKey> BY_TARGET = java.util.Comparator
            .comparing(ForeignKey::toTable, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(fk -> fk.name() == null ? "" : fk.name());

    /**
     * The catalog with sample values read from {@code connection} for its low-cardinality text columns,
     * within the options' budgets. Tables the connection cannot read keep no samples. Only PostgreSQL,
     * MariaDB/MySQL, SQLite and H2 are sampled, because only there is a bounded scan known to stay bounded.
     */
    public static Catalog withSamples(Connection connection, Catalog catalog, Options options) throws SQLException {
        return withSamples(connection, catalog, options, Policy.defaults());
    }

    /**
     * As {@link #withSamples(Connection, Catalog, Options)}, reading under {@code policy}: masked columns are not read,
     * tables with the tenant column are read through the tenant filter. {@code catalog} should be the visible one
     * ({@link CatalogVisibility#apply}): every table in it may be read.
     */
    public static Catalog withSamples(Connection connection, Catalog catalog, Options options, Policy policy)
            throws SQLException {
        Product kind = Product.of(connection.getMetaData().getDatabaseProductName());
        if (kind == Product.OTHER || options.sampleMaxDistinct() <= 0) {
            return catalog;
        }
        return new ValueSampler(connection, kind, options, policy).sample(catalog);
    }

    /** A tenant table's statistics count every tenant's rows: under a tenant policy they are not shown. */
    private static Catalog withoutTenantRowCounts(Catalog catalog, Policy policy) {
        if (catalog.tables().stream().noneMatch(t -> t.rowCount() >= 0 && CatalogVisibility.hasTenantColumn(policy, t))) {
            return catalog;
        }
        return new Catalog(catalog.productName(), catalog.productVersion(), catalog.tables().stream()
                .map(t -> CatalogVisibility.hasTenantColumn(policy, t) ? new TableInfo(t.schema(), t.name(), t.type(),
                        t.remarks(), t.columns(), t.primaryKey(), t.importedKeys(), -1, t.readsTables(),
                        t.readsKnown()) : t).toList());
    }

    private static void readRowCounts(Connection c, Product kind, Map<String, TableInfo.Builder> tables) {
        String sql = switch (kind) {
            case POSTGRESQL -> "SELECT n.nspname, c.relname, c.reltuples FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm')";
            case MYSQL -> "SELECT table_schema, table_name, table_rows FROM information_schema.tables "
                    + "WHERE table_type = 'BASE TABLE'";
            default -> null;
        };
        if (sql == null) {
            return;
        }
        Map<String, TableInfo.Builder> byKey = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byKey.putAll(tables);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                TableInfo.Builder b = byKey.get(key(rs.getString(1), rs.getString(2)));
                double n = rs.getDouble(3);
                // PostgreSQL says -1 (or 0 on old versions) for a table never vacuumed or analyzed: unknown.
                if (b != null && !rs.wasNull() && n >= 0 && !(kind == Product.POSTGRESQL && n == 0)) {
                    b.rowCount = (long) n;
                }
            }
        } catch (SQLException e) {
            LOG.debug("row counts unavailable: {}", e.getMessage());
        }
    }

    private static String[] tableTypes(DatabaseMetaData md) throws SQLException {
        List<String> wanted = List.of("TABLE", "BASE TABLE", "VIEW", "MATERIALIZED VIEW", "PARTITIONED TABLE");
        List<String> offered = new ArrayList<>();
        try (ResultSet rs = md.getTableTypes()) {
            while (rs.next()) {
                String t = rs.getString(1).trim();
                if (wanted.contains(t.toUpperCase(Locale.ROOT))) {
                    offered.add(t);
                }
            }
        }
        return offered.isEmpty() ? new String[] {"TABLE", "VIEW"} : offered.toArray(String[]::new);
    }

    static String escape(DatabaseMetaData md, String name) throws SQLException {
        String esc = md.getSearchStringEscape();
        if (esc == null || esc.isEmpty()) {
            return name;
        }
        return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }

    private static String currentSchema(Connection c) {
        try {
            return c.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null;
        }
    }

    static String key(String schema, String name) {
        return (schema == null ? "" : schema + ".") + name;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The database families whose cheap statistics and bounded scans we know. */
    enum Product {
        POSTGRESQL, MYSQL, SQLITE, H2, OTHER;

        static Product of(String productName) {
            String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
            if (p.contains("postgres")) {
                return POSTGRESQL;
            }
            if (p.contains("mysql") || p.contains("mariadb")) {
                return MYSQL;
            }
            if (p.contains("sqlite")) {
                return SQLITE;
            }
            return p.equals("h2") ? H2 : OTHER;
        }
    }
}
