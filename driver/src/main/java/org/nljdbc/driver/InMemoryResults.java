package org.nljdbc.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;

/** Small result sets made by the driver itself (SHOWSQL, EXPLAIN, RESET), on the JDK's CachedRowSet. */
final class InMemoryResults {
    private InMemoryResults() {
    }

    /** One row; values are strings or integers. */
    static ResultSet single(Statement owner, String[] columns, Object[] values) throws SQLException {
        RowSetMetaDataImpl md = new RowSetMetaDataImpl();
        md.setColumnCount(columns.length);
        for (int i = 0; i < columns.length; i++) {
            boolean number = values[i] instanceof Integer;
            md.setColumnName(i + 1, columns[i]);
            md.setColumnLabel(i + 1, columns[i]);
            md.setColumnType(i + 1, number ? Types.INTEGER : Types.VARCHAR);
            md.setColumnTypeName(i + 1, number ? "INTEGER" : "VARCHAR");
            md.setNullable(i + 1, java.sql.ResultSetMetaData.columnNullable);
            md.setColumnDisplaySize(i + 1, number ? 11 : Math.max(columns[i].length(),
                    Math.min(4000, values[i] == null ? 4 : values[i].toString().length())));
        }
        CachedRowSet rows = RowSetProvider.newFactory().createCachedRowSet();
        rows.setMetaData(md);
        rows.moveToInsertRow();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                rows.updateNull(i + 1);
            } else if (values[i] instanceof Integer n) {
                rows.updateInt(i + 1, n);
            } else {
                rows.updateString(i + 1, values[i].toString());
            }
        }
        rows.insertRow();
        rows.moveToCurrentRow();
        rows.beforeFirst();
        return new CachedResults(owner, rows);
    }

    /**
     * Any number of rows (NL EXAMPLES, NL STATS): a column is BIGINT when the first row holds a {@code Long} there,
     * else text; an empty list is an empty result with these columns.
     */
    static ResultSet rows(Statement owner, String[] columns, java.util.List<Object[]> rows) throws SQLException {
        RowSetMetaDataImpl md = new RowSetMetaDataImpl();
        md.setColumnCount(columns.length);
        for (int i = 0; i < columns.length; i++) {
            boolean number = !rows.isEmpty() && rows.get(0)[i] instanceof Long;
            md.setColumnName(i + 1, columns[i]);
            md.setColumnLabel(i + 1, columns[i]);
            md.setColumnType(i + 1, number ? Types.BIGINT : Types.VARCHAR);
            md.setColumnTypeName(i + 1, number ? "BIGINT" : "VARCHAR");
            md.setNullable(i + 1, java.sql.ResultSetMetaData.columnNullable);
            md.setColumnDisplaySize(i + 1, number ? 20 : 4000);
        }
        CachedRowSet set = RowSetProvider.newFactory().createCachedRowSet();
        set.setMetaData(md);
        for (Object[] row : rows) {
            set.moveToInsertRow();
            for (int i = 0; i < row.length; i++) {
                if (row[i] instanceof Long n) {
                    set.updateLong(i + 1, n);
                } else {
                    set.updateString(i + 1, row[i] == null ? null : row[i].toString());
                }
            }
            set.insertRow();
        }
        set.moveToCurrentRow();
        set.beforeFirst();
        return new CachedResults(owner, set);
    }

    /** Fills in what the JDK's CachedRowSet leaves "not yet supported" and tools such as sqlline call. */
    static final class CachedResults extends DelegatingResultSet {
        private final Statement owner;
        private boolean closed;

        CachedResults(Statement owner, CachedRowSet rows) {
            super(rows);
            this.owner = owner;
        }

        @Override
        Statement owningStatement() {
            return owner;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        /** CachedRowSet throws when asked for a row past the end; JDBC says {@code false}. */
        @Override
        public boolean next() throws SQLException {
            if (closed) {
                throw new SQLException("the result set is closed", "24000");
            }
            return !delegate.isAfterLast() && delegate.next();
        }

        @Override
        public void close() throws SQLException {
            closed = true;
            delegate.close();
        }

        @Override
        public int getHoldability() {
            return ResultSet.CLOSE_CURSORS_AT_COMMIT;
        }

        @Override
        public <T> T getObject(int column, Class<T> type) throws SQLException {
            return convert(delegate.getObject(column), type);
        }

        @Override
        public <T> T getObject(String column, Class<T> type) throws SQLException {
            return convert(delegate.getObject(column), type);
        }

        private static <T> T convert(Object value, Class<T> type) throws SQLException {
            if (value == null) {
                return null;
            }
            if (type.isInstance(value)) {
                return type.cast(value);
            }
            if (type == String.class) {
                return type.cast(value.toString());
            }
            if (value instanceof Number n && (type == Long.class || type == Integer.class)) {
                return type.cast(type == Long.class ? (Object) n.longValue() : (Object) n.intValue());
            }
            throw new SQLException("cannot convert " + value.getClass().getSimpleName() + " to " + type.getName(),
                    "22018");
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
}
