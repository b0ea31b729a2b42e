package org.nljdbc.translator.internal.retrieval;

import java.util.ArrayList;
import java.util.List;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ForeignKey;

/** Sends the whole visible schema, whatever the question. The baseline every smarter retriever is measured against. */
public final class WholeSchemaRetriever implements SchemaRetriever {
    @Override
    public RetrievedSchema retrieve(String question, Catalog catalog, int maxPromptTokens) {
        String ddl = DdlRenderer.render(catalog.tables());
        List<String> hints = new ArrayList<>();
        for (ForeignKey fk : catalog.foreignKeys()) {
            for (int i = 0; i < fk.fromColumns().size(); i++) {
                hints.add(fk.fromTable() + "." + fk.fromColumns().get(i) + " = " + fk.toTable() + "."
                        + fk.toColumns().get(i));
            }
        }
        int tokens = DdlRenderer.estimateTokens(ddl);
        return new RetrievedSchema(catalog.tables(), hints, ddl, tokens, tokens);
    }
}
