// Generated once from java.sql.PreparedStatement of Java 17, then kept by hand.
package org.nljdbc.driver;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.*;
import java.util.Calendar;

/** A prepared statement with no parameters: every parameter setter fails as for an index out of range. */
@SuppressWarnings({"deprecation", "unused"})
abstract class ParameterlessPreparedStatement extends NlStatement implements PreparedStatement {

    ParameterlessPreparedStatement(NlConnection connection, Statement delegate) {
        super(connection, delegate);
    }

    static SQLException noParameter(int index) {
        return new SQLException("parameter index " + index + " is out of range: NL statements take no parameters", "07009");
    }

    @Override
    public void setArray(int p0, Array p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setAsciiStream(int p0, InputStream p1, int p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setAsciiStream(int p0, InputStream p1, long p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setAsciiStream(int p0, InputStream p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setBigDecimal(int p0, BigDecimal p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setBinaryStream(int p0, InputStream p1, int p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setBinaryStream(int p0, InputStream p1, long p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setBinaryStream(int p0, InputStream p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setBlob(int p0, InputStream p1, long p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setBlob(int p0, InputStream p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setBlob(int p0, Blob p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setBoolean(int p0, boolean p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setByte(int p0, byte p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setBytes(int p0, byte[] p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setCharacterStream(int p0, Reader p1, int p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setCharacterStream(int p0, Reader p1, long p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setCharacterStream(int p0, Reader p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setClob(int p0, Reader p1, long p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setClob(int p0, Reader p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setClob(int p0, Clob p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setDate(int p0, Date p1, Calendar p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setDate(int p0, Date p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setDouble(int p0, double p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setFloat(int p0, float p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setInt(int p0, int p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setLong(int p0, long p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setNCharacterStream(int p0, Reader p1, long p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setNCharacterStream(int p0, Reader p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setNClob(int p0, Reader p1, long p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setNClob(int p0, Reader p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setNClob(int p0, NClob p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setNString(int p0, String p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setNull(int p0, int p1, String p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setNull(int p0, int p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setObject(int p0, Object p1, int p2, int p3) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setObject(int p0, Object p1, int p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setObject(int p0, Object p1, SQLType p2, int p3) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setObject(int p0, Object p1, SQLType p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setObject(int p0, Object p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setRef(int p0, Ref p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setRowId(int p0, RowId p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setSQLXML(int p0, SQLXML p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setShort(int p0, short p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setString(int p0, String p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setTime(int p0, Time p1, Calendar p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setTime(int p0, Time p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setTimestamp(int p0, Timestamp p1, Calendar p2) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setTimestamp(int p0, Timestamp p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setURL(int p0, URL p1) throws SQLException {
        throw noParameter(p0);
    }

    @Override
    public void setUnicodeStream(int p0, InputStream p1, int p2) throws SQLException {
        throw noParameter(p0);
    }

}
