package org.nljdbc.translator.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads bounded samples of distinct values of text columns: at most {@code sampleScanRows} rows are scanned
 * per column (a {@code LIMIT} inside a derived table), a column with more distinct values than
 * {@code sampleMaxDistinct} keeps none, and time budgets per table and in all stop sampling early.
 */
final class ValueSampler {
    private static final Logger LOG = LoggerFactory.getLogger(ValueSampler.class);
    private static final int MAX_VALUE_LENGTH = 60;

    private final Connection connection;
    private final CatalogReader.Product kind;
    private final CatalogReader.Options options;
    private final String quote;

    ValueSampler(Connection connection, CatalogReader.Product kind, CatalogReader.Options options) throws SQLException {
        this.connection = connection;
        this.kind = kind;
        this.options = options;
        String q = connection.getMetaData().getIdentifierQuoteString();
        this.quote = q == null || q.isBlank() ? "\"" : q.trim();
    }

    Catalog sample(Catalog catalog) throws SQLException {
        long deadline = System.nanoTime() + options.sampleTotalBudget().toNanos();
        // After an error inside a transaction (PostgreSQL) every further statement fails: stop there.
        boolean stopOnError = !connection.getAutoCommit();
        List<TableInfo> out = new ArrayList<>();
        boolean stopped = false;
        for (TableInfo t : catalog.tables()) {
            if (stopped || System.nanoTime() > deadline) {
                out.add(t);
                continue;
            }
            long tableDeadline = Math.min(deadline, System.nanoTime() + options.sampleTableBudget().toNanos());
            List<ColumnInfo> cols = new ArrayList<>();
            for (ColumnInfo c : t.columns()) {
                if (!isText(c) || System.nanoTime() > tableDeadline || stopped) {
                    cols.add(c);
                    continue;
                }
                try {
                    List<String> values = distinctValues(t, c, tableDeadline);
                    cols.add(new ColumnInfo(c.name(), c.typeName(), c.jdbcType(), c.nullable(), c.remarks(), values));
                } catch (SQLException e) {
                    LOG.debug("no samples for {}.{}: {}", t.name(), c.name(), e.getMessage());
                    cols.add(c);
                    stopped = stopOnError;
                }
            }
            out.add(new TableInfo(t.schema(), t.name(), t.type(), t.remarks(), cols, t.primaryKey(),
                    t.importedKeys(), t.rowCount()));
        }
        return new Catalog(catalog.productName(), catalog.productVersion(), out);
    }

    private List<String> distinctValues(TableInfo t, ColumnInfo c, long deadline) throws SQLException {
        String col = quote + c.name().replace(quote, quote + quote) + quote;
        String table = (t.schema() != null && kind != CatalogReader.Product.SQLITE
                ? quote + t.schema().replace(quote, quote + quote) + quote + "." : "")
                + quote + t.name().replace(quote, quote + quote) + quote;
        int k = options.sampleMaxDistinct();
        String sql = "SELECT DISTINCT " + col + " FROM (SELECT " + col + " FROM " + table + " WHERE " + col
                + " IS NOT NULL LIMIT " + options.sampleScanRows() + ") s LIMIT " + (k + 1);
        try (Statement st = connection.createStatement()) {
            long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            st.setQueryTimeout((int) Math.max(1, (remainingMs + 999) / 1000));
            st.setMaxRows(k + 1);
            Set<String> values = new LinkedHashSet<>();
            try (ResultSet rs = st.executeQuery(sql)) {
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

    static boolean isText(ColumnInfo c) {
        return switch (c.jdbcType()) {
            case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR -> true;
            default -> c.typeName() != null && c.typeName().toLowerCase(java.util.Locale.ROOT).matches(
                    "(text|varchar.*|char.*|character.*|nvarchar.*|string|enum.*)");
        };
    }
}
