package org.nljdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import schemacrawler.schema.Catalog;
import schemacrawler.schema.Column;
import schemacrawler.schema.ForeignKey;
import schemacrawler.schema.Table;
import schemacrawler.schemacrawler.LimitOptionsBuilder;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.SchemaCrawlerOptions;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.schemacrawler.SchemaInfoLevelBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSources;

/**
 * SchemaCrawler (from Maven Central) crawls the shop through {@code jdbc:nl:} and through the raw PostgreSQL driver:
 * the same tables, columns with their types, primary and foreign keys.
 */
class SchemaCrawlerIT {
    @Test
    void theCatalogThroughNljdbcEqualsTheRawDrivers() throws Exception {
        String schema = ShopOnPostgres.db().url().replaceAll(".*currentSchema=([a-z0-9_]+).*", "$1");
        List<String> viaNl;
        List<String> viaRaw;
        try (Connection c = ShopOnPostgres.nl()) {
            viaNl = describe(crawl(c, schema));
        }
        try (Connection c = ShopOnPostgres.raw()) {
            viaRaw = describe(crawl(c, schema));
        }
        assertTrue(viaRaw.size() > 40, "the raw catalog has the shop: " + viaRaw);
        assertEquals(viaRaw, viaNl);
    }

    private static Catalog crawl(Connection c, String schema) throws Exception {
        SchemaCrawlerOptions options = SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions()
                .withLimitOptions(LimitOptionsBuilder.builder().includeSchemas(Pattern.compile(".*" + schema)).toOptions())
                .withLoadOptions(LoadOptionsBuilder.builder().withSchemaInfoLevel(SchemaInfoLevelBuilder.standard()).toOptions());
        return SchemaCrawlerUtility.getCatalog(DatabaseConnectionSources.fromConnection(c), options);
    }

    private static List<String> describe(Catalog catalog) {
        List<String> out = new ArrayList<>();
        for (Table t : catalog.getTables()) {
            out.add("table " + t.getName() + " " + t.getTableType());
            for (Column col : t.getColumns()) {
                out.add("  " + col.getName() + " " + col.getColumnDataType().getName() + " " + col.getSize()
                        + (col.isNullable() ? " null" : " not null") + (col.isPartOfPrimaryKey() ? " pk" : ""));
            }
            for (ForeignKey fk : t.getImportedForeignKeys()) {
                out.add("  fk " + fk.getConstrainedColumns() + " -> " + fk.getReferencedTable().getName());
            }
        }
        return out;
    }
}
