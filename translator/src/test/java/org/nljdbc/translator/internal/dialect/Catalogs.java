package org.nljdbc.translator.internal.dialect;

import java.sql.Types;
import java.util.List;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/** Small catalogs for the dialect tests. */
final class Catalogs {
    private Catalogs() {
    }

    /** orders(id, customer_id, total, status) of 1000 rows and customers(id, name, city) of 200. */
    static Catalog shop(String product) {
        return new Catalog(product, "test", List.of(
                new TableInfo(null, "orders", "TABLE", null, List.of(
                        new ColumnInfo("id", "INTEGER", Types.INTEGER, false),
                        new ColumnInfo("customer_id", "INTEGER", Types.INTEGER, true),
                        new ColumnInfo("total", "DECIMAL", Types.DECIMAL, true),
                        new ColumnInfo("status", "VARCHAR", Types.VARCHAR, true)), List.of("id"), List.of(), 1000),
                new TableInfo(null, "customers", "TABLE", null, List.of(
                        new ColumnInfo("id", "INTEGER", Types.INTEGER, false),
                        new ColumnInfo("name", "VARCHAR", Types.VARCHAR, true),
                        new ColumnInfo("city", "VARCHAR", Types.VARCHAR, true)), List.of("id"), List.of(), 200)));
    }

    /** The same tables as Oracle and Snowflake store unquoted names: upper case. */
    static Catalog upperCaseShop(String product) {
        return new Catalog(product, "test", List.of(
                new TableInfo("SALES", "ORDERS", "TABLE", null, List.of(
                        new ColumnInfo("ID", "NUMBER", Types.INTEGER, false),
                        new ColumnInfo("CUSTOMER_ID", "NUMBER", Types.INTEGER, true),
                        new ColumnInfo("TOTAL", "NUMBER", Types.DECIMAL, true)), List.of("ID"), List.of(), 1000)));
    }
}
