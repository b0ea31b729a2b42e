package org.nljdbc.translator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.retrieval.DdlRenderer;

/**
 * A database error as the model may see it in a repair prompt: the error class and the names it needs to fix the
 * query, without the row values databases quote in their messages ({@code invalid input syntax for type integer:
 * "secret"}, {@code Key (email)=(a@b.c) already exists}, {@code Duplicate entry 'x' for key ...}).
 *
 * <p>Detail and context lines (PostgreSQL's {@code DETAIL:}, {@code Where:}, {@code Internal Query:}) are dropped;
 * {@code Key (...)=(...)} values become {@code <value>}; a quoted string is kept only when the model could not learn
 * anything from it: it is a name of the catalog, a word, number, identifier or literal of the model's own SQL, or one
 * of the fixed phrases MariaDB quotes ({@code 'field list'}, {@code 'where clause'}, ...). Everything else quoted
 * becomes {@code <value>}. The result is at most {@value #MAX_CHARS} characters, each line single.
 */
final class DatabaseErrors {
    static final int MAX_CHARS = 600;
    private static final String REDACTED = "<value>";
    private static final Pattern DROPPED_LINE = Pattern.compile(
            "(?i)^\\s*(where|internal query|internal position|context|routine|location|file|line|server sqlstate)\\s*:.*");
    private static final Pattern DETAIL = Pattern.compile("(?i)\\bdetail\\s*:");
    private static final Pattern KEY_VALUES = Pattern.compile("(?i)(\\bkey\\s*\\(([^()]*)\\)\\s*=\\s*)\\((.*?)\\)"
            + "(?=\\s|$|[.,;])");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"|'((?:[^']|'')*)'");
    private static final Pattern SQL_TOKEN = Pattern.compile(
            "\"((?:[^\"]|\"\")*)\"|'((?:[^']|'')*)'|`((?:[^`]|``)*)`|([\\p{L}_][\\p{L}\\p{N}_$]*)|(\\d+(?:\\.\\d+)?)");
    private static final Set<String> MARIADB_PHRASES = Set.of("field list", "where clause", "on clause",
            "order clause", "group statement", "having clause", "in/all/any subquery", "from clause", "primary",
            "distinct", "limit", "window", "window order clause", "partition", "select", "where", "on", "order by",
            "group by", "having", "from");

    private DatabaseErrors() {
    }

    /** {@code message} of the database, made safe to send to the model that wrote {@code sql}. */
    static String redact(String message, String sql, Catalog catalog) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        Set<String> known = knownWords(sql, catalog);
        List<String> kept = new ArrayList<>();
        for (String line : message.split("\\R")) {
            if (DROPPED_LINE.matcher(line).matches()) {
                continue;
            }
            Matcher detail = DETAIL.matcher(line);
            if (detail.find()) {
                line = line.substring(0, detail.start());
            }
            line = KEY_VALUES.matcher(line).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "(" + REDACTED + ")"));
            line = quoted(line, known);
            line = DdlRenderer.singleLine(line);
            if (!line.isEmpty()) {
                kept.add(line);
            }
        }
        String out = String.join("\n", kept);
        return out.length() <= MAX_CHARS ? out : out.substring(0, MAX_CHARS - 1) + "…";
    }

    private static String quoted(String line, Set<String> known) {
        Matcher m = QUOTED.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            boolean doubleQuoted = m.group(1) != null;
            String content = doubleQuoted ? m.group(1).replace("\"\"", "\"") : m.group(2).replace("''", "'");
            String q = doubleQuoted ? "\"" : "'";
            String shown = allowed(content, known) ? m.group() : q + REDACTED + q;
            m.appendReplacement(sb, Matcher.quoteReplacement(shown));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static boolean allowed(String content, Set<String> known) {
        String c = content.trim().toLowerCase(Locale.ROOT);
        if (c.isEmpty() || known.contains(c) || MARIADB_PHRASES.contains(c)) {
            return true;
        }
        // orders.totl, public.orders, `db`.`t`: every part a known word.
        String[] parts = c.replace("`", "").split("\\.");
        if (parts.length > 1) {
            for (String p : parts) {
                if (!known.contains(p.trim())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Lower-cased names of the catalog, and every word, number, quoted identifier and literal of {@code sql}. */
    private static Set<String> knownWords(String sql, Catalog catalog) {
        Set<String> known = new TreeSet<>();
        if (catalog != null) {
            for (TableInfo t : catalog.tables()) {
                known.add(t.name().toLowerCase(Locale.ROOT));
                if (t.schema() != null) {
                    known.add(t.schema().toLowerCase(Locale.ROOT));
                }
                for (ColumnInfo col : t.columns()) {
                    known.add(col.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (sql != null) {
            Matcher m = SQL_TOKEN.matcher(sql);
            while (m.find()) {
                for (int g = 1; g <= 5; g++) {
                    if (m.group(g) != null) {
                        known.add(m.group(g).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return known;
    }
}
