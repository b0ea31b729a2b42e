package org.nljdbc.translator;

/** Which stage of the pipeline wrote the SQL of an answer. */
public enum Source {
    /** A verified example (the semantics file or {@code NL REMEMBER}) reused as it was verified. */
    EXAMPLE("example"),
    /** The LLM-free translator. */
    SYMBOLIC("symbolic"),
    /** A translation cached from an earlier model answer of the same question. */
    CACHE("cache"),
    /** A sure edit of the previous turn's SQL, made without a model. */
    CONVERSATION("conversation"),
    /** The model, repairs included. */
    MODEL("llm"),
    /** SQL given as such (e.g. {@code NL EXPLAIN: SELECT ...}); nothing was translated. */
    SQL("sql");

    private final String tag;

    Source(String tag) {
        this.tag = tag;
    }

    /** The name shown in reports, warnings and metric tags, e.g. {@code llm}. */
    public String tag() {
        return tag;
    }
}
