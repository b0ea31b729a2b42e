package org.nljdbc.translator.internal;

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
