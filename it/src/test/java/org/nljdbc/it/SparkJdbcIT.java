package org.nljdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark's JDBC source (local[1], from Maven Central) over the bundled jar: {@code query=NL: ...} and
 * {@code dbtable=(NL: ...) t} return the rows of the question. Spark wraps both as
 * {@code SELECT * FROM (<query>) SPARK_GEN_SUBQ_n WHERE 1=0} to learn the schema and again to read, so this is
 * the wrapped-question path end to end, with Spark's own type mapping of the result.
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
