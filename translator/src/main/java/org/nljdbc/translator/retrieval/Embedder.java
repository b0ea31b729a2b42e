package org.nljdbc.translator.retrieval;

import java.util.List;

/**
 * Dense text embeddings for retrieval, fused with the lexical ranking when configured. Implementations
 * might call an OpenAI-compatible {@code /v1/embeddings} endpoint or run a model in process (an optional
 * module, to keep the driver jar small). None ships yet: the lexical ranking alone meets the recall goals.
 */
public interface Embedder {
    /** One vector per text, in order; vectors of one embedder all have the same length. */
    List<float[]> embed(List<String> texts);
}
