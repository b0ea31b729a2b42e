package org.nljdbc.translator.internal.retrieval;

import java.util.List;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * The part of the catalog sent to the LLM for one question.
 *
 * @param tables           the tables chosen (including those added to connect them)
 * @param joinHints        join conditions along foreign keys, e.g. {@code orders.customer_id = customers.id}
 * @param ddl              the rendered prompt text (compact DDL with FK comments and sample values)
 * @param promptTokens     estimated tokens of {@code ddl}
 * @param fullSchemaTokens estimated tokens of the whole visible schema rendered the same way
 */
public record RetrievedSchema(List<TableInfo> tables, List<String> joinHints, String ddl, int promptTokens,
                              int fullSchemaTokens) {
    public RetrievedSchema {
        tables = List.copyOf(tables);
        joinHints = List.copyOf(joinHints);
    }
}
