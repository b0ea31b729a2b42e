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
abstract class DelegatingResultSet implements ResultSet {
    final ResultSet delegate;

    DelegatingResultSet(ResultSet delegate) {
        this.delegate = delegate;
    }

    /** Wrapping hook. */
    abstract Statement owningStatement();

    @Override
    public boolean absolute(int p0) throws SQLException {
        return delegate.absolute(p0);
    }

    @Override
    public void afterLast() throws SQLException {
        delegate.afterLast();
    }

    @Override
    public void beforeFirst() throws SQLException {
        delegate.beforeFirst();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        delegate.cancelRowUpdates();
    }

    @Override
    public void clearWarnings() throws SQLException {
        delegate.clearWarnings();
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
    }

    @Override
    public void deleteRow() throws SQLException {
        delegate.deleteRow();
    }

    @Override
    public int findColumn(String p0) throws SQLException {
        return delegate.findColumn(p0);
    }

    @Override
    public boolean first() throws SQLException {
        return delegate.first();
    }

    @Override
    public Array getArray(String p0) throws SQLException {
        return delegate.getArray(p0);
    }

    @Override
    public Array getArray(int p0) throws SQLException {
        return delegate.getArray(p0);
    }

    @Override
    public InputStream getAsciiStream(String p0) throws SQLException {
        return delegate.getAsciiStream(p0);
    }

    @Override
    public InputStream getAsciiStream(int p0) throws SQLException {
        return delegate.getAsciiStream(p0);
    }

    @Override
    public BigDecimal getBigDecimal(String p0, int p1) throws SQLException {
        return delegate.getBigDecimal(p0, p1);
    }

    @Override
    public BigDecimal getBigDecimal(String p0) throws SQLException {
        return delegate.getBigDecimal(p0);
    }

    @Override
    public BigDecimal getBigDecimal(int p0, int p1) throws SQLException {
        return delegate.getBigDecimal(p0, p1);
    }

    @Override
    public BigDecimal getBigDecimal(int p0) throws SQLException {
        return delegate.getBigDecimal(p0);
    }

    @Override
    public InputStream getBinaryStream(String p0) throws SQLException {
        return delegate.getBinaryStream(p0);
    }

    @Override
    public InputStream getBinaryStream(int p0) throws SQLException {
        return delegate.getBinaryStream(p0);
    }

    @Override
    public Blob getBlob(String p0) throws SQLException {
        return delegate.getBlob(p0);
    }

    @Override
    public Blob getBlob(int p0) throws SQLException {
        return delegate.getBlob(p0);
    }

    @Override
    public boolean getBoolean(String p0) throws SQLException {
        return delegate.getBoolean(p0);
    }

    @Override
    public boolean getBoolean(int p0) throws SQLException {
        return delegate.getBoolean(p0);
    }

    @Override
    public byte getByte(String p0) throws SQLException {
        return delegate.getByte(p0);
    }

    @Override
    public byte getByte(int p0) throws SQLException {
        return delegate.getByte(p0);
    }

    @Override
    public byte[] getBytes(String p0) throws SQLException {
        return delegate.getBytes(p0);
    }

    @Override
    public byte[] getBytes(int p0) throws SQLException {
        return delegate.getBytes(p0);
    }

    @Override
    public Reader getCharacterStream(String p0) throws SQLException {
        return delegate.getCharacterStream(p0);
    }

    @Override
    public Reader getCharacterStream(int p0) throws SQLException {
        return delegate.getCharacterStream(p0);
    }

    @Override
    public Clob getClob(String p0) throws SQLException {
        return delegate.getClob(p0);
    }

    @Override
    public Clob getClob(int p0) throws SQLException {
        return delegate.getClob(p0);
    }

    @Override
    public int getConcurrency() throws SQLException {
        return delegate.getConcurrency();
    }

    @Override
    public String getCursorName() throws SQLException {
        return delegate.getCursorName();
    }

    @Override
    public Date getDate(String p0, Calendar p1) throws SQLException {
        return delegate.getDate(p0, p1);
    }

    @Override
    public Date getDate(String p0) throws SQLException {
        return delegate.getDate(p0);
    }

    @Override
    public Date getDate(int p0, Calendar p1) throws SQLException {
        return delegate.getDate(p0, p1);
    }

    @Override
    public Date getDate(int p0) throws SQLException {
        return delegate.getDate(p0);
    }

    @Override
    public double getDouble(String p0) throws SQLException {
        return delegate.getDouble(p0);
    }

    @Override
    public double getDouble(int p0) throws SQLException {
        return delegate.getDouble(p0);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return delegate.getFetchDirection();
    }

    @Override
    public int getFetchSize() throws SQLException {
        return delegate.getFetchSize();
    }

    @Override
    public float getFloat(String p0) throws SQLException {
        return delegate.getFloat(p0);
    }

    @Override
    public float getFloat(int p0) throws SQLException {
        return delegate.getFloat(p0);
    }

    @Override
    public int getHoldability() throws SQLException {
        return delegate.getHoldability();
    }

    @Override
    public int getInt(String p0) throws SQLException {
        return delegate.getInt(p0);
    }

    @Override
    public int getInt(int p0) throws SQLException {
        return delegate.getInt(p0);
    }

    @Override
    public long getLong(String p0) throws SQLException {
        return delegate.getLong(p0);
    }

    @Override
    public long getLong(int p0) throws SQLException {
        return delegate.getLong(p0);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return delegate.getMetaData();
    }

    @Override
    public Reader getNCharacterStream(String p0) throws SQLException {
        return delegate.getNCharacterStream(p0);
    }

    @Override
    public Reader getNCharacterStream(int p0) throws SQLException {
        return delegate.getNCharacterStream(p0);
    }

    @Override
    public NClob getNClob(String p0) throws SQLException {
        return delegate.getNClob(p0);
    }

    @Override
    public NClob getNClob(int p0) throws SQLException {
        return delegate.getNClob(p0);
    }

    @Override
    public String getNString(String p0) throws SQLException {
        return delegate.getNString(p0);
    }

    @Override
    public String getNString(int p0) throws SQLException {
        return delegate.getNString(p0);
    }

    @Override
    public <T> T getObject(String p0, Class<T> p1) throws SQLException {
        return delegate.getObject(p0, p1);
    }

    @Override
    public Object getObject(String p0, Map<String, Class<?>> p1) throws SQLException {
        return delegate.getObject(p0, p1);
    }

    @Override
    public Object getObject(String p0) throws SQLException {
        return delegate.getObject(p0);
    }

    @Override
    public <T> T getObject(int p0, Class<T> p1) throws SQLException {
        return delegate.getObject(p0, p1);
    }

    @Override
    public Object getObject(int p0, Map<String, Class<?>> p1) throws SQLException {
        return delegate.getObject(p0, p1);
    }

    @Override
    public Object getObject(int p0) throws SQLException {
        return delegate.getObject(p0);
    }

    @Override
    public Ref getRef(String p0) throws SQLException {
        return delegate.getRef(p0);
    }

    @Override
    public Ref getRef(int p0) throws SQLException {
        return delegate.getRef(p0);
    }

    @Override
    public int getRow() throws SQLException {
        return delegate.getRow();
    }

    @Override
    public RowId getRowId(String p0) throws SQLException {
        return delegate.getRowId(p0);
    }

    @Override
    public RowId getRowId(int p0) throws SQLException {
        return delegate.getRowId(p0);
    }

    @Override
    public SQLXML getSQLXML(String p0) throws SQLException {
        return delegate.getSQLXML(p0);
    }

    @Override
    public SQLXML getSQLXML(int p0) throws SQLException {
        return delegate.getSQLXML(p0);
    }

    @Override
    public short getShort(String p0) throws SQLException {
        return delegate.getShort(p0);
    }

    @Override
    public short getShort(int p0) throws SQLException {
        return delegate.getShort(p0);
    }

    @Override
    public Statement getStatement() throws SQLException {
        return owningStatement();
    }

    @Override
    public String getString(String p0) throws SQLException {
        return delegate.getString(p0);
    }

    @Override
    public String getString(int p0) throws SQLException {
        return delegate.getString(p0);
    }

    @Override
    public Time getTime(String p0, Calendar p1) throws SQLException {
        return delegate.getTime(p0, p1);
    }

    @Override
    public Time getTime(String p0) throws SQLException {
        return delegate.getTime(p0);
    }

    @Override
    public Time getTime(int p0, Calendar p1) throws SQLException {
        return delegate.getTime(p0, p1);
    }

    @Override
    public Time getTime(int p0) throws SQLException {
        return delegate.getTime(p0);
    }

    @Override
    public Timestamp getTimestamp(String p0, Calendar p1) throws SQLException {
        return delegate.getTimestamp(p0, p1);
    }

    @Override
    public Timestamp getTimestamp(String p0) throws SQLException {
        return delegate.getTimestamp(p0);
    }

    @Override
    public Timestamp getTimestamp(int p0, Calendar p1) throws SQLException {
        return delegate.getTimestamp(p0, p1);
    }

    @Override
    public Timestamp getTimestamp(int p0) throws SQLException {
        return delegate.getTimestamp(p0);
    }

    @Override
    public int getType() throws SQLException {
        return delegate.getType();
    }

    @Override
    public URL getURL(String p0) throws SQLException {
        return delegate.getURL(p0);
    }

    @Override
    public URL getURL(int p0) throws SQLException {
        return delegate.getURL(p0);
    }

    @Override
    public InputStream getUnicodeStream(String p0) throws SQLException {
        return delegate.getUnicodeStream(p0);
    }

    @Override
    public InputStream getUnicodeStream(int p0) throws SQLException {
        return delegate.getUnicodeStream(p0);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return delegate.getWarnings();
    }

    @Override
    public void insertRow() throws SQLException {
        delegate.insertRow();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        return delegate.isAfterLast();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        return delegate.isBeforeFirst();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public boolean isFirst() throws SQLException {
        return delegate.isFirst();
    }

    @Override
    public boolean isLast() throws SQLException {
        return delegate.isLast();
    }

    @Override
    public boolean last() throws SQLException {
        return delegate.last();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        delegate.moveToCurrentRow();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        delegate.moveToInsertRow();
    }

    @Override
    public boolean next() throws SQLException {
        return delegate.next();
    }

    @Override
    public boolean previous() throws SQLException {
        return delegate.previous();
    }

    @Override
    public void refreshRow() throws SQLException {
        delegate.refreshRow();
    }

    @Override
    public boolean relative(int p0) throws SQLException {
        return delegate.relative(p0);
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        return delegate.rowDeleted();
    }

    @Override
    public boolean rowInserted() throws SQLException {
        return delegate.rowInserted();
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        return delegate.rowUpdated();
    }

    @Override
    public void setFetchDirection(int p0) throws SQLException {
        delegate.setFetchDirection(p0);
    }

    @Override
    public void setFetchSize(int p0) throws SQLException {
        delegate.setFetchSize(p0);
    }

    @Override
    public void updateArray(String p0, Array p1) throws SQLException {
        delegate.updateArray(p0, p1);
    }

    @Override
    public void updateArray(int p0, Array p1) throws SQLException {
        delegate.updateArray(p0, p1);
    }

    @Override
    public void updateAsciiStream(String p0, InputStream p1, int p2) throws SQLException {
        delegate.updateAsciiStream(p0, p1, p2);
    }

    @Override
    public void updateAsciiStream(String p0, InputStream p1, long p2) throws SQLException {
        delegate.updateAsciiStream(p0, p1, p2);
    }

    @Override
    public void updateAsciiStream(String p0, InputStream p1) throws SQLException {
        delegate.updateAsciiStream(p0, p1);
    }

    @Override
    public void updateAsciiStream(int p0, InputStream p1, int p2) throws SQLException {
        delegate.updateAsciiStream(p0, p1, p2);
    }

    @Override
    public void updateAsciiStream(int p0, InputStream p1, long p2) throws SQLException {
        delegate.updateAsciiStream(p0, p1, p2);
    }

    @Override
    public void updateAsciiStream(int p0, InputStream p1) throws SQLException {
        delegate.updateAsciiStream(p0, p1);
    }

    @Override
    public void updateBigDecimal(String p0, BigDecimal p1) throws SQLException {
        delegate.updateBigDecimal(p0, p1);
    }

    @Override
    public void updateBigDecimal(int p0, BigDecimal p1) throws SQLException {
        delegate.updateBigDecimal(p0, p1);
    }

    @Override
    public void updateBinaryStream(String p0, InputStream p1, int p2) throws SQLException {
        delegate.updateBinaryStream(p0, p1, p2);
    }

    @Override
    public void updateBinaryStream(String p0, InputStream p1, long p2) throws SQLException {
        delegate.updateBinaryStream(p0, p1, p2);
    }

    @Override
    public void updateBinaryStream(String p0, InputStream p1) throws SQLException {
        delegate.updateBinaryStream(p0, p1);
    }

    @Override
    public void updateBinaryStream(int p0, InputStream p1, int p2) throws SQLException {
        delegate.updateBinaryStream(p0, p1, p2);
    }

    @Override
    public void updateBinaryStream(int p0, InputStream p1, long p2) throws SQLException {
        delegate.updateBinaryStream(p0, p1, p2);
    }

    @Override
    public void updateBinaryStream(int p0, InputStream p1) throws SQLException {
        delegate.updateBinaryStream(p0, p1);
    }

    @Override
    public void updateBlob(String p0, InputStream p1, long p2) throws SQLException {
        delegate.updateBlob(p0, p1, p2);
    }

    @Override
    public void updateBlob(String p0, InputStream p1) throws SQLException {
        delegate.updateBlob(p0, p1);
    }

    @Override
    public void updateBlob(String p0, Blob p1) throws SQLException {
        delegate.updateBlob(p0, p1);
    }

    @Override
    public void updateBlob(int p0, InputStream p1, long p2) throws SQLException {
        delegate.updateBlob(p0, p1, p2);
    }

    @Override
    public void updateBlob(int p0, InputStream p1) throws SQLException {
        delegate.updateBlob(p0, p1);
    }

    @Override
    public void updateBlob(int p0, Blob p1) throws SQLException {
        delegate.updateBlob(p0, p1);
    }

    @Override
    public void updateBoolean(String p0, boolean p1) throws SQLException {
        delegate.updateBoolean(p0, p1);
    }

    @Override
    public void updateBoolean(int p0, boolean p1) throws SQLException {
        delegate.updateBoolean(p0, p1);
    }

    @Override
    public void updateByte(String p0, byte p1) throws SQLException {
        delegate.updateByte(p0, p1);
    }

    @Override
    public void updateByte(int p0, byte p1) throws SQLException {
        delegate.updateByte(p0, p1);
    }

    @Override
    public void updateBytes(String p0, byte[] p1) throws SQLException {
        delegate.updateBytes(p0, p1);
    }

    @Override
    public void updateBytes(int p0, byte[] p1) throws SQLException {
        delegate.updateBytes(p0, p1);
    }

    @Override
    public void updateCharacterStream(String p0, Reader p1, int p2) throws SQLException {
        delegate.updateCharacterStream(p0, p1, p2);
    }

    @Override
    public void updateCharacterStream(String p0, Reader p1, long p2) throws SQLException {
        delegate.updateCharacterStream(p0, p1, p2);
    }

    @Override
    public void updateCharacterStream(String p0, Reader p1) throws SQLException {
        delegate.updateCharacterStream(p0, p1);
    }

    @Override
    public void updateCharacterStream(int p0, Reader p1, int p2) throws SQLException {
        delegate.updateCharacterStream(p0, p1, p2);
    }

    @Override
    public void updateCharacterStream(int p0, Reader p1, long p2) throws SQLException {
        delegate.updateCharacterStream(p0, p1, p2);
    }

    @Override
    public void updateCharacterStream(int p0, Reader p1) throws SQLException {
        delegate.updateCharacterStream(p0, p1);
    }

    @Override
    public void updateClob(String p0, Reader p1, long p2) throws SQLException {
        delegate.updateClob(p0, p1, p2);
    }

    @Override
    public void updateClob(String p0, Reader p1) throws SQLException {
        delegate.updateClob(p0, p1);
    }

    @Override
    public void updateClob(String p0, Clob p1) throws SQLException {
        delegate.updateClob(p0, p1);
    }

    @Override
    public void updateClob(int p0, Reader p1, long p2) throws SQLException {
        delegate.updateClob(p0, p1, p2);
    }

    @Override
    public void updateClob(int p0, Reader p1) throws SQLException {
        delegate.updateClob(p0, p1);
    }

    @Override
    public void updateClob(int p0, Clob p1) throws SQLException {
        delegate.updateClob(p0, p1);
    }

    @Override
    public void updateDate(String p0, Date p1) throws SQLException {
        delegate.updateDate(p0, p1);
    }

    @Override
    public void updateDate(int p0, Date p1) throws SQLException {
        delegate.updateDate(p0, p1);
    }

    @Override
    public void updateDouble(String p0, double p1) throws SQLException {
        delegate.updateDouble(p0, p1);
    }

    @Override
    public void updateDouble(int p0, double p1) throws SQLException {
        delegate.updateDouble(p0, p1);
    }

    @Override
    public void updateFloat(String p0, float p1) throws SQLException {
        delegate.updateFloat(p0, p1);
    }

    @Override
    public void updateFloat(int p0, float p1) throws SQLException {
        delegate.updateFloat(p0, p1);
    }

    @Override
    public void updateInt(String p0, int p1) throws SQLException {
        delegate.updateInt(p0, p1);
    }

    @Override
    public void updateInt(int p0, int p1) throws SQLException {
        delegate.updateInt(p0, p1);
    }

    @Override
    public void updateLong(String p0, long p1) throws SQLException {
        delegate.updateLong(p0, p1);
    }

    @Override
    public void updateLong(int p0, long p1) throws SQLException {
        delegate.updateLong(p0, p1);
    }

    @Override
    public void updateNCharacterStream(String p0, Reader p1, long p2) throws SQLException {
        delegate.updateNCharacterStream(p0, p1, p2);
    }

    @Override
    public void updateNCharacterStream(String p0, Reader p1) throws SQLException {
        delegate.updateNCharacterStream(p0, p1);
    }

    @Override
    public void updateNCharacterStream(int p0, Reader p1, long p2) throws SQLException {
        delegate.updateNCharacterStream(p0, p1, p2);
    }

    @Override
    public void updateNCharacterStream(int p0, Reader p1) throws SQLException {
        delegate.updateNCharacterStream(p0, p1);
    }

    @Override
    public void updateNClob(String p0, Reader p1, long p2) throws SQLException {
        delegate.updateNClob(p0, p1, p2);
    }

    @Override
    public void updateNClob(String p0, Reader p1) throws SQLException {
        delegate.updateNClob(p0, p1);
    }

    @Override
    public void updateNClob(String p0, NClob p1) throws SQLException {
        delegate.updateNClob(p0, p1);
    }

    @Override
    public void updateNClob(int p0, Reader p1, long p2) throws SQLException {
        delegate.updateNClob(p0, p1, p2);
    }

    @Override
    public void updateNClob(int p0, Reader p1) throws SQLException {
        delegate.updateNClob(p0, p1);
    }

    @Override
    public void updateNClob(int p0, NClob p1) throws SQLException {
        delegate.updateNClob(p0, p1);
    }

    @Override
    public void updateNString(String p0, String p1) throws SQLException {
        delegate.updateNString(p0, p1);
    }

    @Override
    public void updateNString(int p0, String p1) throws SQLException {
        delegate.updateNString(p0, p1);
    }

    @Override
    public void updateNull(String p0) throws SQLException {
        delegate.updateNull(p0);
    }

    @Override
    public void updateNull(int p0) throws SQLException {
        delegate.updateNull(p0);
    }

    @Override
    public void updateObject(String p0, Object p1, int p2) throws SQLException {
        delegate.updateObject(p0, p1, p2);
    }

    @Override
    public void updateObject(String p0, Object p1, SQLType p2, int p3) throws SQLException {
        delegate.updateObject(p0, p1, p2, p3);
    }

    @Override
    public void updateObject(String p0, Object p1, SQLType p2) throws SQLException {
        delegate.updateObject(p0, p1, p2);
    }

    @Override
    public void updateObject(String p0, Object p1) throws SQLException {
        delegate.updateObject(p0, p1);
    }

    @Override
    public void updateObject(int p0, Object p1, int p2) throws SQLException {
        delegate.updateObject(p0, p1, p2);
    }

    @Override
    public void updateObject(int p0, Object p1, SQLType p2, int p3) throws SQLException {
        delegate.updateObject(p0, p1, p2, p3);
    }

    @Override
    public void updateObject(int p0, Object p1, SQLType p2) throws SQLException {
        delegate.updateObject(p0, p1, p2);
    }

    @Override
    public void updateObject(int p0, Object p1) throws SQLException {
        delegate.updateObject(p0, p1);
    }

    @Override
    public void updateRef(String p0, Ref p1) throws SQLException {
        delegate.updateRef(p0, p1);
    }

    @Override
    public void updateRef(int p0, Ref p1) throws SQLException {
        delegate.updateRef(p0, p1);
    }

    @Override
    public void updateRow() throws SQLException {
        delegate.updateRow();
    }

    @Override
    public void updateRowId(String p0, RowId p1) throws SQLException {
        delegate.updateRowId(p0, p1);
    }

    @Override
    public void updateRowId(int p0, RowId p1) throws SQLException {
        delegate.updateRowId(p0, p1);
    }

    @Override
    public void updateSQLXML(String p0, SQLXML p1) throws SQLException {
        delegate.updateSQLXML(p0, p1);
    }

    @Override
    public void updateSQLXML(int p0, SQLXML p1) throws SQLException {
        delegate.updateSQLXML(p0, p1);
    }

    @Override
    public void updateShort(String p0, short p1) throws SQLException {
        delegate.updateShort(p0, p1);
    }

    @Override
    public void updateShort(int p0, short p1) throws SQLException {
        delegate.updateShort(p0, p1);
    }

    @Override
    public void updateString(String p0, String p1) throws SQLException {
        delegate.updateString(p0, p1);
    }

    @Override
    public void updateString(int p0, String p1) throws SQLException {
        delegate.updateString(p0, p1);
    }

    @Override
    public void updateTime(String p0, Time p1) throws SQLException {
        delegate.updateTime(p0, p1);
    }

    @Override
    public void updateTime(int p0, Time p1) throws SQLException {
        delegate.updateTime(p0, p1);
    }

    @Override
    public void updateTimestamp(String p0, Timestamp p1) throws SQLException {
        delegate.updateTimestamp(p0, p1);
    }

    @Override
    public void updateTimestamp(int p0, Timestamp p1) throws SQLException {
        delegate.updateTimestamp(p0, p1);
    }

    @Override
    public boolean wasNull() throws SQLException {
        return delegate.wasNull();
    }

}
