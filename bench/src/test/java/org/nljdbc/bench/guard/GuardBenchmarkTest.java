package org.nljdbc.bench.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.VisibleSchema;

class GuardBenchmarkTest {
    private static final VisibleSchema SCHEMA = VisibleSchema.of(Map.of("Legalities", List.of("uuid", "format")));

    @Test
    void catalogNamesAreQuotedWithTheCatalogsSpellingOutsideLiteralsAndCalls() {
        assertEquals("SELECT \"uuid\" FROM \"Legalities\" WHERE \"format\" = 'format' AND format(1) = 'x'",
                GuardBenchmark.quoteCatalogNames(
                        "SELECT uuid FROM legalities WHERE format = 'format' AND format(1) = 'x'", SCHEMA));
    }
}
