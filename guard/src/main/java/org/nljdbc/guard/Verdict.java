package org.nljdbc.guard;

import java.util.List;
import java.util.Objects;

/** The guard's answer for one SQL text: accepted (possibly rewritten) or refused. */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Refused {

    /**
     * SQL the guard checked and allows to run. Only the guard makes one (its constructor is package-private), so a
     * value of this type is proof that {@link #sql()} passed {@link SqlGuard#check}: code that runs NL SQL takes an
     * {@code Accepted}, never a string.
     */
    final class Accepted implements Verdict {
        private final String sql;
        private final List<Object> parameters;
        private final List<String> rewrites;

        /**
         * @param sql        the text to execute, exactly; the guard has checked this very text
         * @param parameters values to bind, in order, to the {@code ?} markers the guard added (tenant filters)
         * @param rewrites   human-readable list of what was changed (e.g. "LIMIT 1000 added")
         */
        Accepted(String sql, List<Object> parameters, List<String> rewrites) {
            this.sql = Objects.requireNonNull(sql, "sql");
            this.parameters = List.copyOf(parameters);
            this.rewrites = List.copyOf(rewrites);
        }

        /** The text to execute, exactly; the guard has checked this very text. */
        public String sql() {
            return sql;
        }

        /** Values to bind, in order, to the {@code ?} markers the guard added (tenant filters). */
        public List<Object> parameters() {
            return parameters;
        }

        /** What the guard changed, for people (e.g. "LIMIT 1000 added"). */
        public List<String> rewrites() {
            return rewrites;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Accepted a && sql.equals(a.sql) && parameters.equals(a.parameters)
                    && rewrites.equals(a.rewrites);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sql, parameters, rewrites);
        }

        @Override
        public String toString() {
            // Parameters are tenant values: their count, never the values, goes into logs.
            return "Accepted[sql=" + sql + ", parameters=" + parameters.size() + ", rewrites=" + rewrites + "]";
        }
    }

    /**
     * @param reason  machine-readable class of refusal
     * @param message a sentence for the user, e.g. "refused: statement 2 of 2 is DELETE; only single read-only queries run"
     */
    record Refused(Reason reason, String message) implements Verdict {
        /** SQLState for JDBC callers: 42000 for syntax, 42S02 for a table that is not visible, 42501 for policy. */
        public String sqlState() {
            return switch (reason) {
                case SYNTAX, TOO_COMPLEX -> "42000";
                case UNKNOWN_TABLE -> "42S02";
                default -> "42501";
            };
        }
    }

    /** Why a statement was refused. {@link #SYNTAX} alone is a candidate for repair by the LLM. */
    enum Reason {
        SYNTAX, MULTIPLE_STATEMENTS, NOT_READ_ONLY, INTO_CLAUSE, LOCKING_CLAUSE, DATA_MODIFYING_CTE,
        FORBIDDEN_FUNCTION, SYSTEM_CATALOG, DENIED_TABLE, MASKED_COLUMN_FILTER, EXECUTABLE_COMMENT,
        /** The guard cannot verify this construct (or rewrite it safely), so it does not run. */
        UNSUPPORTED,
        /**
         * The query names a table that is not among the visible tables (misspelt, in another schema, or hidden by
         * the policy: the message does not say which). The model may correct a misspelling.
         */
        UNKNOWN_TABLE,
        /** Too long, too deeply nested, or too slow to parse; a simpler query may pass. */
        TOO_COMPLEX;

        /** True when the refusal is about safety, so the LLM must not be asked to "repair" it into something similar. */
        public boolean isSecurity() {
            return this != SYNTAX && this != TOO_COMPLEX && this != UNKNOWN_TABLE;
        }
    }
}
