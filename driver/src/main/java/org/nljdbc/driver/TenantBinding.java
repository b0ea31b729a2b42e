package org.nljdbc.driver;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/** Binds the tenant filter's parameters the guard added ({@code nl.tenant.value}) as the tenant column's own type. */
final class TenantBinding {
    private TenantBinding() {
    }

    /** The JDBC type of the tenant column where the catalog has it, so the value binds as that type. */
    static int tenantColumnType(NlConnection connection) throws SQLException {
        String column = connection.runtime.policy.tenantColumn();
        if (column == null) {
            return java.sql.Types.VARCHAR;
        }
        for (org.nljdbc.translator.internal.catalog.TableInfo t : connection.guardCatalog().tables()) {
            Optional<org.nljdbc.translator.internal.catalog.ColumnInfo> c = t.column(column);
            if (c.isPresent()) {
                return c.get().jdbcType();
            }
        }
        return java.sql.Types.VARCHAR;
    }

    /** Binds the tenant value (configured as text) as the column's own type: PostgreSQL will not compare int to text. */
    static void bindTenantValue(PreparedStatement ps, int index, Object value, int jdbcType) throws SQLException {
        String text = String.valueOf(value);
        try {
            switch (jdbcType) {
                case java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER ->
                        ps.setInt(index, Integer.parseInt(text.trim()));
                case java.sql.Types.BIGINT -> ps.setLong(index, Long.parseLong(text.trim()));
                case java.sql.Types.NUMERIC, java.sql.Types.DECIMAL ->
                        ps.setBigDecimal(index, new java.math.BigDecimal(text.trim()));
                default -> {
                    if (value instanceof String) {
                        ps.setString(index, text);
                    } else {
                        ps.setObject(index, value);
                    }
                }
            }
        } catch (NumberFormatException e) {
            throw new SQLException("nl.tenant.value \"" + text + "\" is not a valid value for the numeric tenant column",
                    "22018", e);
        }
    }
}
