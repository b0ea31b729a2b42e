package org.nljdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jasperreports.engine.JasperCompileManager;
import net.sf.jasperreports.engine.JasperFillManager;
import net.sf.jasperreports.engine.JasperPrint;
import net.sf.jasperreports.engine.JRField;
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.design.JRDesignQuery;
import net.sf.jasperreports.engine.design.JasperDesign;
import net.sf.jasperreports.engine.xml.JRXmlLoader;
import net.sf.jasperreports.engine.export.JRCsvExporter;
import net.sf.jasperreports.export.SimpleExporterInput;
import net.sf.jasperreports.export.SimpleWriterExporterOutput;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;

/**
 * JasperReports (from Maven Central, without its PDF library) fills a report whose query is a parameterised
 * question, {@code NL: revenue by category since $P{since}}, against the bundled jar on PostgreSQL, with a scripted
 * model that writes SQL for the date it is shown, under aliases of its own; exported to CSV, the rows are what the
 * same question returns through plain JDBC and what a hand-written query returns. The same report over plain SQL,
 * a report of the SQL behind it ({@code NL SHOWSQL:} with the same parameter), and the prepared question's metadata
 * against the report's fields.
 */
class JasperReportsIT {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String HAND_WRITTEN = "SELECT c.name, SUM(oi.quantity * oi.unit_price) FROM order_items oi "
            + "JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id "
            + "JOIN categories c ON c.id = p.category_id WHERE o.order_date >= ? GROUP BY c.name";

    /** The model's SQL for the date in the question it is shown; its aliases are not the report's field names. */
    private static ScriptedLlmServer.Step answer(JsonNode request) {
        JsonNode messages = request.get("messages");
        Matcher m = DATE.matcher(messages.get(messages.size() - 1).get("content").asText());
        if (!m.find()) {
            return ScriptedLlmServer.completion("I need a date to answer that.");
        }
        return ScriptedLlmServer.completion("```sql\nSELECT c.name AS category_name, SUM(oi.quantity * oi.unit_price) "
                + "AS total_revenue FROM order_items oi JOIN orders o ON o.id = oi.order_id "
                + "JOIN products p ON p.id = oi.product_id JOIN categories c ON c.id = p.category_id "
                + "WHERE o.order_date >= DATE '" + m.group() + "' GROUP BY c.name ORDER BY total_revenue DESC\n```");
    }

    @Test
    void aParameterisedQuestionFillsTheReportWithTheRowsPlainJdbcGets() throws Exception {
        ShopOnPostgres.db();
        JasperReport report;
        try (InputStream in = JasperReportsIT.class.getResourceAsStream("/jasper/revenue-by-category.jrxml")) {
            report = JasperCompileManager.compileReport(in);
        }
        try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
            llm.otherwise(JasperReportsIT::answer);
            Properties p = model(llm);
            List<List<String>> reports = new ArrayList<>();
            for (String since : new String[] {"2024-01-01", "2024-07-01"}) {
                java.sql.Date date = java.sql.Date.valueOf(since);
                List<String> csv;
                List<String> jdbc;
                try (Connection c = DriverManager.getConnection(ShopOnPostgres.db().nlUrl(), p)) {
                    csv = csv(report, c, date);
                    try (PreparedStatement ps = c.prepareStatement("NL: revenue by category since ?")) {
                        ps.setDate(1, date);
                        try (ResultSet rs = ps.executeQuery()) {
                            jdbc = rows(rs, "category", "revenue");
                        }
                    }
                }
                List<String> raw;
                try (Connection c = ShopOnPostgres.raw(); PreparedStatement ps = c.prepareStatement(HAND_WRITTEN)) {
                    ps.setDate(1, date);
                    try (ResultSet rs = ps.executeQuery()) {
                        raw = rows(rs, "name", "sum");
                    }
                }
                assertFalse(csv.isEmpty(), "the report has rows for orders since " + since);
                assertEquals(jdbc, csv, "the report's rows are the question's rows through JDBC, since " + since);
                assertEquals(raw, csv, "and those of the hand-written query, since " + since);
                reports.add(csv);
            }
            assertNotEquals(reports.get(0), reports.get(1), "the bound date changes the answer");
        }
    }

    @Test
    void theSameReportOverPlainSqlFillsWithTheHandWrittenQuerysRows() throws Exception {
        ShopOnPostgres.db();
        String plain = "SELECT c.name AS category, SUM(oi.quantity * oi.unit_price) AS revenue FROM order_items oi "
                + "JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id "
                + "JOIN categories c ON c.id = p.category_id WHERE o.order_date >= $P{since} GROUP BY c.name";
        JasperDesign design;
        try (InputStream in = JasperReportsIT.class.getResourceAsStream("/jasper/revenue-by-category.jrxml")) {
            design = JRXmlLoader.load(in);
        }
        ((JRDesignQuery) design.getQuery()).setText(plain);
        JasperReport report = JasperCompileManager.compileReport(design);
        java.sql.Date since = java.sql.Date.valueOf("2024-07-01");
        List<String> csv;
        try (Connection c = ShopOnPostgres.nl()) {
            csv = csv(report, c, since);
        }
        List<String> raw;
        try (Connection c = ShopOnPostgres.raw(); PreparedStatement ps = c.prepareStatement(plain.replace("$P{since}", "?"))) {
            ps.setDate(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                raw = rows(rs, "category", "revenue");
            }
        }
        assertFalse(raw.isEmpty(), "the shop has revenue since " + since);
        assertEquals(raw, csv);
    }

    /** The report's query may wrap the parameterised question, as a designer adds a filter of their own around it. */
    @Test
    void aReportOverAQueryAroundTheParameterisedQuestionFillsWithItsRows() throws Exception {
        ShopOnPostgres.db();
        JasperDesign design;
        try (InputStream in = JasperReportsIT.class.getResourceAsStream("/jasper/revenue-by-category.jrxml")) {
            design = JRXmlLoader.load(in);
        }
        ((JRDesignQuery) design.getQuery()).setText("SELECT t.category, t.revenue FROM "
                + "(NL: revenue by category since $P{since}) t WHERE t.revenue > 0");
        JasperReport wrapped = JasperCompileManager.compileReport(design);
        JasperReport plain;
        try (InputStream in = JasperReportsIT.class.getResourceAsStream("/jasper/revenue-by-category.jrxml")) {
            plain = JasperCompileManager.compileReport(in);
        }
        try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
            llm.otherwise(JasperReportsIT::answer);
            java.sql.Date since = java.sql.Date.valueOf("2024-07-01");
            try (Connection c = DriverManager.getConnection(ShopOnPostgres.db().nlUrl(), model(llm))) {
                List<String> around = csv(wrapped, c, since);
                assertFalse(around.isEmpty(), "the wrapped report has rows");
                assertEquals(csv(plain, c, since), around);
            }
        }
    }

    @Test
    void aShowSqlReportPrintsTheSqlTheQuestionRunsAsForItsParameter() throws Exception {
        ShopOnPostgres.db();
        JasperReport report;
        try (InputStream in = JasperReportsIT.class.getResourceAsStream("/jasper/showsql-revenue-by-category.jrxml")) {
            report = JasperCompileManager.compileReport(in);
        }
        try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
            llm.otherwise(JasperReportsIT::answer);
            for (String since : new String[] {"2024-01-01", "2024-07-01"}) {
                java.sql.Date date = java.sql.Date.valueOf(since);
                try (Connection c = DriverManager.getConnection(ShopOnPostgres.db().nlUrl(), model(llm))) {
                    String shown = csvText(report, c, date);
                    String ran;
                    try (PreparedStatement ps = c.prepareStatement("NL: revenue by category since ?")) {
                        ps.setDate(1, date);
                        ps.executeQuery().close();
                        ran = ps.unwrap(org.nljdbc.driver.NlResult.class).sql();
                    }
                    assertTrue(shown.contains(since), "the SQL shown is the bound date's: " + shown);
                    assertEquals(ran, unquoted(shown), "the report shows the SQL that NL: runs, since " + since);
                }
            }
        }
    }

    /**
     * What a report designer reads to build the field list, before the report runs: the prepared question (the
     * report's own query, {@code $P{since}} as {@code ?}) describes one date parameter and, once it is bound, the
     * report's fields under their names and classes, and exactly the columns the executed question returns.
     */
    @Test
    void thePreparedQuestionDescribesTheReportsFieldsBeforeItRuns() throws Exception {
        ShopOnPostgres.db();
        JasperReport report;
        try (InputStream in = JasperReportsIT.class.getResourceAsStream("/jasper/revenue-by-category.jrxml")) {
            report = JasperCompileManager.compileReport(in);
        }
        String query = report.getQuery().getText().replaceAll("\\$P\\{[a-z]+\\}", "?");
        try (ScriptedLlmServer llm = ScriptedLlmServer.start()) {
            llm.otherwise(JasperReportsIT::answer);
            try (Connection c = DriverManager.getConnection(ShopOnPostgres.db().nlUrl(), model(llm));
                 PreparedStatement ps = c.prepareStatement(query)) {
                assertEquals(1, ps.getParameterMetaData().getParameterCount(), query);
                ps.setDate(1, java.sql.Date.valueOf("2024-01-01"));
                ResultSetMetaData before = ps.getMetaData();
                assertNotNull(before, "the bound question describes its columns before it runs");
                List<String> fields = new ArrayList<>();
                for (JRField f : report.getFields()) {
                    fields.add(f.getName() + " " + f.getValueClassName());
                }
                List<String> described = new ArrayList<>();
                for (int i = 1; i <= before.getColumnCount(); i++) {
                    described.add(before.getColumnLabel(i) + " " + before.getColumnClassName(i));
                }
                fields.sort(null);
                described.sort(null);
                assertEquals(fields, described, "the prepared metadata is the report's field list");
                List<String> prepared = ShopOnPostgres.describe(before);
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(prepared, ShopOnPostgres.describe(rs.getMetaData()), "and what the execution returns");
                    assertTrue(rs.next(), "the question has rows");
                }
            }
        }
    }

    private static Properties model(ScriptedLlmServer llm) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "scripted");
        p.setProperty("nl.llm.apiKeyEnv", "NLJDBC_IT_NO_KEY");
        return p;
    }

    /** A CSV cell without its quotes. */
    private static String unquoted(String cell) {
        return cell.startsWith("\"") && cell.endsWith("\"")
                ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell;
    }

    /** The filled report exported to CSV. */
    private static String csvText(JasperReport report, Connection c, java.sql.Date since) throws Exception {
        Map<String, Object> params = new HashMap<>();
        params.put("since", since);
        JasperPrint print = JasperFillManager.fillReport(report, params, c);
        StringWriter out = new StringWriter();
        JRCsvExporter exporter = new JRCsvExporter();
        exporter.setExporterInput(new SimpleExporterInput(print));
        exporter.setExporterOutput(new SimpleWriterExporterOutput(out));
        exporter.exportReport();
        return out.toString().trim();
    }

    /** The filled report's CSV lines, sorted. */
    private static List<String> csv(JasperReport report, Connection c, java.sql.Date since) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : csvText(report, c, since).split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        lines.sort(null);
        return lines;
    }

    private static List<String> rows(ResultSet rs, String key, String value) throws Exception {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(key) + "," + rs.getBigDecimal(value).toPlainString());
        }
        out.sort(null);
        return out;
    }
}
