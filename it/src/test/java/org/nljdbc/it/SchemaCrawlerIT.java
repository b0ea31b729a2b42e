package org.nljdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import schemacrawler.schema.Catalog;
import schemacrawler.schema.Column;
import schemacrawler.schema.ForeignKey;
import schemacrawler.schema.Table;
import schemacrawler.schemacrawler.Identifiers;
import schemacrawler.schemacrawler.LimitOptionsBuilder;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.Query;
import schemacrawler.schemacrawler.QueryUtility;
import schemacrawler.schemacrawler.SchemaCrawlerOptions;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.schemacrawler.SchemaInfoLevelBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSource;
import us.fatehi.utility.datasource.DatabaseConnectionSources;

/**
 * SchemaCrawler (from Maven Central) crawls the shop through {@code jdbc:nl:} and through the raw PostgreSQL driver:
 * the same tables, columns with their types, primary and foreign keys; and its query operations (the queries a
 * SchemaCrawler user configures, run by its {@link QueryUtility} on the connection it crawls) answer plain SQL, the
 * per-table {@code ${table}} template, {@code NL:}, {@code NL SHOWSQL:} and a query around a question.
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

    @Test
    void itsQueryOperationsRunPlainSqlPerTableTemplatesAndQuestions() throws Exception {
        String schema = ShopOnPostgres.db().url().replaceAll(".*currentSchema=([a-z0-9_]+).*", "$1");
        List<String> perStatus;
        long distinctStatuses;
        try (Connection raw = ShopOnPostgres.raw()) {
            perStatus = ShopOnPostgres.query(raw, "SELECT status, COUNT(*) FROM orders GROUP BY status");
            distinctStatuses = Long.parseLong(ShopOnPostgres.query(raw, "SELECT COUNT(DISTINCT status) FROM orders").get(0));
        }
        try (Connection nl = ShopOnPostgres.nl(); DatabaseConnectionSource source = DatabaseConnectionSources.fromConnection(nl)) {
            Catalog catalog = crawl(nl, schema);
            try (Connection c = source.get()) {
                assertEquals(2000L, ((Number) QueryUtility.executeForScalar(
                        new Query("orders", "SELECT COUNT(*) FROM orders"), c)).longValue());
                Query count = new Query("count", "SELECT COUNT(*) FROM ${table}");
                Map<String, Long> counted = new java.util.TreeMap<>();
                for (Table t : catalog.getTables()) {
                    counted.put(t.getName(), QueryUtility.executeForLong(count, c, t, Identifiers.STANDARD));
                }
                assertEquals(2000L, counted.get("orders"), counted.toString());
                assertEquals(rawCounts(catalog), counted, "the per-table template counts what the raw driver counts");
                try (Statement s = c.createStatement()) {
                    try (ResultSet rs = QueryUtility.executeAgainstSchema(
                            new Query("orders per status", "NL: how many orders per status?"), s, Map.of())) {
                        assertEquals(perStatus, ShopOnPostgres.rows(rs));
                    }
                    try (ResultSet rs = QueryUtility.executeAgainstSchema(
                            new Query("its SQL", "NL SHOWSQL: how many orders per status?"), s, Map.of())) {
                        assertTrue(rs.next(), "SHOWSQL answers one row");
                        assertTrue(rs.getString("sql").toUpperCase().contains("GROUP BY"), rs.getString("sql"));
                    }
                }
                assertEquals(distinctStatuses, ((Number) QueryUtility.executeForScalar(new Query("statuses",
                        "SELECT COUNT(*) FROM (NL: how many orders per status?) t"), c)).longValue());
            }
        }
    }

    private static Map<String, Long> rawCounts(Catalog catalog) throws Exception {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (Connection raw = ShopOnPostgres.raw(); Statement s = raw.createStatement()) {
            for (Table t : catalog.getTables()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + Identifiers.STANDARD.quoteFullName(t))) {
                    rs.next();
                    out.put(t.getName(), rs.getLong(1));
                }
            }
        }
        return out;
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
