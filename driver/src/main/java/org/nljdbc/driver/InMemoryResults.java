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
            md.setNullable(i + 1, ResultSetMetaDataNullable.NULLABLE);
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
        return new NlResultSet(owner, rows, null, 0);
    }

    private static final class ResultSetMetaDataNullable {
        static final int NULLABLE = java.sql.ResultSetMetaData.columnNullable;
    }
}
