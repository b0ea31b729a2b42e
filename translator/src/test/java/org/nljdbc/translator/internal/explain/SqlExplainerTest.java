package org.nljdbc.translator.internal.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

class SqlExplainerTest {
    private static final Catalog CATALOG = new Catalog("H2", "2", List.of(
            new TableInfo(null, "events", "TABLE", null, List.of(new ColumnInfo("id", "INTEGER", Types.INTEGER, false),
                    new ColumnInfo("kind", "VARCHAR", Types.VARCHAR, true)), List.of("id"), List.of(), 5_000_000),
            new TableInfo(null, "kinds", "TABLE", null, List.of(new ColumnInfo("name", "VARCHAR", Types.VARCHAR, false)),
                    List.of("name"), List.of(), 12)));

    @Test
    void describesWhatAQueryReturnsInOrder() {
        SqlExplainer.Explanation e = SqlExplainer.explain(
                "SELECT kind, COUNT(*) AS n FROM events WHERE id > 10 GROUP BY kind ORDER BY n DESC LIMIT 5", CATALOG);
        String s = e.summary();
        assertTrue(s.contains("It returns kind, n (COUNT(*)) from events."), s);
        assertTrue(s.contains("Only rows where id > 10 are kept."), s);
        assertTrue(s.contains("grouped by kind"), s);
        assertTrue(s.contains("sorted by n DESC"), s);
        assertTrue(s.contains("At most 5 rows"), s);
        assertEquals(List.of(), e.issues());
    }

    @Test
    void pointsOutStarUnfilteredLargeScanAndUnlimitedSort() {
        SqlExplainer.Explanation e = SqlExplainer.explain("SELECT * FROM events ORDER BY id", CATALOG);
        assertTrue(e.issues().stream().anyMatch(i -> i.contains("SELECT *")), e.issues().toString());
        assertTrue(e.issues().stream().anyMatch(i -> i.contains("about 5000000 rows")), e.issues().toString());
        assertTrue(e.issues().stream().anyMatch(i -> i.contains("sorted but not limited")), e.issues().toString());
        assertEquals(e.issues().size(), e.suggestions().size());
    }

    @Test
    void pointsOutLeadingWildcardsFunctionsOnColumnsAndCrossJoins() {
        SqlExplainer.Explanation e = SqlExplainer.explain(
                "SELECT e.id FROM events e, kinds k WHERE e.kind LIKE '%x' AND UPPER(k.name) = 'A' LIMIT 3", CATALOG);
        assertTrue(e.issues().stream().anyMatch(i -> i.contains("starts with a wildcard")), e.issues().toString());
        assertTrue(e.issues().stream().anyMatch(i -> i.contains("UPPER(...)")), e.issues().toString());
        SqlExplainer.Explanation cross = SqlExplainer.explain("SELECT 1 FROM events CROSS JOIN kinds LIMIT 1", CATALOG);
        assertTrue(cross.issues().stream().anyMatch(i -> i.contains("cross product")), cross.issues().toString());
    }

    @Test
    void explainFlagsACommaJoinWithoutCondition() {
        SqlExplainer.Explanation e = SqlExplainer.explain(
                "SELECT * FROM events o, kinds c WHERE o.kind LIKE '%deliv%'", CATALOG);
        assertTrue(e.issues().stream().anyMatch(i -> i.contains("join with kinds") && i.contains("cross product")),
                e.issues().toString());
    }

    @Test
    void aCommaJoinTiedByItsWhereIsNotACrossProduct() {
        SqlExplainer.Explanation tied = SqlExplainer.explain(
                "SELECT e.id FROM events e, kinds k WHERE e.kind = k.name AND e.id > 3 LIMIT 3", CATALOG);
        assertTrue(tied.issues().stream().noneMatch(i -> i.contains("cross product")), tied.issues().toString());
        SqlExplainer.Explanation underOr = SqlExplainer.explain(
                "SELECT e.id FROM events e, kinds k WHERE e.kind = k.name OR e.id > 3 LIMIT 3", CATALOG);
        assertTrue(underOr.issues().stream().anyMatch(i -> i.contains("cross product")), underOr.issues().toString());
        SqlExplainer.Explanation third = SqlExplainer.explain(
                "SELECT e.id FROM events e, kinds k, kinds k2 WHERE e.kind = k.name LIMIT 3", CATALOG);
        assertTrue(third.issues().stream().anyMatch(i -> i.contains("join with kinds k2")), third.issues().toString());
    }

    @Test
    void aJoinUsingColumnsIsDescribedAndNotFlagged() {
        SqlExplainer.Explanation e = SqlExplainer.explain(
                "SELECT e.id FROM events e JOIN kinds k USING (kind) LIMIT 3", CATALOG);
        assertTrue(e.summary().contains("matched on equal kind"), e.summary());
        assertTrue(e.issues().stream().noneMatch(i -> i.contains("cross product")), e.issues().toString());
    }

    @Test
    void recognisesSqlSoExplainNeedsNoModel() {
        assertTrue(SqlExplainer.isQuery("SELECT 1"));
        assertTrue(SqlExplainer.isQuery("WITH a AS (SELECT 1 AS x) SELECT x FROM a"));
        assertFalse(SqlExplainer.isQuery("how many orders were placed?"));
        assertFalse(SqlExplainer.isQuery("DELETE FROM events"));
    }

    @Test
    void unparseableTextIsSaidPlainly() {
        assertTrue(SqlExplainer.explain("SELEC nonsense", CATALOG).summary().contains("could not be parsed"));
    }
}
