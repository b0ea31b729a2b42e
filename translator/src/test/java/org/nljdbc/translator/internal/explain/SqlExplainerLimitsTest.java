package org.nljdbc.translator.internal.explain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.catalog.Catalog;

/** The explainer never parses text the guard would refuse as too complex. */
class SqlExplainerLimitsTest {
    private static final String DEEP = "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000);

    @Test
    void deeplyNestedSqlIsNotAQueryToExplain() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(SqlExplainer.isQuery(DEEP)));
    }

    @Test
    void explainingDeeplyNestedSqlSaysItIsTooComplexWithoutParsingIt() {
        SqlExplainer.Explanation e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> SqlExplainer.explain(DEEP, new Catalog("H2", "2", List.of())));
        assertTrue(e.summary().contains("too complex"), e.summary());
    }
}
