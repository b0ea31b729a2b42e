package org.nljdbc.translator;

import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.catalog.Catalog;
import org.nljdbc.translator.retrieval.RetrievedSchema;

/** Writes the system prompt: the dialect, the rules, the retrieved schema and join hints. */
final class PromptBuilder {
    private PromptBuilder() {
    }

    static String system(Catalog catalog, Dialect dialect, RetrievedSchema schema, int maxRows) {
        StringBuilder sb = new StringBuilder(1024 + schema.ddl().length());
        sb.append("You translate questions into one SQL query for ").append(catalog.productName()).append(' ')
                .append(catalog.productVersion()).append(" (dialect: ").append(dialect.name().toLowerCase(java.util.Locale.ROOT))
                .append(").\n")
                .append("Rules:\n")
                .append("- Answer with a single read-only SELECT (WITH ... SELECT allowed) in a ```sql code block, nothing else.\n")
                .append("- Use only the tables and columns below; never invent names.\n")
                .append("- Join along the foreign keys given.\n")
                .append("- Return at most ").append(maxRows).append(" rows.\n")
                .append("- If the question cannot be answered from this schema, reply with one sentence saying why, and no SQL.\n\n")
                .append("Schema:\n").append(schema.ddl());
        if (!schema.joinHints().isEmpty()) {
            sb.append("\nJoin conditions:\n");
            schema.joinHints().forEach(h -> sb.append("- ").append(h).append('\n'));
        }
        return sb.toString();
    }

    static String repair(String sql, String error) {
        return "That query failed:\n" + error + "\nReturn a corrected query for the same question, in a ```sql code block.";
    }
}
