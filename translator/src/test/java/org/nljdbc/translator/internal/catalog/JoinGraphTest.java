package org.nljdbc.translator.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Types;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JoinGraphTest {
    private static TableInfo table(String name, ForeignKey... keys) {
        return new TableInfo(null, name, "TABLE", null, List.of(new ColumnInfo("id", "INTEGER", Types.INTEGER, false)),
                List.of("id"), List.of(keys), -1);
    }

    private static ForeignKey fk(String from, String column, String to) {
        return new ForeignKey(null, from, List.of(column), to, List.of("id"));
    }

    // orders -> customers -> region, orders -> suppliers -> region; products alone
    private static final Catalog SHOP = new Catalog("H2", "2", List.of(
            table("region"),
            table("customers", fk("customers", "region_id", "region")),
            table("suppliers", fk("suppliers", "region_id", "region")),
            table("orders", fk("orders", "customer_id", "customers"), fk("orders", "supplier_id", "suppliers")),
            table("products")));

    private static TableInfo t(String name) {
        return SHOP.table(name).orElseThrow();
    }

    @Test
    void oneShortestPathIsUniqueWithItsSteps() {
        JoinGraph.Unique u = assertInstanceOf(JoinGraph.Unique.class, SHOP.joinGraph().path(t("orders"), t("customers")));
        assertEquals(1, u.steps().size());
        JoinGraph.Step s = u.steps().get(0);
        assertSame(t("orders"), s.from());
        assertSame(t("customers"), s.to());
        assertTrue(s.forward());
        assertEquals(List.of("customer_id"), s.fromColumns());
        assertEquals(List.of("id"), s.toColumns());
        JoinGraph.Unique back = assertInstanceOf(JoinGraph.Unique.class,
                SHOP.joinGraph().path(t("customers"), t("orders")));
        assertEquals(List.of("id"), back.steps().get(0).fromColumns());
        assertTrue(!back.steps().get(0).forward());
    }

    @Test
    void twoEquallyShortPathsAreAmbiguousAndNamed() {
        JoinGraph.Ambiguous a = assertInstanceOf(JoinGraph.Ambiguous.class,
                SHOP.joinGraph().path(t("orders"), t("region")));
        assertEquals(2, a.count());
        assertEquals(2, a.examples().size());
        assertSame(t("customers"), a.examples().get(0).get(0).to());
        assertSame(t("suppliers"), a.examples().get(1).get(0).to());
    }

    @Test
    void aStartNearerThanTheOthersDecides() {
        JoinGraph.Unique u = assertInstanceOf(JoinGraph.Unique.class,
                SHOP.joinGraph().path(List.of(t("orders"), t("customers")), t("region")));
        assertEquals(1, u.steps().size());
        assertSame(t("customers"), u.steps().get(0).from());
        assertEquals(List.of(), assertInstanceOf(JoinGraph.Unique.class,
                SHOP.joinGraph().path(t("region"), t("region"))).steps());
    }

    @Test
    void unconnectedTablesHaveNone() {
        assertInstanceOf(JoinGraph.None.class, SHOP.joinGraph().path(t("orders"), t("products")));
        assertInstanceOf(JoinGraph.None.class, SHOP.joinGraph().path(t("orders"), table("elsewhere")));
    }

    @Test
    void nearestTakesTheFirstShortestPathWithinTheHops() {
        JoinGraph g = SHOP.joinGraph();
        int orders = SHOP.tables().indexOf(t("orders"));
        int region = SHOP.tables().indexOf(t("region"));
        int customers = SHOP.tables().indexOf(t("customers"));
        assertEquals(List.of(customers), g.nearest(orders, Set.of(region), 2));
        assertNull(g.nearest(orders, Set.of(region), 1));
        assertEquals(List.of(), g.nearest(customers, Set.of(region), 1));
        assertSame(g, SHOP.joinGraph());
        int[] comp = g.components();
        assertEquals(comp[orders], comp[region]);
        assertTrue(comp[orders] != comp[SHOP.tables().indexOf(t("products"))]);
    }

    @Test
    void aKeyReferencingOneColumnTwiceIsMerged() {
        ForeignKey merged = new ForeignKey(null, "friend", List.of("student_id", "friend_id"), "student",
                List.of("id", "id"));
        Catalog c = new Catalog("H2", "2", List.of(table("student"), table("friend", merged)));
        JoinGraph.Unique u = assertInstanceOf(JoinGraph.Unique.class,
                c.joinGraph().path(c.table("friend").orElseThrow(), c.table("student").orElseThrow()));
        assertTrue(u.steps().get(0).merged());
        assertTrue(!SHOP.joinGraph().path(t("orders"), t("customers")).equals(u));
    }
}
