package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nljdbc.driver.demo.ShopDatabase;
import org.nljdbc.translator.internal.explain.ChartAdvisor;
import org.nljdbc.translator.internal.explain.VegaLiteChart;

/**
 * Chart specifications a frontend can draw: every chart the advisor suggests is a Vega-Lite v5 specification that
 * validates against the Vega-Lite schema npm ships (fetched by the build into target/chart-runtime), reading the
 * caller's data set {@code table}; through JDBC in {@code NlResult.chartSpec()} and in SHOWSQL's report.
 */
class ChartSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCHEMA = Path.of("target/chart-runtime/node_modules/vega-lite/build/vega-lite-schema.json");
    private static final String DB = "chart_spec_" + ProcessHandle.current().pid();
    private static JsonSchema vegaLite;
    private static Connection keepAlive;

    @BeforeAll
    static void load() throws Exception {
        assertTrue(Files.isRegularFile(SCHEMA), "the build fetches vega-lite from npm into " + SCHEMA);
        // The schema's references are deeply recursive: preloading or caching them all exhausts the heap.
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().preloadJsonSchema(false).cacheRefs(false)
                .build();
        vegaLite = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(JSON.readTree(SCHEMA.toFile()), config);
        keepAlive = DriverManager.getConnection("jdbc:h2:mem:" + DB + ";DB_CLOSE_DELAY=-1");
        ShopDatabase.create(keepAlive);
    }

    @AfterAll
    static void drop() throws SQLException {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("SHUTDOWN");
        }
        keepAlive.close();
    }

    private static Set<ValidationMessage> validate(String spec) throws Exception {
        return vegaLite.validate(JSON.readTree(spec));
    }

    private static void assertValid(String spec) throws Exception {
        Set<ValidationMessage> errors = validate(spec);
        assertTrue(errors.isEmpty(), () -> spec + " is not valid Vega-Lite v5: " + errors);
    }

    @Test
    void everyAdvisedChartIsAValidVegaLiteSpecification() throws Exception {
        List<ChartAdvisor.Advice> advice = List.of(
                new ChartAdvisor.Advice("bar", "category", List.of("SUM(o.total_amount)"), "one value per category"),
                new ChartAdvisor.Advice("bar", "region", List.of("revenue", "orders"), "grouped"),
                new ChartAdvisor.Advice("line", "order_date", List.of("revenue"), "values over time"),
                new ChartAdvisor.Advice("line", "month", List.of("revenue", "refunds"), "values over time"),
                new ChartAdvisor.Advice("pie", "status", List.of("COUNT(*)"), "few shares"),
                new ChartAdvisor.Advice("scatter", "price", List.of("stock_quantity"), "two measures"));
        for (ChartAdvisor.Advice a : advice) {
            String spec = a.vegaLite().orElseThrow();
            assertValid(spec);
            JsonNode node = JSON.readTree(spec);
            assertEquals(VegaLiteChart.SCHEMA, node.get("$schema").asText());
            assertEquals("table", node.get("data").get("name").asText(), "the data is left to the caller");
            assertFalse(node.has("datasets"), "no rows in the specification itself");
        }
        JsonNode pie = JSON.readTree(advice.get(4).vegaLite().orElseThrow());
        assertEquals("arc", pie.get("mark").get("type").asText());
        assertEquals("COUNT(*)", pie.get("encoding").get("theta").get("field").asText());
        JsonNode line = JSON.readTree(advice.get(2).vegaLite().orElseThrow());
        assertEquals("temporal", line.get("encoding").get("x").get("type").asText());
        JsonNode bar = JSON.readTree(advice.get(0).vegaLite().orElseThrow());
        assertEquals("SUM(o\\.total_amount)", bar.get("encoding").get("y").get("field").asText(),
                "a dot in a result label names the column, not a nested field");
    }

    @Test
    void theSchemaCheckRejectsWhatVegaLiteWouldNot() throws Exception {
        ObjectNode spec = (ObjectNode) JSON.readTree(new ChartAdvisor.Advice("bar", "c", List.of("n"), "r")
                .vegaLite().orElseThrow());
        ((ObjectNode) spec.get("mark")).put("type", "bars");
        assertFalse(validate(spec.toString()).isEmpty(), "a misspelt mark must fail the check");
    }

    @Test
    void aSingleValueOrATableHasNoChart() {
        assertTrue(new ChartAdvisor.Advice("single value", null, List.of("n"), "one number").vegaLite().isEmpty());
        assertTrue(new ChartAdvisor.Advice("table", null, List.of(), "none").vegaLite().isEmpty());
    }

    @Test
    void anAnsweredQuestionCarriesItsChartSpecification() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:" + DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: Revenue by region")) {
            NlResult result = s.unwrap(NlResult.class);
            assertEquals("bar", result.chart().chart());
            String spec = result.chartSpec();
            assertNotNull(spec);
            assertValid(spec);
            JsonNode node = JSON.readTree(spec);
            assertEquals("Revenue by region", node.get("title").asText());
            // The encoded fields are the result's own column labels, so the caller's rows fit as they are.
            String x = node.get("encoding").get("x").get("title").asText();
            String y = node.get("encoding").get("y").get("title").asText();
            // x is the dimension (the text column), y the measure, wherever the select list puts them.
            java.sql.ResultSetMetaData md = rs.getMetaData();
            int text = md.getColumnType(1) == java.sql.Types.VARCHAR ? 1 : 2;
            assertEquals(md.getColumnLabel(text), x);
            assertEquals(md.getColumnLabel(3 - text), y);
        }
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:" + DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: How many customers are there?")) {
            assertNull(s.unwrap(NlResult.class).chartSpec(), "one number is not a chart");
        }
    }

    @Test
    void showSqlReportHoldsTheSpecification() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:" + DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL SHOWSQL: Number of orders per status")) {
            assertTrue(rs.next());
            JsonNode spec = JSON.readTree(rs.getString("report")).get("chart").get("vegaLite");
            assertNotNull(spec, "SHOWSQL's report carries the Vega-Lite specification");
            assertValid(spec.toString());
            assertEquals("bar", spec.get("mark").get("type").asText());
        }
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:" + DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "NL EXPLAIN: SELECT order_date, SUM(total_amount) FROM orders GROUP BY order_date")) {
            assertTrue(rs.next());
            JsonNode spec = JSON.readTree(rs.getString("report")).get("chart").get("vegaLite");
            assertValid(spec.toString());
            assertEquals("line", spec.get("mark").get("type").asText());
            assertEquals("temporal", spec.get("encoding").get("x").get("type").asText());
        }
    }
}
