package org.nljdbc.translator.internal.knowledge;

/**
 * A question with the SQL a person confirmed answers it (through {@code NL REMEMBER} or a semantics file).
 *
 * @param question the question as it was asked
 * @param sql      the SQL before the guard's rewrites (LIMIT, masks and tenant filters are applied again each time it
 *                 is reused, under the policy of the moment)
 * @param policy   the fingerprint of the policy whose guard accepted it, or "" when unknown (a semantics file)
 */
public record VerifiedExample(String question, String sql, String policy) {
    public VerifiedExample {
        if (question == null || question.isBlank() || sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("a verified example needs a question and its SQL");
        }
        policy = policy == null ? "" : policy;
    }
}
