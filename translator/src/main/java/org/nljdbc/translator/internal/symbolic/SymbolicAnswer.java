package org.nljdbc.translator.internal.symbolic;

import java.util.List;

/**
 * SQL the LLM-free translator is confident enough to run.
 *
 * @param sql        one SELECT in the requested dialect; it still goes through the guard like any generated SQL
 * @param confidence in (0, 1]; at least the translator's {@code minConfidence}
 * @param understood the phrases of the question it used, in order ("how many", "orders", "in 2024", ...)
 * @param tables     tables the SQL reads
 */
public record SymbolicAnswer(String sql, double confidence, List<String> understood, List<String> tables)
        implements SymbolicOutcome {
    public SymbolicAnswer {
        understood = List.copyOf(understood);
        tables = List.copyOf(tables);
    }
}
