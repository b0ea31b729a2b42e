package org.nljdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.jdbc.JdbcType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark's JDBC source (local[1], from Maven Central) over the bundled jar: {@code query=NL: ...} and
 * {@code dbtable=(NL: ...) t} return the rows of the question. Spark wraps both as
 * {@code SELECT * FROM (<query>) SPARK_GEN_SUBQ_n WHERE 1=0} to learn the schema and again to read, so this is
 * the wrapped-question path end to end, with Spark's own type mapping of the result; {@code NL SHOWSQL} the same. Plain SQL in {@code query=} and
 * Spark's JDBC catalog (tables listed from {@code DatabaseMetaData}, read by name) work as with the delegate.
 */
class SparkJdbcIT {
    private static final String QUESTION = "how many orders per status?";
    private static final String SQL = "SELECT status, COUNT(*) FROM orders GROUP BY status";
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() throws Exception {
        ShopOnPostgres.db();
        spark = SparkSession.builder().master("local[1]").appName("nljdbc-it")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void queryOptionWithAQuestionReturnsTheQuestionsRows() throws Exception {
        Dataset<Row> df = read().option("query", "NL: " + QUESTION).load();
        assertEquals(expected(), rows(df));
        assertEquals(jdbcLabels(), sortedNames(df), "Spark's schema has the columns plain JDBC gets for the question");
    }

    @Test
    void dbtableOptionWithAWrappedQuestionReturnsTheQuestionsRows() throws Exception {
        Dataset<Row> df = read().option("dbtable", "(NL: " + QUESTION + ") t").load();
        assertEquals(expected(), rows(df));
    }

    @Test
    void sparkFiltersAndAggregatesOverTheQuestionsRows() throws Exception {
        // Spark pushes the filter down into its wrapper (WHERE "status" = 'delivered'), around the translated SQL.
        Dataset<Row> df = read().option("query", "NL: " + QUESTION).load().filter("status = 'delivered'");
        List<String> delivered = new ArrayList<>();
        for (String r : expected()) {
            if (r.contains("delivered")) {
                delivered.add(r);
            }
        }
        assertFalse(delivered.isEmpty(), "the shop has delivered orders");
        assertEquals(delivered, rows(df));
    }

    /**
     * Spark pushes contains/startsWith/endsWith (and LIKE it simplifies to them) down as
     * {@code "status" LIKE '%liver%' ESCAPE '\'}: the driver pins standard_conforming_strings for the NL transaction,
     * so the guard reads that backslash as the plain character the database reads.
     */
    @Test
    void sparksPushedDownStringFiltersReturnTheMatchingRows() throws Exception {
        Dataset<Row> all = read().option("query", "NL: " + QUESTION).load();
        org.apache.spark.sql.Column status = org.apache.spark.sql.functions.col("status");
        assertEquals(withStatus(s -> s.contains("liver")), rows(all.filter(status.contains("liver"))), "contains");
        assertEquals(withStatus(s -> s.startsWith("deliv")), rows(all.filter(status.startsWith("deliv"))), "startsWith");
        assertEquals(withStatus(s -> s.endsWith("ered")), rows(all.filter(status.endsWith("ered"))), "endsWith");
        assertEquals(withStatus(s -> s.contains("liver")), rows(all.filter("status LIKE '%liver%'")), "LIKE");
        assertEquals(withStatus(s -> s.contains("p")), rows(read().option("dbtable", "(NL: " + QUESTION + ") t").load()
                .filter(status.contains("p"))), "dbtable= and contains");
        // Spark escapes this value's backslash and quote; a backslash before a doubled quote is refused, never run.
        Exception e = assertThrows(Exception.class, () -> rows(all.filter(status.contains("\\' OR 1=1 --"))));
        assertTrue(String.valueOf(e.getMessage()).contains("refused: a backslash right before a doubled quote"),
                String.valueOf(e.getMessage()));
    }

    private static List<String> withStatus(java.util.function.Predicate<String> p) throws Exception {
        List<String> out = new ArrayList<>();
        try (java.sql.Connection raw = ShopOnPostgres.raw(); java.sql.Statement s = raw.createStatement();
             java.sql.ResultSet rs = s.executeQuery(SQL)) {
            while (rs.next()) {
                if (p.test(rs.getString(1))) {
                    List<String> cells = new ArrayList<>(List.of(rs.getString(1), rs.getString(2)));
                    cells.sort(null);
                    out.add(String.join("|", cells));
                }
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void plainSqlInTheQueryOptionReturnsTheDelegatesRows() throws Exception {
        Dataset<Row> df = read().option("query", SQL).load();
        assertEquals(expected(), rows(df));
    }

    /**
     * Spark's JDBC catalog lists the schema's tables through {@code DatabaseMetaData.getTables} and reads a table by
     * name (its own {@code SELECT ... FROM table}), as a Spark SQL user browses a database.
     */
    @Test
    void sparksJdbcCatalogListsTheTablesAndReadsOneByName() throws Exception {
        String schema = ShopOnPostgres.db().url().replaceAll(".*currentSchema=([a-z0-9_]+).*", "$1");
        spark.conf().set("spark.sql.catalog.shop", "org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog");
        spark.conf().set("spark.sql.catalog.shop.url", ShopOnPostgres.db().nlUrl());
        spark.conf().set("spark.sql.catalog.shop.driver", "org.nljdbc.driver.NlDriver");
        List<String> listed = new ArrayList<>();
        for (Row r : spark.sql("SHOW TABLES IN shop." + schema).collectAsList()) {
            listed.add(r.getString(r.fieldIndex("tableName")));
        }
        listed.sort(null);
        List<String> tables = new ArrayList<>();
        try (java.sql.Connection raw = ShopOnPostgres.raw();
             java.sql.ResultSet rs = raw.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        tables.sort(null);
        assertFalse(tables.isEmpty(), "the raw driver lists the shop");
        assertEquals(tables, listed);
        assertEquals(2000L, spark.table("shop." + schema + ".orders").count());
        List<String> columns = List.of(spark.table("shop." + schema + ".orders").columns());
        assertEquals(true, columns.contains("total_amount"), columns.toString());
    }

    /**
     * Spark sends only queries it wraps: {@code query=NL SHOWSQL: ...} arrives as
     * {@code SELECT * FROM (NL SHOWSQL: ...) SPARK_GEN_SUBQ_0 WHERE 1=0} and again to read. The report is spliced in
     * as a literal-only derived table, so Spark gets SHOWSQL's one row with its columns, the SQL that {@code NL:}
     * runs in {@code sql}; {@code dbtable=(NL SHOWSQL: ...) t} and Spark's own filters work the same way.
     */
    @Test
    void showSqlThroughSparksQueryAndDbtableReportsTheSqlThatNlRuns() throws Exception {
        String ran;
        try (java.sql.Connection c = ShopOnPostgres.nl(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
            String warning = s.getWarnings().getMessage();
            assertEquals(true, warning.startsWith("NL query ran: "), warning);
            ran = warning.substring("NL query ran: ".length());
        }
        List<String> showSqlColumns = List.of("sql", "tables", "warnings", "chart", "cost", "prompt_tokens",
                "completion_tokens", "report", "llm_cost");
        for (Dataset<Row> df : List.of(read().option("query", "NL SHOWSQL: " + QUESTION).load(),
                read().option("dbtable", "(NL SHOWSQL: " + QUESTION + ") t").load())) {
            assertEquals(showSqlColumns, List.of(df.columns()));
            assertEquals(DataTypes.StringType, df.schema().apply("sql").dataType());
            assertEquals(DataTypes.IntegerType, df.schema().apply("prompt_tokens").dataType());
            List<Row> got = df.collectAsList();
            assertEquals(1, got.size(), got.toString());
            assertEquals(ran, got.get(0).getString(got.get(0).fieldIndex("sql")));
            // Spark pushes these down into its wrapper (WHERE "sql" = '...'), around the report.
            assertEquals(1L, df.filter(org.apache.spark.sql.functions.col("sql").equalTo(ran)).count(),
                    "Spark's filter on the report");
            assertEquals(0L, df.filter(org.apache.spark.sql.functions.col("sql").equalTo("no such SQL")).count());
        }
        Exception explain = assertThrows(Exception.class, () -> read().option("query", "NL EXPLAIN: " + QUESTION).load());
        Throwable t = explain;
        while (t.getCause() != null && !(t instanceof java.sql.SQLException)) {
            t = t.getCause();
        }
        assertEquals(true, t instanceof java.sql.SQLException && "0A000".equals(((java.sql.SQLException) t).getSQLState())
                && t.getMessage().contains("on its own"), "a wrapped NL EXPLAIN stays refused: " + explain);
    }

    /**
     * bi-tool-configs/spark/README.md's dialect registration, in Java: Spark picks a dialect by URL prefix, so
     * {@code jdbc:nl:postgresql:} gets its no-op dialect, which cannot map PostgreSQL's {@code json} (JDBC type
     * OTHER); the delegating dialect the README registers maps it as the PostgreSQL dialect does.
     */
    @Test
    void theReadmesDelegatingDialectGivesPostgresqlTypeMapping() throws Exception {
        String json = "SELECT CAST('{\"a\": 1}' AS json) AS doc";
        Exception noop = assertThrows(Exception.class, () -> read().option("query", json).load().collectAsList());
        assertEquals(true, String.valueOf(noop.getMessage()).contains("OTHER")
                || String.valueOf(noop.getMessage()).contains("1111"), "the no-op dialect cannot map json: " + noop);
        JdbcDialect pg = JdbcDialects.get("jdbc:postgresql://x");
        JdbcDialect nlPg = new JdbcDialect() {
            @Override
            public boolean canHandle(String url) {
                return url.startsWith("jdbc:nl:postgresql:");
            }

            @Override
            public scala.Option<DataType> getCatalystType(int sqlType, String typeName, int size, MetadataBuilder md) {
                return pg.getCatalystType(sqlType, typeName, size, md);
            }

            @Override
            public scala.Option<JdbcType> getJDBCType(DataType dt) {
                return pg.getJDBCType(dt);
            }

            @Override
            public String quoteIdentifier(String column) {
                return pg.quoteIdentifier(column);
            }
        };
        JdbcDialects.registerDialect(nlPg);
        try {
            Dataset<Row> df = read().option("query", json).load();
            assertEquals(DataTypes.StringType, df.schema().apply("doc").dataType());
            assertEquals(List.of("{\"a\": 1}"), List.of(df.collectAsList().get(0).getString(0)));
            assertEquals(expected(), rows(read().option("query", "NL: " + QUESTION).load()), "and questions read as before");
        } finally {
            JdbcDialects.unregisterDialect(nlPg);
        }
    }

    private static org.apache.spark.sql.DataFrameReader read() throws Exception {
        return spark.read().format("jdbc")
                .option("url", ShopOnPostgres.db().nlUrl())
                .option("driver", "org.nljdbc.driver.NlDriver");
    }

    private static List<String> expected() throws Exception {
        try (java.sql.Connection raw = ShopOnPostgres.raw()) {
            return ShopOnPostgres.query(raw, SQL);
        }
    }

    private static List<String> jdbcLabels() throws Exception {
        List<String> names = new ArrayList<>();
        try (java.sql.Connection c = ShopOnPostgres.nl(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnLabel(i));
            }
        }
        names.sort(null);
        return names;
    }

    private static List<String> sortedNames(Dataset<Row> df) {
        List<String> names = new ArrayList<>(List.of(df.columns()));
        names.sort(null);
        return names;
    }

    /** Rows as sorted "a|b" strings with the cells sorted, as {@link ShopOnPostgres#rows} makes them. */
    private static List<String> rows(Dataset<Row> df) {
        List<String> out = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < r.length(); i++) {
                cells.add(String.valueOf(r.get(i)));
            }
            cells.sort(null);
            out.add(String.join("|", cells));
        }
        out.sort(null);
        return out;
    }
}
