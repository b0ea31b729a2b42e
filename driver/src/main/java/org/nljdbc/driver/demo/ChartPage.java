package org.nljdbc.driver.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.nljdbc.translator.internal.explain.VegaLiteChart;

/**
 * A self-contained HTML page drawing one Vega-Lite specification over the given rows: Vega, Vega-Lite and
 * vega-embed are inlined from the jar (fetched from npm when the jar was built), so the page needs no network.
 */
final class ChartPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNTIME = "/org/nljdbc/driver/demo/chart/";
    private static final List<String> SCRIPTS = List.of("vega.min.js", "vega-lite.min.js", "vega-embed.min.js");

    private ChartPage() {
    }

    /**
     * @param spec a specification reading the data set {@value VegaLiteChart#DATA_NAME}
     * @param rows the result's rows, keyed by column label, in order
     * @throws IOException when the jar was built without the chart runtime ({@code -Dnl.skipNpm=true})
     */
    static String html(String title, String spec, List<Map<String, Object>> rows) throws IOException {
        ObjectNode page = (ObjectNode) JSON.readTree(spec);
        ArrayNode values = page.putObject("datasets").putArray(VegaLiteChart.DATA_NAME);
        for (Map<String, Object> row : rows) {
            ObjectNode o = values.addObject();
            row.forEach((k, v) -> put(o, k, v));
        }
        StringBuilder sb = new StringBuilder(900_000);
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escapeHtml(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}#chart{width:90%}</style>\n");
        for (String script : SCRIPTS) {
            sb.append("<script>").append(runtime(script)).append("</script>\n");
        }
        sb.append("</head><body>\n<div id=\"chart\"></div>\n<script>\nconst spec = ").append(scriptSafe(page.toString()))
                .append(";\nvegaEmbed('#chart', spec, {renderer: 'svg', actions: false})\n")
                .append("  .then(function () { document.body.setAttribute('data-rendered', 'true'); })\n")
                .append("  .catch(function (e) { document.getElementById('chart').textContent = 'chart failed: ' + e;")
                .append(" document.body.setAttribute('data-rendered', 'error'); });\n</script>\n</body></html>\n");
        return sb.toString();
    }

    private static void put(ObjectNode o, String key, Object v) {
        if (v == null) {
            o.putNull(key);
        } else if (v instanceof BigDecimal d) {
            o.put(key, d);
        } else if (v instanceof BigInteger i) {
            o.put(key, i);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            o.put(key, ((Number) v).longValue());
        } else if (v instanceof Number n) {
            o.put(key, n.doubleValue());
        } else if (v instanceof Boolean b) {
            o.put(key, b);
        } else {
            // Dates and timestamps print as ISO text (2024-03-01, 2024-03-01 10:00:00), which Vega-Lite parses.
            o.put(key, v.toString());
        }
    }

    private static String runtime(String name) throws IOException {
        try (InputStream in = ChartPage.class.getResourceAsStream(RUNTIME + name)) {
            if (in == null) {
                throw new IOException("this jar was built without the chart runtime (" + name + "); build it with "
                        + "npm on the PATH and without -Dnl.skipNpm=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** JSON inside a script element: no {@code </script>} or {@code <!--} can end or bend it ({@code <} only occurs
     *  inside JSON strings, where its escape means the same). */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c");
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
