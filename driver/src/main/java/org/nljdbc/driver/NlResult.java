package org.nljdbc.driver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.nljdbc.translator.internal.Translation;
import org.nljdbc.translator.internal.explain.ChartAdvisor;
import org.nljdbc.translator.internal.explain.VegaLiteChart;

/**
 * How the last NL statement of a {@code Statement} was answered: obtain it with
 * {@code statement.unwrap(NlResult.class)} after executing {@code NL: ...}, {@code NL SHOWSQL: ...} or
 * {@code NL EXPLAIN: ...}.
 */
public final class NlResult {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String kind;
    private final Translation translation;
    private final List<String> warnings;
    private final ChartAdvisor.Advice chart;
    private final int turn;
    private final org.nljdbc.translator.internal.conversation.FollowUp followUp;

    NlResult(String kind, Translation translation, List<String> warnings) {
        this(kind, translation, warnings, null);
    }

    NlResult(String kind, Translation translation, List<String> warnings, ChartAdvisor.Advice chart) {
        this(kind, translation, warnings, chart, 0, null);
    }

    /**
     * @param turn     this question's number in the connection's conversation, or 0 when it was not remembered
     * @param followUp how it refined an earlier turn, or null for an independent question
     */
    NlResult(String kind, Translation translation, List<String> warnings, ChartAdvisor.Advice chart, int turn,
             org.nljdbc.translator.internal.conversation.FollowUp followUp) {
        this.kind = kind;
        this.translation = translation;
        this.warnings = List.copyOf(warnings);
        this.chart = chart;
        this.turn = turn;
        this.followUp = followUp;
    }

    private double estimatedCost;

    void estimatedCost(double cost) {
        this.estimatedCost = cost;
    }

    /** The model tokens of this question priced by {@code nl.llm.price}: an estimate, 0 without a price. */
    public double estimatedCost() {
        return estimatedCost;
    }

    /** This question's number in the connection's conversation (1 after a reset), or 0 when it was not remembered. */
    public int turn() {
        return turn;
    }

    /** Whether the question was answered as a refinement of an earlier question on this connection. */
    public boolean isFollowUp() {
        return followUp != null;
    }

    /**
     * How the question refined an earlier one: of which turn, the edits applied (e.g. {@code filter: ...},
     * {@code limit: 10}) and whether the SQL was edited directly ({@code edit}) or by the model ({@code llm});
     * null for an independent question.
     */
    public FollowUp followUp() {
        return followUp == null ? null : new FollowUp(followUp.ofTurn(), followUp.edits(), followUp.resolvedBy());
    }

    /** How the result would best be charted, e.g. {@code bar of revenue by category}; null when not advised. */
    public Chart chart() {
        return chart == null ? null : new Chart(chart.chart(), chart.x(), chart.y(), chart.reason());
    }

    /**
     * The chart as a Vega-Lite v5 specification (JSON text) titled with the question, for a frontend to draw: it
     * reads the data set named {@code table} (the result's rows as objects keyed by column label, which the caller
     * supplies); null when no chart suits the result (a single value, a table) or none was advised.
     */
    public String chartSpec() {
        return chart == null ? null : VegaLiteChart.json(chart, question()).orElse(null);
    }

    /** {@code query}, {@code showsql} or {@code explain}. */
    public String kind() {
        return kind;
    }

    public String question() {
        return translation.question();
    }

    /** The SQL exactly as it ran (or would run, for SHOWSQL), after the guard's rewrites. */
    public String sql() {
        return translation.sql();
    }

    /** Values bound to the SQL's parameter markers (tenant filters). */
    public List<Object> parameters() {
        return translation.parameters();
    }

    /** What the guard changed, e.g. {@code LIMIT 1000 added}. */
    public List<String> rewrites() {
        return translation.rewrites();
    }

    /** {@code llm}, {@code symbolic}, {@code cache}, or {@code conversation} for a follow-up edited without a model. */
    public String source() {
        return translation.source().tag();
    }

    /** Tables whose schema was given to the model. */
    public List<String> tables() {
        return translation.tables();
    }

    /** Every attempt in order, with its SQL, error and tokens. */
    public List<Attempt> attempts() {
        return translation.attempts().stream()
                .map(a -> new Attempt(a.sql(), a.error(), a.promptTokens(), a.completionTokens())).toList();
    }

    /** The cost estimate in one line (rows and cost; the database's too with {@code nl.cost.explain}); null if none. */
    public String cost() {
        return translation.cost();
    }

    public int promptTokens() {
        return translation.promptTokens();
    }

    public int completionTokens() {
        return translation.completionTokens();
    }

    public List<String> warnings() {
        return warnings;
    }

    /** Tokens of the schema part of the prompt, 0 when no model was asked. */
    public int schemaTokens() {
        return translation.schemaTokens();
    }

    /** Tokens the whole visible schema would have taken in the prompt (what retrieval saved is the difference). */
    public int fullSchemaTokens() {
        return translation.fullSchemaTokens();
    }

    Translation translation() {
        return translation;
    }

    /** The whole report as a JSON object. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", kind);
        root.put("question", question());
        root.put("sql", sql());
        ArrayNode params = root.putArray("parameters");
        parameters().forEach(p -> params.add(String.valueOf(p)));
        ArrayNode rw = root.putArray("rewrites");
        rewrites().forEach(rw::add);
        root.put("source", source());
        ArrayNode tables = root.putArray("tables");
        tables().forEach(tables::add);
        ArrayNode attempts = root.putArray("attempts");
        for (Attempt a : attempts()) {
            attempts.addObject().put("sql", a.sql()).put("error", a.error()).put("promptTokens", a.promptTokens())
                    .put("completionTokens", a.completionTokens());
        }
        root.put("cost", translation.cost());
        root.put("estimatedCost", estimatedCost);
        root.putObject("tokens").put("prompt", promptTokens()).put("completion", completionTokens())
                .put("schema", translation.schemaTokens()).put("fullSchema", translation.fullSchemaTokens());
        if (chart != null) {
            ObjectNode c = root.putObject("chart");
            c.put("type", chart.chart()).put("x", chart.x()).put("reason", chart.reason());
            ArrayNode y = c.putArray("y");
            chart.y().forEach(y::add);
            VegaLiteChart.of(chart, question()).ifPresent(spec -> c.set("vegaLite", spec));
        }
        ObjectNode conv = root.putObject("conversation");
        conv.put("turn", turn).put("followUp", followUp != null);
        if (followUp != null) {
            conv.put("ofTurn", followUp.ofTurn()).put("resolvedBy", followUp.resolvedBy());
            ArrayNode edits = conv.putArray("edits");
            followUp.edits().forEach(edits::add);
        }
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        return root.toString();
    }

    @Override
    public String toString() {
        return "NlResult[" + kind + ": " + sql() + "]";
    }

    /**
     * How a question was resolved as a follow-up of an earlier turn.
     *
     * @param ofTurn     the turn it refines
     * @param edits      the edits applied to that turn's SQL, in order, each {@code kind: what}, e.g.
     *                   {@code filter: regions.name = 'Europe'}; for {@code llm} the reason the model was asked
     * @param resolvedBy {@code edit} when the SQL was edited without a model, {@code llm} when the model refined it
     */
    public record FollowUp(int ofTurn, List<String> edits, String resolvedBy) {
        public FollowUp {
            edits = List.copyOf(edits);
        }

        /** The edit kinds applied, e.g. {@code [filter, limit]}. */
        public List<String> kinds() {
            return edits.stream().map(e -> e.contains(":") ? e.substring(0, e.indexOf(':')) : e).toList();
        }

        /** Whether the model was needed. */
        public boolean byModel() {
            return "llm".equals(resolvedBy);
        }
    }

    /**
     * How the result would best be charted.
     *
     * @param chart  {@code single value}, {@code line}, {@code bar}, {@code pie}, {@code scatter} or {@code table}
     * @param x      the column for the x axis (or categories), null when not applicable
     * @param y      the column(s) for values
     * @param reason one sentence on why
     */
    public record Chart(String chart, String x, List<String> y, String reason) {
        public Chart {
            y = List.copyOf(y);
        }

        /** This chart as a Vega-Lite v5 specification (JSON text) reading the data set named {@code table}. */
        public Optional<String> vegaLite() {
            return new ChartAdvisor.Advice(chart, x, y, reason).vegaLite();
        }

        @Override
        public String toString() {
            return new ChartAdvisor.Advice(chart, x, y, reason).toString();
        }
    }

    /**
     * One try at producing runnable SQL.
     *
     * @param sql              the SQL the generator produced (before the guard's rewrites); null if none was found
     * @param error            why it was rejected (validation, guard, database), or null for the attempt that ran
     * @param promptTokens     tokens the provider reported for the prompt of this attempt
     * @param completionTokens tokens the provider reported for the completion of this attempt
     */
    public record Attempt(String sql, String error, int promptTokens, int completionTokens) {
    }
}
