package org.nljdbc.translator.internal;

import org.nljdbc.translator.Source;

import java.util.List;

/**
 * Everything known about how one question became SQL.
 *
 * @param question       the question as asked
 * @param sql            the final SQL exactly as it runs (after the guard's rewrites)
 * @param parameters     values bound to the {@code ?} markers the guard added
 * @param rewrites       what the guard changed (limit, masks, tenant filters)
 * @param source         which stage wrote the SQL
 * @param tables         tables whose schema was sent to the model
 * @param attempts       every attempt, in order; the last is the one that ran
 * @param promptTokens   total prompt tokens over all attempts
 * @param completionTokens total completion tokens over all attempts
 * @param schemaTokens   estimated tokens of the schema part of the prompt
 * @param fullSchemaTokens estimated tokens of the whole visible schema
 * @param cost           the cost estimate, described in one line; null when none was made
 */
public record Translation(String question, String sql, List<Object> parameters, List<String> rewrites, Source source,
                          List<String> tables, List<Attempt> attempts, int promptTokens, int completionTokens,
                          int schemaTokens, int fullSchemaTokens, String cost) {
    public Translation {
        parameters = List.copyOf(parameters);
        rewrites = List.copyOf(rewrites);
        tables = List.copyOf(tables);
        attempts = List.copyOf(attempts);
    }

    /** A translation without a cost estimate. */
    public Translation(String question, String sql, List<Object> parameters, List<String> rewrites, Source source,
                       List<String> tables, List<Attempt> attempts, int promptTokens, int completionTokens,
                       int schemaTokens, int fullSchemaTokens) {
        this(question, sql, parameters, rewrites, source, tables, attempts, promptTokens, completionTokens,
                schemaTokens, fullSchemaTokens, null);
    }
}
