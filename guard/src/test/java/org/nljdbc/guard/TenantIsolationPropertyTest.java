package org.nljdbc.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Under a tenant policy, every accepted text reads each tenant table (orders, order_items) only through
 * {@code SELECT ... FROM t WHERE tenant_id = ?}, whatever the query around it, and binds one value per marker.
 */
class TenantIsolationPropertyTest {
    private static final Set<String> TENANT_TABLES = Set.of("orders", "order_items");
    private static final SqlGuard GUARD = new SqlGuard(new Policy(1000, List.of(), List.of(), List.of(), "tenant_id",
            "t1", false));
    private static final List<String[]> SEEDS = CorpusFixture.read("legitimate.tsv", 2).stream()
            .filter(f -> !f[0].equals("MYSQL") && !f[0].equals("MARIADB")) // JSqlParser's finder below reads standard quoting
            .toList();

    @Provide
    Arbitrary<String[]> queries() {
        Arbitrary<String[]> seed = Arbitraries.of(SEEDS);
        return Arbitraries.oneOf(seed,
                seed.map(f -> new String[] {f[0], "SELECT * FROM (" + f[1].replaceAll(";\\s*$", "") + ") AS q"}),
                seed.map(f -> new String[] {f[0], "WITH w AS (SELECT * FROM orders) SELECT count(*) FROM w"}),
                seed.map(f -> new String[] {f[0], "SELECT id FROM orders WHERE id IN (SELECT order_id FROM order_items) "
                        + "UNION ALL SELECT id FROM products"}));
    }

    @Property(tries = 300, seed = "20261123")
    void everyTenantTableIsReadThroughItsFilter(@ForAll("queries") String[] q) throws Exception {
        Verdict v = GUARD.check(q[1], Dialect.valueOf(q[0]), CorpusFixture.SCHEMA);
        if (!(v instanceof Verdict.Accepted a)) {
            return; // refusing is always safe (tables outside the visible schema are refused under tenant rules)
        }
        Statement st = CCJSqlParserUtil.parse(a.sql(), p -> p.withSquareBracketQuotation(q[0].equals("SQLSERVER")));
        Set<Object> filtered = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Table> tenantTables = new ArrayList<>();
        int markers = 0;
        for (Object n : AstTree.allNodes(st)) {
            if (n instanceof PlainSelect ps && ps.getFromItem() instanceof Table t && (ps.getJoins() == null || ps.getJoins().isEmpty())
                    && ps.getWhere() instanceof EqualsTo eq && eq.getLeftExpression() instanceof Column c
                    && c.getColumnName().equalsIgnoreCase("tenant_id") && eq.getRightExpression() instanceof JdbcParameter) {
                filtered.add(t);
            }
            if (n instanceof Table t && TENANT_TABLES.contains(Identifiers.unquote(t.getName()).toLowerCase(Locale.ROOT))) {
                tenantTables.add(t);
            }
            if (n instanceof JdbcParameter) {
                markers++;
            }
        }
        for (Table t : tenantTables) {
            assertTrue(filtered.contains(t), () -> t + " read without its tenant filter in " + a.sql());
        }
        assertEquals(markers, a.parameters().size(), a.sql());
        assertTrue(a.parameters().stream().allMatch("t1"::equals));
    }
}
