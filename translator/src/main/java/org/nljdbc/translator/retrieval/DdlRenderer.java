package org.nljdbc.translator.retrieval;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.nljdbc.translator.catalog.ColumnInfo;
import org.nljdbc.translator.catalog.ForeignKey;
import org.nljdbc.translator.catalog.TableInfo;

/**
 * Renders tables as compact DDL for a prompt: one CREATE TABLE (or VIEW) per table, comments and
 * foreign keys as SQL comments, a few sample values for enum-like columns, approximate row counts.
 */
public final class DdlRenderer {
    /** Sample values shown per column unless told otherwise. */
    public static final int DEFAULT_SAMPLES_SHOWN = 4;

    private DdlRenderer() {
    }

    public static String render(List<TableInfo> tables) {
        return render(tables, DEFAULT_SAMPLES_SHOWN);
    }

    /**
     * @param samplesShown at most this many sample values per column (those first in
     *                     {@link ColumnInfo#sampleValues()}), followed by how many more there are
     */
    public static String render(List<TableInfo> tables, int samplesShown) {
        Set<String> present = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        tables.forEach(t -> present.add(t.name()));
        StringBuilder sb = new StringBuilder();
        for (TableInfo t : tables) {
            render(t, sb, samplesShown, present);
        }
        return sb.toString();
    }

    /** @param present names of the tables rendered with this one; references to others are left out; null keeps all */
    static void render(TableInfo t, StringBuilder sb, int samplesShown, Set<String> present) {
        sb.append(t.type().equals("VIEW") ? "CREATE VIEW " : "CREATE TABLE ").append(t.name()).append(" (");
        StringBuilder head = new StringBuilder();
        if (t.remarks() != null && !t.remarks().isBlank()) {
            head.append(oneLine(t.remarks()));
        }
        if (t.rowCount() >= 0) {
            head.append(head.length() > 0 ? "; " : "").append("~").append(t.rowCount()).append(" rows");
        }
        if (head.length() > 0) {
            sb.append(" -- ").append(head);
        }
        sb.append('\n');
        for (int i = 0; i < t.columns().size(); i++) {
            ColumnInfo c = t.columns().get(i);
            sb.append("  ").append(c.name()).append(' ').append(c.typeName() == null ? "" : c.typeName()
                    .toLowerCase(Locale.ROOT));
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
            if (!c.sampleValues().isEmpty() && samplesShown > 0) {
                if (comment.length() > 0) {
                    comment.append("; ");
                }
                List<String> shown = c.sampleValues().subList(0, Math.min(samplesShown, c.sampleValues().size()));
                comment.append("values: ");
                for (int v = 0; v < shown.size(); v++) {
                    comment.append(v > 0 ? ", " : "").append('\'').append(shown.get(v).replace("'", "''")).append('\'');
                }
                if (c.sampleValues().size() > shown.size()) {
                    comment.append(" (+").append(c.sampleValues().size() - shown.size()).append(')');
                }
            }
            for (ForeignKey fk : t.importedKeys()) {
                if (fk.fromColumns().size() == 1 && fk.fromColumns().get(0).equalsIgnoreCase(c.name())
                        && (present == null || present.contains(fk.toTable()))) {
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
        for (ForeignKey fk : t.importedKeys()) {
            if (fk.fromColumns().size() > 1 && (present == null || present.contains(fk.toTable()))) {
                sb.append("  -- (").append(String.join(", ", fk.fromColumns())).append(") references ")
                        .append(fk.toTable()).append('(').append(String.join(", ", fk.toColumns())).append(")\n");
            }
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
