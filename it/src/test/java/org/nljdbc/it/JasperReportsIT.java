package org.nljdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.export.JRCsvExporter;
import net.sf.jasperreports.export.SimpleExporterInput;
import net.sf.jasperreports.export.SimpleWriterExporterOutput;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.llm.ScriptedLlmServer;

/**
 * JasperReports (from Maven Central, without its PDF library) fills a report whose query is a parameterised
 * question, {@code NL: revenue by category since $P{since}}, against the bundled jar on PostgreSQL, with a scripted
 * model that writes SQL for the date it is shown, under aliases of its own; exported to CSV, the rows are what the
 * same question returns through plain JDBC and what a hand-written query returns.
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
            Properties p = new Properties();
            p.setProperty("nl.llm.provider", "openai");
            p.setProperty("nl.llm.baseUrl", llm.baseUrl());
            p.setProperty("nl.llm.model", "scripted");
            p.setProperty("nl.llm.apiKeyEnv", "NLJDBC_IT_NO_KEY");
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

    private static List<String> csv(JasperReport report, Connection c, java.sql.Date since) throws Exception {
        Map<String, Object> params = new HashMap<>();
        params.put("since", since);
        JasperPrint print = JasperFillManager.fillReport(report, params, c);
        StringWriter out = new StringWriter();
        JRCsvExporter exporter = new JRCsvExporter();
        exporter.setExporterInput(new SimpleExporterInput(print));
        exporter.setExporterOutput(new SimpleWriterExporterOutput(out));
        exporter.exportReport();
        List<String> lines = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
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
