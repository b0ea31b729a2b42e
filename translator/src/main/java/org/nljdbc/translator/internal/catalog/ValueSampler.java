package org.nljdbc.translator.internal.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nljdbc.guard.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads bounded samples of distinct values of text columns: at most {@code sampleScanRows} rows are scanned
 * per column (a {@code LIMIT} inside a derived table), a column with more distinct values than
 * {@code sampleMaxDistinct} keeps none, and time budgets per table and in all stop sampling early.
 *
 * <p>Samples are read under the same policy as queries, because they go to the model provider: a table carrying the
 * tenant column is read only through {@code WHERE <tenant column> = ?} bound to the tenant value as the column's
 * type (and not at all when that value does not fit the type), and masked columns are never read. The catalog given
 * is expected to be the visible one already, so hidden tables and views are not read either.
 */
final class ValueSampler {
    private static final Logger LOG = LoggerFactory.getLogger(ValueSampler.class);
    private static final int MAX_VALUE_LENGTH = 60;

    private final Connection connection;
    private final CatalogReader.Product kind;
    private final CatalogReader.Options options;
    private final String quote;
    private final Policy policy;
    private boolean stopped;

    ValueSampler(Connection connection, CatalogReader.Product kind, CatalogReader.Options options, Policy policy)
            throws SQLException {
        this.connection = connection;
        this.kind = kind;
        this.options = options;
        this.policy = policy;
        String q = connection.getMetaData().getIdentifierQuoteString();
        this.quote = q == null || q.isBlank() ? "\"" : q.trim();
    }

    Catalog sample(Catalog catalog) throws SQLException {
        long deadline = System.nanoTime() + options.sampleTotalBudget().toNanos();
        List<TableInfo> out = new ArrayList<>();
        for (TableInfo t : catalog.tables()) {
            out.add(stopped || System.nanoTime() > deadline ? t : sampleTable(t, deadline));
        }
        return new Catalog(catalog.productName(), catalog.productVersion(), out);
    }

    /** Whether an error inside a transaction (PostgreSQL) ended sampling: every further statement would fail. */
    boolean stopped() {
        return stopped;
    }

    /** {@code t} with samples of its text columns, read within the table budget and {@code deadline} (nanoTime). */
    TableInfo sampleTable(TableInfo t, long deadline) throws SQLException {
        boolean stopOnError = !connection.getAutoCommit();
        long tableDeadline = Math.min(deadline, System.nanoTime() + options.sampleTableBudget().toNanos());
        Optional<ColumnInfo> tenant = CatalogVisibility.hasTenantColumn(policy, t)
                ? t.column(policy.tenantColumn()) : Optional.empty();
        if (tenant.isPresent() && !bindable(policy.tenantValue(), tenant.get())) {
            LOG.debug("no samples for {}: the tenant value does not fit its tenant column", t.name());
            return t;
        }
        List<ColumnInfo> cols = new ArrayList<>();
        for (ColumnInfo c : t.columns()) {
            if (!isText(c) || CatalogVisibility.isMasked(policy, t, c) || System.nanoTime() > tableDeadline
                    || stopped) {
                cols.add(c);
                continue;
            }
            try {
                List<String> values = distinctValues(t, c, tenant.orElse(null), tableDeadline);
                cols.add(new ColumnInfo(c.name(), c.typeName(), c.jdbcType(), c.nullable(), c.remarks(), values));
            } catch (SQLException e) {
                LOG.debug("no samples for {}.{}: {}", t.name(), c.name(), e.getMessage());
                cols.add(c);
                stopped = stopOnError;
            }
        }
        return t.withColumns(cols);
    }

    private List<String> distinctValues(TableInfo t, ColumnInfo c, ColumnInfo tenant, long deadline)
            throws SQLException {
        String col = quote(c.name());
        String table = (t.schema() != null && kind != CatalogReader.Product.SQLITE
                ? quote + t.schema().replace(quote, quote + quote) + quote + "." : "")
                + quote + t.name().replace(quote, quote + quote) + quote;
        int k = options.sampleMaxDistinct();
        String sql = "SELECT DISTINCT " + col + " FROM (SELECT " + col + " FROM " + table + " WHERE " + col
                + " IS NOT NULL" + (tenant == null ? "" : " AND " + quote(tenant.name()) + " = ?")
                + " LIMIT " + options.sampleScanRows() + ") s LIMIT " + (k + 1);
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            if (tenant != null) {
                bind(st, 1, policy.tenantValue(), tenant.jdbcType());
            }
            long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            st.setQueryTimeout((int) Math.max(1, (remainingMs + 999) / 1000));
            st.setMaxRows(k + 1);
            Set<String> values = new LinkedHashSet<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String v = rs.getString(1);
                    if (v != null) {
                        values.add(v);
                    }
                }
            }
            values.removeIf(String::isBlank);
            // More distinct values than k, or long free text: not enum-like.
            if (values.size() > k || values.stream().anyMatch(v -> v.length() > MAX_VALUE_LENGTH)) {
                return List.of();
            }
            return List.copyOf(values);
        }
    }

    private String quote(String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    /** Whether the tenant value can be bound as the tenant column's type (a tenant "abc" on an integer column cannot). */
    private static boolean bindable(String value, ColumnInfo tenant) {
        if (value == null) {
            return false;
        }
        try {
            parse(value, tenant.jdbcType());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Binds the tenant value (configured as text) as the column's type, as the driver binds it in queries. */
    private static void bind(PreparedStatement ps, int index, String value, int jdbcType) throws SQLException {
        Object v = parse(value, jdbcType);
        if (v instanceof String text) {
            ps.setString(index, text);
        } else {
            ps.setObject(index, v);
        }
    }

    private static Object parse(String value, int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> Integer.parseInt(value.trim());
            case Types.BIGINT -> Long.parseLong(value.trim());
            case Types.NUMERIC, Types.DECIMAL -> new java.math.BigDecimal(value.trim());
            default -> value;
        };
    }

    static boolean isText(ColumnInfo c) {
        return switch (c.jdbcType()) {
            case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR -> true;
            default -> c.typeName() != null && isTextTypeName(c.typeName());
        };
    }

    /** Type names already classified: a catalog has a few distinct ones over tens of thousands of columns. */
    private static final java.util.Map<String, Boolean> TEXT_TYPE_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean isTextTypeName(String typeName) {
        Boolean known = TEXT_TYPE_NAMES.get(typeName);
        if (known != null) {
            return known;
        }
        boolean text = typeName.toLowerCase(java.util.Locale.ROOT).matches(
                "(text|varchar.*|char.*|character.*|nvarchar.*|string|enum.*)");
        if (TEXT_TYPE_NAMES.size() < 4096) {
            TEXT_TYPE_NAMES.put(typeName, text);
        }
        return text;
    }
}
