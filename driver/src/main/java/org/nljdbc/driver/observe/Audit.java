package org.nljdbc.driver.observe;

import java.time.Instant;
import java.util.List;
import org.nljdbc.translator.internal.Stage;
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

    /**
     * The line as logged (public for the pipeline benchmark, which runs with slf4j-nop). Written by hand into one
     * buffer, not through a JSON tree: it is built for every NL statement, on the path of a cache hit.
     */
    public static String toJson(Entry e) {
        StringBuilder b = new StringBuilder(640);
        b.append("{\"time\":\"");
        time(b, Instant.now());
        b.append('"');
        string(b, "user", e.user());
        string(b, "applicationName", e.applicationName());
        number(b, "connectionId", e.connectionId());
        string(b, "form", e.form());
        string(b, "question", e.question());
        string(b, "sql", e.sql());
        string(b, "source", e.source());
        string(b, "verdict", e.verdict());
        if (e.reason() != null) {
            string(b, "reason", e.reason());
            string(b, "sqlState", e.reasonSqlState());
        }
        b.append(",\"rewrites\":[");
        if (e.rewrites() != null) {
            for (int i = 0; i < e.rewrites().size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                quoted(b, e.rewrites().get(i));
            }
        }
        b.append(']');
        string(b, "tenant", e.tenantBound() ? "bound" : "none");
        number(b, "rows", e.rows());
        number(b, "bytes", e.bytes());
        b.append(",\"durationMicros\":{\"total\":").append(e.totalNanos() / 1000).append('}');
        // Milliseconds with microsecond precision, in pipeline order; only the stages the statement passed.
        b.append(",\"stages\":{");
        if (e.stageNanos() != null) {
            boolean first = true;
            for (Stage s : STAGES) {
                long n = e.stageNanos()[s.ordinal()];
                if (n > 0) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    b.append('"').append(s.tag()).append("\":");
                    millis(b, Math.max(1, n / 1000)); // a stage that ran took time: never 0.000
                }
            }
        }
        b.append("},\"tokens\":{\"in\":").append(e.promptTokens()).append(",\"out\":").append(e.completionTokens())
                .append("},\"cost\":").append(Double.isFinite(e.cost()) ? e.cost() : 0.0).append('}');
        return b.toString();
    }

    private static void number(StringBuilder b, String name, long value) {
        b.append(",\"").append(name).append("\":").append(value);
    }

    private static void string(StringBuilder b, String name, String value) {
        b.append(",\"").append(name).append("\":");
        quoted(b, value);
    }

    /** A JSON string (or null): quote, backslash and control characters escaped, as RFC 8259 requires. */
    static void quoted(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) {
                continue;
            }
            b.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15])
                        .append(HEX[c & 15]);
            }
        }
        b.append(s, from, s.length()).append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** {@code micros} as milliseconds with three decimals: 22623 is 22.623. */
    private static void millis(StringBuilder b, long micros) {
        b.append(micros / 1000).append('.');
        long frac = micros % 1000;
        if (frac < 100) {
            b.append('0');
        }
        if (frac < 10) {
            b.append('0');
        }
        b.append(frac);
    }

    /** The second the last line was written in, and its text up to the seconds ({@code 2026-12-03T07:55:19}). */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second second = new Second(Long.MIN_VALUE, "");

    /** ISO-8601 in UTC with nanoseconds, {@code 2026-12-03T07:55:19.728457829Z}; the date is formatted once a second. */
    static void time(StringBuilder b, Instant now) {
        Second s = second;
        if (s.epochSecond() != now.getEpochSecond()) {
            String whole = Instant.ofEpochSecond(now.getEpochSecond()).toString(); // 2026-12-03T07:55:19Z
            s = new Second(now.getEpochSecond(), whole.substring(0, whole.length() - 1));
            second = s;
        }
        b.append(s.text()).append('.');
        String nanos = Integer.toString(now.getNano());
        for (int i = nanos.length(); i < 9; i++) {
            b.append('0');
        }
        b.append(nanos).append('Z');
    }
}
