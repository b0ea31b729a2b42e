package org.nljdbc.translator.internal.retrieval;

import org.nljdbc.translator.internal.catalog.Catalog;

/** Picks the part of a catalog a question needs. Implementations are thread-safe. */
public interface SchemaRetriever {
    /**
     * @param question        the question (with any conversation context already folded in)
     * @param catalog         the catalog as the user may see it (already filtered by policy)
     * @param maxPromptTokens budget: a schema that fits is sent whole
     */
    RetrievedSchema retrieve(String question, Catalog catalog, int maxPromptTokens);
}
