package org.nljdbc.translator.internal.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A Vega-Lite v5 specification for chart advice: bar (grouped when there are several values), line over time, pie
 * (arc) for a few shares, scatter (point). The data is left to the caller: the spec reads the named data set
 * {@code table}, whose rows are objects keyed by the result's column labels (Vega-Lite's top-level
 * {@code datasets}, or {@code view.data("table", rows)} after embedding).
 */
public final class VegaLiteChart {
    /** The schema every specification names. */
    public static final String SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
    /** The name of the data set a specification reads. */
    public static final String DATA_NAME = "table";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The folded measure's name and value when several columns share one axis. */
    private static final String MEASURE = "measure";
    private static final String VALUE = "value";

    private VegaLiteChart() {
    }

    /**
     * The specification for {@code advice} as a JSON object, or empty for a single value or a table (nothing to
     * draw).
     *
     * @param title shown above the chart (e.g. the question); null for none
     */
    public static Optional<ObjectNode> of(ChartAdvisor.Advice advice, String title) {
        if (advice == null || advice.y().isEmpty() || advice.x() == null) {
            return Optional.empty();
        }
        ObjectNode spec = JSON.createObjectNode();
        spec.put("$schema", SCHEMA);
        if (title != null && !title.isBlank()) {
            spec.put("title", title);
        }
        spec.put("description", advice.toString());
        spec.putObject("data").put("name", DATA_NAME);
        spec.put("width", "container");
        ObjectNode encoding = JSON.createObjectNode();
        List<String> ys = advice.y();
        switch (advice.chart()) {
            case "bar" -> {
                spec.putObject("mark").put("type", "bar").put("tooltip", true);
                // The query's own ORDER BY decides the order of the bars, not the alphabet.
                field(encoding, "x", advice.x(), "nominal").putNull("sort");
                if (ys.size() == 1) {
                    field(encoding, "y", ys.get(0), "quantitative");
                } else {
                    fold(spec, ys);
                    field(encoding, "y", VALUE, "quantitative");
                    field(encoding, "xOffset", MEASURE, "nominal");
                    field(encoding, "color", MEASURE, "nominal");
                }
            }
            case "line" -> {
                spec.putObject("mark").put("type", "line").put("point", true).put("tooltip", true);
                field(encoding, "x", advice.x(), "temporal");
                if (ys.size() == 1) {
                    field(encoding, "y", ys.get(0), "quantitative");
                } else {
                    fold(spec, ys);
                    field(encoding, "y", VALUE, "quantitative");
                    field(encoding, "color", MEASURE, "nominal");
                }
            }
            case "pie" -> {
                spec.putObject("mark").put("type", "arc").put("tooltip", true);
                field(encoding, "theta", ys.get(0), "quantitative").put("stack", true);
                field(encoding, "color", advice.x(), "nominal").putNull("sort");
            }
            case "scatter" -> {
                spec.putObject("mark").put("type", "point").put("tooltip", true);
                field(encoding, "x", advice.x(), "quantitative");
                field(encoding, "y", ys.get(0), "quantitative");
            }
            default -> {
                return Optional.empty();
            }
        }
        spec.set("encoding", encoding);
        return Optional.of(spec);
    }

    /** As {@link #of(ChartAdvisor.Advice, String)}, as JSON text. */
    public static Optional<String> json(ChartAdvisor.Advice advice, String title) {
        return of(advice, title).map(ObjectNode::toString);
    }

    private static ObjectNode field(ObjectNode encoding, String channel, String column, String type) {
        ObjectNode f = encoding.putObject(channel);
        f.put("field", escape(column)).put("type", type);
        // The axis shows the column's label as the result has it, not the escaped field name.
        f.put("title", column);
        return f;
    }

    private static void fold(ObjectNode spec, List<String> columns) {
        ObjectNode step = spec.putArray("transform").addObject();
        ArrayNode fold = step.putArray("fold");
        columns.forEach(c -> fold.add(escape(c)));
        step.putArray("as").add(MEASURE).add(VALUE);
    }

    /** Vega-Lite reads {@code .} and brackets in a field name as nested access: a result label such as
     *  {@code SUM(o.total)} is escaped so it names the column. */
    static String escape(String column) {
        StringBuilder sb = new StringBuilder(column.length() + 4);
        for (char ch : column.toCharArray()) {
            if (ch == '.' || ch == '[' || ch == ']' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }
}
