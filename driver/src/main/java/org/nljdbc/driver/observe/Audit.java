package org.nljdbc.driver.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.nljdbc.translator.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one JSON line per NL statement to the SLF4J logger {@code org.nljdbc.audit} at INFO (the host's
 * logging decides where it goes), when {@code nl.audit=on}. It carries who asked what, the SQL that ran, how it was
 * answered, what the guard did, the rows and bytes the caller read, how long each stage took, tokens and
 * estimated cost. Never a secret, a result value or a bound parameter: a
 * tenant filter's value is bound, never part of the SQL, and the line only says {@code "tenant":"bound"}.
 */
public final class Audit {
    /** The logger's name. */
    public static final String LOGGER = "org.nljdbc.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one NL statement did; fields may be null where unknown (e.g. no SQL for a question refused before any
     * was written). {@code rows} and {@code bytes} are what the caller read; {@code stageNanos} is indexed by
     * {@link Stage#ordinal()}, 0 for a stage the statement skipped.
     */
    public record Entry(String user, String applicationName, long connectionId, String form, String question,
                        String sql, String source, String verdict, String reason, String reasonSqlState,
                        List<String> rewrites, boolean tenantBound, long rows, long bytes, long totalNanos,
                        long[] stageNanos, int promptTokens, int completionTokens, double cost) {
        Entry withRows(long rowsRead, long bytesRead) {
            return new Entry(user, applicationName, connectionId, form, question, sql, source, verdict, reason,
                    reasonSqlState, rewrites, tenantBound, rowsRead, bytesRead, totalNanos, stageNanos, promptTokens,
                    completionTokens, cost);
        }
    }

    private static final Stage[] STAGES = Stage.values();

    private Audit() {
    }

    public static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    public static void log(Entry e) {
        if (LOG.isInfoEnabled()) {
            LOG.info(toJson(e));
        }
    }

    /** The line as logged (public for the pipeline benchmark, which runs with slf4j-nop). */
    public static String toJson(Entry e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("time", Instant.now().toString());
        root.put("user", e.user());
        root.put("applicationName", e.applicationName());
        root.put("connectionId", e.connectionId());
        root.put("form", e.form());
        root.put("question", e.question());
        root.put("sql", e.sql());
        root.put("source", e.source());
        root.put("verdict", e.verdict());
        if (e.reason() != null) {
            root.put("reason", e.reason());
            root.put("sqlState", e.reasonSqlState());
        }
        ArrayNode rw = root.putArray("rewrites");
        if (e.rewrites() != null) {
            e.rewrites().forEach(rw::add);
        }
        root.put("tenant", e.tenantBound() ? "bound" : "none");
        root.put("rows", e.rows());
        root.put("bytes", e.bytes());
        root.putObject("durationMicros").put("total", e.totalNanos() / 1000);
        // Milliseconds with microsecond precision, in pipeline order; only the stages the statement passed.
        ObjectNode stages = root.putObject("stages");
        if (e.stageNanos() != null) {
            for (Stage s : STAGES) {
                long n = e.stageNanos()[s.ordinal()];
                if (n > 0) {
                    stages.put(s.tag(), (n / 1000) / 1000.0);
                }
            }
        }
        root.putObject("tokens").put("in", e.promptTokens()).put("out", e.completionTokens());
        root.put("cost", e.cost());
        return root.toString();
    }
}
