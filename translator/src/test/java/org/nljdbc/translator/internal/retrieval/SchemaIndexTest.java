package org.nljdbc.translator.internal.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.ForeignKey;
import org.nljdbc.translator.internal.catalog.TableInfo;

class SchemaIndexTest {
    private static TableInfo table(String name, String references) {
        List<ForeignKey> keys = references == null ? List.of()
                : List.of(new ForeignKey("fk_" + name, name, List.of("parent_id"), references, List.of("id")));
        return new TableInfo(null, name, "TABLE", "the " + name, List.of(
                new ColumnInfo("id", "integer", Types.INTEGER, false),
                new ColumnInfo("parent_id", "integer", Types.INTEGER, true),
                new ColumnInfo("label", "varchar", Types.VARCHAR, true, "what it is called", List.of("a", "b"))),
                List.of("id"), keys, 20);
    }

    @Test
    void wholeSchemaSizeAndDdlAreThoseOfTheSchemaRenderedWhole() {
        // "archive" is not in the catalog: rendered whole, that reference is left out, so its size differs.
        List<TableInfo> tables = List.of(table("region", null), table("shop", "region"), table("sale", "archive"));
        SchemaIndex idx = new SchemaIndex(new Catalog("PostgreSQL", "15", tables), DdlRenderer.DEFAULT_SAMPLES_SHOWN);
        String whole = DdlRenderer.render(tables, DdlRenderer.DEFAULT_SAMPLES_SHOWN);
        assertEquals(DdlRenderer.estimateTokens(whole), idx.fullSchemaTokens);
        assertEquals(whole, idx.fullDdl());
    }
}
