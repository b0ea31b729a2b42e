package org.nljdbc.translator.retrieval;

import java.util.List;
import java.util.stream.Collectors;
import org.nljdbc.translator.catalog.ColumnInfo;
import org.nljdbc.translator.catalog.ForeignKey;
import org.nljdbc.translator.catalog.TableInfo;

/** Renders tables as compact DDL for a prompt: one CREATE TABLE per table, FKs as comments. */
public final class DdlRenderer {
    private DdlRenderer() {
    }

    public static String render(List<TableInfo> tables) {
        StringBuilder sb = new StringBuilder();
        for (TableInfo t : tables) {
            render(t, sb);
        }
        return sb.toString();
    }

    static void render(TableInfo t, StringBuilder sb) {
        sb.append("CREATE TABLE ").append(t.name()).append(" (");
        if (t.remarks() != null && !t.remarks().isBlank()) {
            sb.append(" -- ").append(oneLine(t.remarks()));
        }
        sb.append('\n');
        for (int i = 0; i < t.columns().size(); i++) {
            ColumnInfo c = t.columns().get(i);
            sb.append("  ").append(c.name()).append(' ').append(c.typeName());
            if (t.primaryKey().size() == 1 && t.primaryKey().get(0).equalsIgnoreCase(c.name())) {
                sb.append(" PRIMARY KEY");
            }
            if (i < t.columns().size() - 1 || t.primaryKey().size() > 1) {
                sb.append(',');
            }
            StringBuilder comment = new StringBuilder();
            if (c.remarks() != null && !c.remarks().isBlank()) {
                comment.append(oneLine(c.remarks()));
            }
            if (!c.sampleValues().isEmpty()) {
                if (comment.length() > 0) {
                    comment.append("; ");
                }
                comment.append("values: ").append(c.sampleValues().stream().map(v -> "'" + v + "'")
                        .collect(Collectors.joining(", ")));
            }
            for (ForeignKey fk : t.importedKeys()) {
                if (fk.fromColumns().size() == 1 && fk.fromColumns().get(0).equalsIgnoreCase(c.name())) {
                    if (comment.length() > 0) {
                        comment.append("; ");
                    }
                    comment.append("references ").append(fk.toTable()).append('(').append(fk.toColumns().get(0))
                            .append(')');
                }
            }
            if (comment.length() > 0) {
                sb.append(" -- ").append(comment);
            }
            sb.append('\n');
        }
        if (t.primaryKey().size() > 1) {
            sb.append("  PRIMARY KEY (").append(String.join(", ", t.primaryKey())).append(")\n");
        }
        sb.append(");\n");
    }

    /** Rough token estimate (about 4 characters a token), good enough for budgets and reports. */
    public static int estimateTokens(String text) {
        return (text.length() + 3) / 4;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
