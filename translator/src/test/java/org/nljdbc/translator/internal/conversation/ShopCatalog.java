package org.nljdbc.translator.internal.conversation;

import java.sql.Types;
import java.util.List;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.ForeignKey;
import org.nljdbc.translator.internal.catalog.TableInfo;

/** The demo shop's tables as a catalog, for tests that need no database. */
final class ShopCatalog {
    private ShopCatalog() {
    }

    static Catalog create() {
        return new Catalog("PostgreSQL", "16", List.of(
                table("regions", List.of(id(), text("name")), List.of()),
                table("countries", List.of(id(), text("name"), integer("region_id")),
                        List.of(fk("countries", "region_id", "regions"))),
                table("customers", List.of(id(), text("first_name"), text("last_name"), text("city"),
                        integer("country_id"), date("signup_date")), List.of(fk("customers", "country_id", "countries"))),
                table("categories", List.of(id(), text("name")), List.of()),
                table("suppliers", List.of(id(), text("name"), integer("country_id")),
                        List.of(fk("suppliers", "country_id", "countries"))),
                table("products", List.of(id(), text("name"), integer("category_id"), integer("supplier_id"),
                        decimal("price")), List.of(fk("products", "category_id", "categories"),
                        fk("products", "supplier_id", "suppliers"))),
                table("orders", List.of(id(), integer("customer_id"), date("order_date"), text("status"),
                        decimal("total_amount")), List.of(fk("orders", "customer_id", "customers"))),
                table("order_items", List.of(id(), integer("order_id"), integer("product_id"), integer("quantity"),
                        decimal("unit_price")), List.of(fk("order_items", "order_id", "orders"),
                        fk("order_items", "product_id", "products")))));
    }

    private static TableInfo table(String name, List<ColumnInfo> columns, List<ForeignKey> fks) {
        return new TableInfo("public", name, "TABLE", null, columns, List.of("id"), fks, -1);
    }

    private static ForeignKey fk(String from, String column, String to) {
        return new ForeignKey("fk_" + from + "_" + column, from, List.of(column), to, List.of("id"));
    }

    private static ColumnInfo id() {
        return integer("id");
    }

    private static ColumnInfo integer(String name) {
        return new ColumnInfo(name, "int4", Types.INTEGER, false);
    }

    private static ColumnInfo decimal(String name) {
        return new ColumnInfo(name, "numeric", Types.NUMERIC, false);
    }

    private static ColumnInfo text(String name) {
        return new ColumnInfo(name, "varchar", Types.VARCHAR, true);
    }

    private static ColumnInfo date(String name) {
        return new ColumnInfo(name, "date", Types.DATE, false);
    }
}
