package org.nljdbc.translator.internal.retrieval;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.ForeignKey;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * Renders tables as compact DDL for a prompt: one CREATE TABLE (or VIEW) per table, comments and
 * foreign keys as SQL comments, a few sample values for enum-like columns, approximate row counts.
 *
 * <p>Everything that comes from the database's data or its comments is data, never prompt text: each sample value
 * and each comment is one line (control characters and line or paragraph separators become spaces), capped
 * ({@value #MAX_VALUE_CHARS} characters a value, {@value #MAX_COMMENT_CHARS} a comment, cut with {@code …}), and
 * written as an SQL string literal inside a {@code --} comment, in which the sequences that could end a comment or a
 * Markdown fence (a backtick, {@code *}{@code /}, {@code --}) are written as {@code \\u} (JSON-style unicode) escapes. So a stored value
 * cannot open a line of its own, and cannot close the fence the prompt puts around the DDL. Names (of tables, columns,
 * types) go through the same single-line and escape rules.
 */
public final class DdlRenderer {
    /** Sample values shown per column unless told otherwise. */
    public static final int DEFAULT_SAMPLES_SHOWN = 4;
    /** Longest sample value shown; longer ones are cut and end with {@code …}. */
    public static final int MAX_VALUE_CHARS = 60;
    /** Longest comment (remarks) shown; longer ones are cut and end with {@code …}. */
    public static final int MAX_COMMENT_CHARS = 200;
    /** Longest identifier shown; no real schema comes near it. */
    private static final int MAX_NAME_CHARS = 128;

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
        Shown shown = new Shown();
        for (TableInfo t : tables) {
            render(t, sb, samplesShown, present, shown);
        }
        return sb.toString();
    }

    /**
     * What the renderer makes of names, types, comments and values, kept for one rendering of many tables: a large
     * catalog repeats the same few (id, name, int4, the same category values) in every table, and cleaning each
     * character of each again cost most of rendering a 20,000-table schema. Not thread-safe; the same text as
     * without it.
     */
    static final class Shown {
        private final java.util.Map<String, String> names = new java.util.HashMap<>();
        private final java.util.Map<String, String> types = new java.util.HashMap<>();
        private final java.util.Map<String, String> comments = new java.util.HashMap<>();
        private final java.util.Map<String, String> values = new java.util.HashMap<>();

        String name(String identifier) {
            return names.computeIfAbsent(identifier, DdlRenderer::name);
        }

        String type(String typeName) {
            return types.computeIfAbsent(typeName, ty -> DdlRenderer.name(ty.toLowerCase(Locale.ROOT)));
        }

        String comment(String remarks) {
            return comments.computeIfAbsent(remarks, DdlRenderer::comment);
        }

        String value(String value) {
            return values.computeIfAbsent(value, v -> literal(v, MAX_VALUE_CHARS));
        }
    }

    /** @param present names of the tables rendered with this one; references to others are left out; null keeps all */
    static void render(TableInfo t, StringBuilder sb, int samplesShown, Set<String> present) {
        render(t, sb, samplesShown, present, new Shown());
    }

    /** As {@link #render(TableInfo, StringBuilder, int, Set)}, reusing what {@code shown} already cleaned. */
    static void render(TableInfo t, StringBuilder sb, int samplesShown, Set<String> present, Shown shown) {
        sb.append(t.type().equals("VIEW") ? "CREATE VIEW " : "CREATE TABLE ").append(name(t.name())).append(" (");
        StringBuilder head = new StringBuilder();
        if (t.remarks() != null && !t.remarks().isBlank()) {
            head.append(comment(t.remarks()));
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
            sb.append("  ").append(shown.name(c.name())).append(' ')
                    .append(c.typeName() == null ? "" : shown.type(c.typeName()));
            if (t.primaryKey().size() == 1 && t.primaryKey().get(0).equalsIgnoreCase(c.name())) {
                sb.append(" PRIMARY KEY");
            }
            if (i < t.columns().size() - 1 || t.primaryKey().size() > 1) {
                sb.append(',');
            }
            StringBuilder comment = new StringBuilder();
            if (c.remarks() != null && !c.remarks().isBlank()) {
                comment.append(shown.comment(c.remarks()));
            }
            if (!c.sampleValues().isEmpty() && samplesShown > 0) {
                if (comment.length() > 0) {
                    comment.append("; ");
                }
                List<String> values = c.sampleValues().subList(0, Math.min(samplesShown, c.sampleValues().size()));
                comment.append("values: ");
                for (int v = 0; v < values.size(); v++) {
                    comment.append(v > 0 ? ", " : "").append(shown.value(values.get(v)));
                }
                if (c.sampleValues().size() > values.size()) {
                    comment.append(" (+").append(c.sampleValues().size() - values.size()).append(')');
                }
            }
            for (ForeignKey fk : t.importedKeys()) {
                if (fk.fromColumns().size() == 1 && fk.fromColumns().get(0).equalsIgnoreCase(c.name())
                        && (present == null || present.contains(fk.toTable()))) {
                    if (comment.length() > 0) {
                        comment.append("; ");
                    }
                    comment.append("references ").append(shown.name(fk.toTable())).append('(')
                            .append(shown.name(fk.toColumns().get(0))).append(')');
                }
            }
            if (comment.length() > 0) {
                sb.append(" -- ").append(comment);
            }
            sb.append('\n');
        }
        if (t.primaryKey().size() > 1) {
            sb.append("  PRIMARY KEY (").append(names(t.primaryKey())).append(")\n");
        }
        for (ForeignKey fk : t.importedKeys()) {
            if (fk.fromColumns().size() > 1 && (present == null || present.contains(fk.toTable()))) {
                sb.append("  -- (").append(names(fk.fromColumns())).append(") references ")
                        .append(name(fk.toTable())).append('(').append(names(fk.toColumns())).append(")\n");
            }
        }
        sb.append(");\n");
    }

    /** Rough token estimate (about 4 characters a token), good enough for budgets and reports. */
    public static int estimateTokens(CharSequence text) {
        return (text.length() + 3) / 4;
    }

    /**
     * {@code text} as one line: every control character, line or paragraph separator and invisible format character
     * (bidirectional overrides included) is a space, runs of spaces are one, and the ends are trimmed.
     */
    public static String singleLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            boolean blank = Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE;
            if (blank) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    /** {@code text} cut to at most {@code max} characters (whole code points), ending with {@code …} when cut. */
    public static String cap(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, Math.max(0, max - 1))) + "…";
    }

    /**
     * {@code value} as a prompt-safe SQL string literal: one line, at most {@code max} characters, {@code '} doubled,
     * and backticks, {@code *}{@code /} and {@code --} written as {@code \\u} (JSON-style unicode) escapes.
     */
    public static String literal(String value, int max) {
        return "'" + escape(cap(singleLine(value), max)).replace("'", "''") + "'";
    }

    /** A comment from the database (remarks) as a prompt-safe literal. */
    static String comment(String remarks) {
        return literal(remarks, MAX_COMMENT_CHARS);
    }

    /** A name as it is shown: one line, no sequence that could end a comment or a fence. */
    static String name(String identifier) {
        return escape(cap(singleLine(identifier), MAX_NAME_CHARS));
    }

    private static String names(List<String> identifiers) {
        return String.join(", ", identifiers.stream().map(DdlRenderer::name).toList());
    }

    /** Escapes the few sequences that could end a comment or a Markdown fence. */
    private static String escape(String text) {
        if (text.indexOf('`') < 0 && !text.contains("*/") && !text.contains("--")) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            char prev = sb.length() == 0 ? 0 : sb.charAt(sb.length() - 1);
            if (ch == '`') {
                sb.append("\\u0060");
            } else if (ch == '/' && prev == '*') {
                sb.append("\\u002f");
            } else if (ch == '-' && prev == '-') {
                sb.append("\\u002d");
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
