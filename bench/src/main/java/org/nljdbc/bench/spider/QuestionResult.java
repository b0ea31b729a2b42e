package org.nljdbc.bench.spider;

/**
 * How one question went.
 *
 * @param index            position in dev.json
 * @param outcome          see {@link Outcome}
 * @param sql              the SQL that ran (after the guard's rewrites), or the last SQL produced, or null
 * @param promptTokens     prompt tokens over all attempts (0 when unknown)
 * @param schemaTokens     estimated tokens of the schema sent, or -1 when the driver reported none
 * @param fullSchemaTokens estimated tokens of the whole schema, or -1 when the driver reported none
 * @param goldTablesInPrompt whether the first prompt held every gold table; null when unknown (no scripted server
 *                         and no translation to read it from)
 * @param latencyMs        wall time of the statement and reading its rows, less the LLM server's time when known
 * @param llmMs            time measured inside the scripted server (0 for other modes)
 * @param detail           error message or why the result differs, or null
 * @param rightUpToColumnOrder the result is gold's in some order of its columns (Spider's official rule); true
 *                         whenever {@code outcome} is {@link Outcome#CORRECT}, which compares columns in order
 */
public record QuestionResult(int index, String question, String db, Hardness hardness, String gold, Outcome outcome,
                      String sql, int promptTokens, int completionTokens, int schemaTokens, int fullSchemaTokens,
                      Boolean goldTablesInPrompt, int attempts, double latencyMs, double llmMs, String detail,
                      boolean rightUpToColumnOrder) {

    /** A result judged with columns in order only. */
    public QuestionResult(int index, String question, String db, Hardness hardness, String gold, Outcome outcome,
                          String sql, int promptTokens, int completionTokens, int schemaTokens, int fullSchemaTokens,
                          Boolean goldTablesInPrompt, int attempts, double latencyMs, double llmMs, String detail) {
        this(index, question, db, hardness, gold, outcome, sql, promptTokens, completionTokens, schemaTokens,
                fullSchemaTokens, goldTablesInPrompt, attempts, latencyMs, llmMs, detail, outcome == Outcome.CORRECT);
    }

    /** What happened to one question. */
    public enum Outcome {
        /** Same result as the gold SQL. */
        CORRECT,
        /** SQL ran, but its result differs from the gold result. */
        WRONG_RESULT,
        /** No SQL came back (the model declined, or no LLM and the LLM-free translator had no answer). */
        NO_SQL,
        /** The guard refused every SQL produced. */
        REFUSED,
        /** The SQL produced failed on the database (after repairs), or another error. */
        ERROR,
        /** The LLM endpoint could not be reached. */
        LLM_UNAVAILABLE,
        /** The gold SQL itself fails on this database: excluded from the denominator. */
        GOLD_FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The outcome of a question whose statement failed: why no result came back. */
    public static Outcome failure(java.sql.SQLException e, boolean sqlWasGiven) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.nljdbc.translator.PolicyRefusedException) {
                return Outcome.REFUSED;
            }
            if (t instanceof org.nljdbc.translator.LlmUnavailableException) {
                return Outcome.LLM_UNAVAILABLE;
            }
            if (t instanceof org.nljdbc.translator.TranslationFailedException) {
                return sqlWasGiven ? Outcome.ERROR : Outcome.NO_SQL;
            }
        }
        return Outcome.ERROR;
    }

    boolean scored() {
        return outcome != Outcome.GOLD_FAILED;
    }

    /** Produced SQL, whether or not it then passed the guard, ran, or was right. */
    boolean answered() {
        return outcome == Outcome.CORRECT || outcome == Outcome.WRONG_RESULT || outcome == Outcome.REFUSED
                || outcome == Outcome.ERROR && sql != null;
    }
}
