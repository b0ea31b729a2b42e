package org.nljdbc.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import org.nljdbc.guard.Policy;
import org.nljdbc.translator.internal.catalog.CatalogVisibility;

/**
 * A {@code getTables} or {@code getColumns} result without the rows of tables the policy hides
 * ({@code nl.tables.allow} / {@code nl.tables.deny}, matched as the guard and the catalog match them), so a BI
 * user who may not query a table does not browse it either. Forward only: rows are skipped as they stream.
 */
final class VisibleTablesResultSet extends DelegatingResultSet {
    private final Policy policy;
    private int row;

    VisibleTablesResultSet(ResultSet delegate, Policy policy) {
        super(delegate);
        this.policy = policy;
    }

    /** Whether the policy hides any table at all (else there is nothing to filter). */
    static boolean hidesAny(Policy policy) {
        return !policy.allowTables().isEmpty() || !policy.denyTables().isEmpty();
    }

    /** Whether a table (schema may be null) is visible under the allow and deny lists. */
    static boolean visible(Policy policy, String schema, String table) {
        if (table == null) {
            return true;
        }
        boolean allowed = policy.allowTables().isEmpty()
                || policy.allowTables().stream().anyMatch(g -> CatalogVisibility.matches(g, schema, table));
        return allowed && policy.denyTables().stream().noneMatch(g -> CatalogVisibility.matches(g, schema, table));
    }

    @Override
    Statement owningStatement() {
        return null;
    }

    @Override
    public boolean next() throws SQLException {
        while (delegate.next()) {
            String schema = delegate.getString("TABLE_SCHEM");
            if (schema == null) {
                schema = delegate.getString("TABLE_CAT"); // MySQL and MariaDB name the database as the catalog
            }
            if (visible(policy, schema, delegate.getString("TABLE_NAME"))) {
                row++;
                return true;
            }
        }
        return false;
    }

    @Override
    public int getRow() {
        return row;
    }

    @Override
    public int getType() {
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    private static SQLException forwardOnly() {
        return new SQLFeatureNotSupportedException("this metadata result is forward only", "0A000");
    }

    @Override
    public boolean absolute(int r) throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean relative(int r) throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean previous() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean first() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean last() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public void afterLast() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean isLast() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, delegate, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Wrappers.isWrapperFor(this, delegate, iface);
    }
}
