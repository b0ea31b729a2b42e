package org.nljdbc.translator.internal;

/**
 * The stages one question passes through, in order; each is timed and traced under its {@link #tag()}. Not every
 * question passes every stage: a verified example or a cache hit skips retrieval and generation.
 */
public enum Stage {
    /** Resolving a follow-up against the conversation, and making a sure edit of the previous query. */
    CONVERSATION,
    /** Looking up a verified example of the semantics file or of {@code NL REMEMBER}. */
    EXAMPLES,
    /** The LLM-free translator. */
    SYMBOLIC,
    /** The translation cache, local or shared. */
    CACHE,
    /** Choosing the tables and columns the prompt shows. */
    RETRIEVAL,
    /** The model call. */
    GENERATION,
    /** The checkpoint: guard, Calcite validation and rendering, cost ceiling. */
    CHECKPOINT,
    /** Running the accepted SQL on the database. */
    EXECUTION;

    /** The stage's name as a metric tag or span name: lower case, e.g. {@code generation}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
