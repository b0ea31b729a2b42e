// Generated once from the java.sql interfaces of Java 17, then kept by hand: every method delegates,
// and every value that is itself a JDBC object goes through a wrapping hook so callers never see a raw delegate.
package org.nljdbc.driver;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.*;
import java.util.Calendar;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

@SuppressWarnings({"deprecation", "unused"})
abstract class DelegatingPreparedStatement extends NlStatement implements PreparedStatement {
    final PreparedStatement preparedStatement;

    DelegatingPreparedStatement(NlConnection connection, PreparedStatement delegate) {
        super(connection, delegate);
        this.preparedStatement = delegate;
    }

    @Override
    public void addBatch() throws SQLException {
        preparedStatement.addBatch();
    }

    @Override
    public void clearParameters() throws SQLException {
        preparedStatement.clearParameters();
    }

    @Override
    public boolean execute() throws SQLException {
        return preparedStatement.execute();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return preparedStatement.executeLargeUpdate();
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return wrapResultSet(preparedStatement.executeQuery());
    }

    @Override
    public int executeUpdate() throws SQLException {
        return preparedStatement.executeUpdate();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return preparedStatement.getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return preparedStatement.getParameterMetaData();
    }

    @Override
    public void setArray(int p0, Array p1) throws SQLException {
        preparedStatement.setArray(p0, p1);
    }

    @Override
    public void setAsciiStream(int p0, InputStream p1, int p2) throws SQLException {
        preparedStatement.setAsciiStream(p0, p1, p2);
    }

    @Override
    public void setAsciiStream(int p0, InputStream p1, long p2) throws SQLException {
        preparedStatement.setAsciiStream(p0, p1, p2);
    }

    @Override
    public void setAsciiStream(int p0, InputStream p1) throws SQLException {
        preparedStatement.setAsciiStream(p0, p1);
    }

    @Override
    public void setBigDecimal(int p0, BigDecimal p1) throws SQLException {
        preparedStatement.setBigDecimal(p0, p1);
    }

    @Override
    public void setBinaryStream(int p0, InputStream p1, int p2) throws SQLException {
        preparedStatement.setBinaryStream(p0, p1, p2);
    }

    @Override
    public void setBinaryStream(int p0, InputStream p1, long p2) throws SQLException {
        preparedStatement.setBinaryStream(p0, p1, p2);
    }

    @Override
    public void setBinaryStream(int p0, InputStream p1) throws SQLException {
        preparedStatement.setBinaryStream(p0, p1);
    }

    @Override
    public void setBlob(int p0, InputStream p1, long p2) throws SQLException {
        preparedStatement.setBlob(p0, p1, p2);
    }

    @Override
    public void setBlob(int p0, InputStream p1) throws SQLException {
        preparedStatement.setBlob(p0, p1);
    }

    @Override
    public void setBlob(int p0, Blob p1) throws SQLException {
        preparedStatement.setBlob(p0, p1);
    }

    @Override
    public void setBoolean(int p0, boolean p1) throws SQLException {
        preparedStatement.setBoolean(p0, p1);
    }

    @Override
    public void setByte(int p0, byte p1) throws SQLException {
        preparedStatement.setByte(p0, p1);
    }

    @Override
    public void setBytes(int p0, byte[] p1) throws SQLException {
        preparedStatement.setBytes(p0, p1);
    }

    @Override
    public void setCharacterStream(int p0, Reader p1, int p2) throws SQLException {
        preparedStatement.setCharacterStream(p0, p1, p2);
    }

    @Override
    public void setCharacterStream(int p0, Reader p1, long p2) throws SQLException {
        preparedStatement.setCharacterStream(p0, p1, p2);
    }

    @Override
    public void setCharacterStream(int p0, Reader p1) throws SQLException {
        preparedStatement.setCharacterStream(p0, p1);
    }

    @Override
    public void setClob(int p0, Reader p1, long p2) throws SQLException {
        preparedStatement.setClob(p0, p1, p2);
    }

    @Override
    public void setClob(int p0, Reader p1) throws SQLException {
        preparedStatement.setClob(p0, p1);
    }

    @Override
    public void setClob(int p0, Clob p1) throws SQLException {
        preparedStatement.setClob(p0, p1);
    }

    @Override
    public void setDate(int p0, Date p1, Calendar p2) throws SQLException {
        preparedStatement.setDate(p0, p1, p2);
    }

    @Override
    public void setDate(int p0, Date p1) throws SQLException {
        preparedStatement.setDate(p0, p1);
    }

    @Override
    public void setDouble(int p0, double p1) throws SQLException {
        preparedStatement.setDouble(p0, p1);
    }

    @Override
    public void setFloat(int p0, float p1) throws SQLException {
        preparedStatement.setFloat(p0, p1);
    }

    @Override
    public void setInt(int p0, int p1) throws SQLException {
        preparedStatement.setInt(p0, p1);
    }

    @Override
    public void setLong(int p0, long p1) throws SQLException {
        preparedStatement.setLong(p0, p1);
    }

    @Override
    public void setNCharacterStream(int p0, Reader p1, long p2) throws SQLException {
        preparedStatement.setNCharacterStream(p0, p1, p2);
    }

    @Override
    public void setNCharacterStream(int p0, Reader p1) throws SQLException {
        preparedStatement.setNCharacterStream(p0, p1);
    }

    @Override
    public void setNClob(int p0, Reader p1, long p2) throws SQLException {
        preparedStatement.setNClob(p0, p1, p2);
    }

    @Override
    public void setNClob(int p0, Reader p1) throws SQLException {
        preparedStatement.setNClob(p0, p1);
    }

    @Override
    public void setNClob(int p0, NClob p1) throws SQLException {
        preparedStatement.setNClob(p0, p1);
    }

    @Override
    public void setNString(int p0, String p1) throws SQLException {
        preparedStatement.setNString(p0, p1);
    }

    @Override
    public void setNull(int p0, int p1, String p2) throws SQLException {
        preparedStatement.setNull(p0, p1, p2);
    }

    @Override
    public void setNull(int p0, int p1) throws SQLException {
        preparedStatement.setNull(p0, p1);
    }

    @Override
    public void setObject(int p0, Object p1, int p2, int p3) throws SQLException {
        preparedStatement.setObject(p0, p1, p2, p3);
    }

    @Override
    public void setObject(int p0, Object p1, int p2) throws SQLException {
        preparedStatement.setObject(p0, p1, p2);
    }

    @Override
    public void setObject(int p0, Object p1, SQLType p2, int p3) throws SQLException {
        preparedStatement.setObject(p0, p1, p2, p3);
    }

    @Override
    public void setObject(int p0, Object p1, SQLType p2) throws SQLException {
        preparedStatement.setObject(p0, p1, p2);
    }

    @Override
    public void setObject(int p0, Object p1) throws SQLException {
        preparedStatement.setObject(p0, p1);
    }

    @Override
    public void setRef(int p0, Ref p1) throws SQLException {
        preparedStatement.setRef(p0, p1);
    }

    @Override
    public void setRowId(int p0, RowId p1) throws SQLException {
        preparedStatement.setRowId(p0, p1);
    }

    @Override
    public void setSQLXML(int p0, SQLXML p1) throws SQLException {
        preparedStatement.setSQLXML(p0, p1);
    }

    @Override
    public void setShort(int p0, short p1) throws SQLException {
        preparedStatement.setShort(p0, p1);
    }

    @Override
    public void setString(int p0, String p1) throws SQLException {
        preparedStatement.setString(p0, p1);
    }

    @Override
    public void setTime(int p0, Time p1, Calendar p2) throws SQLException {
        preparedStatement.setTime(p0, p1, p2);
    }

    @Override
    public void setTime(int p0, Time p1) throws SQLException {
        preparedStatement.setTime(p0, p1);
    }

    @Override
    public void setTimestamp(int p0, Timestamp p1, Calendar p2) throws SQLException {
        preparedStatement.setTimestamp(p0, p1, p2);
    }

    @Override
    public void setTimestamp(int p0, Timestamp p1) throws SQLException {
        preparedStatement.setTimestamp(p0, p1);
    }

    @Override
    public void setURL(int p0, URL p1) throws SQLException {
        preparedStatement.setURL(p0, p1);
    }

    @Override
    public void setUnicodeStream(int p0, InputStream p1, int p2) throws SQLException {
        preparedStatement.setUnicodeStream(p0, p1, p2);
    }

}
