package org.nljdbc.guard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The functions an NL query may call: built-ins known to have no side effects and to reveal nothing but the
 * query's own data ({@code allowed-functions.txt}), per dialect, plus the names an administrator adds.
 * Everything else is refused, because no denylist can know the functions a database's users define.
 *
 * <p>A written name is compared with the name the database itself would look up: unquoted names are folded
 * as the dialect folds them (lower case on PostgreSQL, upper case on Oracle, H2 and Snowflake, case-blind on
 * MySQL, MariaDB, SQLite and SQL Server; ASCII letters only, as the databases do); a quoted name is exact, so
 * {@code "LOWER"} on PostgreSQL is not {@code lower} but an unknown, refused function. On MySQL, MariaDB and
 * SQL Server a quoted name is never a built-in (it names a stored function). A {@code U&"..."} name with
 * escapes in it is decoded (for the denylist and the message) and always refused. A qualified name is a built-in only in a schema that holds nothing else
 * ({@code pg_catalog}).
 */
final class FunctionAllowlist {
    /** The built-in list with nothing added. */
    static final FunctionAllowlist DEFAULT = new FunctionAllowlist(Set.of());

    /** Where a call sits: a function in FROM produces rows and comes from the (smaller) table-function list. */
    enum Position { EXPRESSION, FROM }

    private static final String RESOURCE = "allowed-functions.txt";
    private static final Pattern ENTRY = Pattern.compile("[a-z0-9_$]+");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Lists LISTS = Lists.read();

    private final List<List<String>> extraAllowed;

    /**
     * @param extraAllowed names an administrator allows on top of the built-ins ({@code nl.functions.allow}),
     *                     written as in SQL ({@code bump}, {@code public.bump}, {@code "MixedCase"}) and resolved
     *                     by the same rules as the calls they must match
     */
    FunctionAllowlist(Set<String> extraAllowed) {
        List<List<String>> parsed = new ArrayList<>();
        for (String e : extraAllowed) {
            if (e != null && !e.isBlank()) {
                parsed.add(splitQualified(e.strip()));
            }
        }
        this.extraAllowed = List.copyOf(parsed);
    }

    /** The names allowed at {@code position} for {@code dialect}, lower case. */
    static Set<String> builtIns(Dialect dialect, Position position) {
        return (position == Position.FROM ? LISTS.table : LISTS.scalar).get(dialect);
    }

    /**
     * Why calling {@code writtenParts} (a possibly qualified name, each part as written, quotes included) at
     * {@code position} is refused, or empty when it is allowed.
     *
     * @param unicodeEscaped the name was written {@code U&"..."} (JSqlParser hands over the quoted part only)
     */
    Optional<String> refusal(List<String> writtenParts, Dialect dialect, Position position, boolean unicodeEscaped) {
        List<Part> parts = new ArrayList<>(writtenParts.size());
        for (int i = 0; i < writtenParts.size(); i++) {
            parts.add(resolve(writtenParts.get(i), dialect, unicodeEscaped && i == 0));
        }
        if (isExtra(parts, dialect)) {
            return Optional.empty();
        }
        Part fn = parts.get(parts.size() - 1);
        boolean builtInSchema = parts.size() == 1 || (parts.size() == 2 && parts.get(0).canonical() != null
                && LISTS.schemas.get(dialect).contains(parts.get(0).canonical()));
        if (builtInSchema && fn.canonical() != null && builtIns(dialect, position).contains(fn.canonical())) {
            return Optional.empty();
        }
        String shown = display(writtenParts, dialect, unicodeEscaped);
        String where = position == Position.FROM ? " in FROM" : "";
        String why = parts.stream().anyMatch(Part::escaped)
                ? "a name written with U& escapes is never taken for a built-in"
                : parts.size() > 1 && !builtInSchema
                ? "only built-in functions may be called, and " + schemaRule(dialect)
                : "user-defined or unknown functions may have side effects";
        return Optional.of("refused: function " + shown + " is not on the list of functions NL queries may call"
                + where + " (" + why + "); an administrator can allow it with nl.functions.allow");
    }

    /** A name for messages: as written, and as decoded when written {@code U&"..."}. */
    static String display(List<String> writtenParts, Dialect dialect, boolean unicodeEscaped) {
        String shown = String.join(".", writtenParts);
        if (!unicodeEscaped) {
            return shown;
        }
        List<String> decoded = new ArrayList<>();
        for (int i = 0; i < writtenParts.size(); i++) {
            decoded.add(resolve(writtenParts.get(i), dialect, i == 0).identity());
        }
        return "U&" + shown + " (" + String.join(".", decoded) + " once its escapes are decoded)";
    }

    private static String schemaRule(Dialect dialect) {
        Set<String> schemas = LISTS.schemas.get(dialect);
        return schemas.isEmpty() ? "none is written with a schema" : "only " + String.join(", ", schemas)
                + " may qualify one";
    }

    private boolean isExtra(List<Part> parts, Dialect dialect) {
        if (parts.stream().anyMatch(Part::escaped)) {
            return false;
        }
        for (List<String> extra : extraAllowed) {
            if (extra.size() != parts.size()) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < extra.size() && same; i++) {
                same = resolve(extra.get(i), dialect, false).identity().equals(parts.get(i).identity());
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    /**
     * A name part as the database resolves it.
     *
     * @param identity  the name the database looks up (folded or exact, escapes decoded)
     * @param canonical the allowlist spelling this part can stand for, or null when it cannot be a built-in as
     *                  written (quoted where quoting means "not a built-in", mis-cased inside quotes, non-ASCII,
     *                  {@code U&} escapes)
     * @param escaped   written {@code U&"..."} with escapes in it
     */
    record Part(String identity, String canonical, boolean escaped, boolean quoted) {
        Part(String identity, String canonical) {
            this(identity, canonical, false, false);
        }
    }

    static Part resolve(String written, Dialect dialect, boolean unicodeEscaped) {
        String w = written == null ? "" : written.strip();
        char q = w.length() >= 2 ? w.charAt(0) : 0;
        if (!isQuoted(w)) {
            String identity = switch (dialect) {
                case ORACLE, H2, SNOWFLAKE -> asciiUpper(w);
                default -> asciiLower(w);
            };
            return new Part(identity, PLAIN.matcher(w).matches() ? asciiLower(w) : null);
        }
        String body = unquote(w);
        if (unicodeEscaped && q == '"' && body.indexOf('\\') >= 0) {
            // JSqlParser drops the whitespace that tells U&"x" (an escaped name) from U & "x" (the column U and
            // a call of x as written), so a name with escapes is read both ways and neither is trusted: it is
            // decoded for the denylist and for messages, and is never a built-in or an administrator's name.
            String decoded = decodeUnicodeEscapes(body, '\\');
            return new Part(decoded == null ? w : decoded, null, true, true);
        }
        boolean caseBlind = switch (dialect) {
            case MYSQL, MARIADB, SQLITE, SQLSERVER -> true;
            default -> false;
        };
        String identity = caseBlind ? asciiLower(body) : body;
        if (!PLAIN.matcher(body).matches()) {
            return new Part(identity, null, false, true);
        }
        String canonical = switch (dialect) {
            case POSTGRESQL, TRINO -> q == '"' && body.equals(asciiLower(body)) ? body : null;
            case ORACLE, H2, SNOWFLAKE -> q == '"' && body.equals(asciiUpper(body)) ? asciiLower(body) : null;
            case SQLITE -> asciiLower(body);
            // MySQL, MariaDB and SQL Server look a quoted name up among stored functions, never the built-ins;
            // for an unknown database, quoting rules are unknown.
            default -> null;
        };
        // Quoted, a keyword is an ordinary name: "coalesce"(...) is looked up among the user's functions.
        return new Part(identity, canonical != null && LISTS.keywords.contains(canonical) ? null : canonical,
                false, true);
    }

    /**
     * The body of a {@code U&"..."} identifier with its escapes ({@code \XXXX}, {@code \+XXXXXX}, a doubled
     * escape character) decoded, as PostgreSQL and the SQL standard define them; null when malformed.
     */
    static String decodeUnicodeEscapes(String body, char escape) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); ) {
            char c = body.charAt(i);
            if (c != escape) {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < body.length() && body.charAt(i + 1) == escape) {
                out.append(escape);
                i += 2;
                continue;
            }
            boolean wide = i + 1 < body.length() && body.charAt(i + 1) == '+';
            int start = i + (wide ? 2 : 1);
            int end = start + (wide ? 6 : 4);
            if (end > body.length()) {
                return null;
            }
            String hex = body.substring(start, end);
            if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                return null;
            }
            int cp = Integer.parseInt(hex, 16);
            if (!Character.isValidCodePoint(cp) || cp == 0) {
                return null;
            }
            out.appendCodePoint(cp);
            i = end;
        }
        return out.toString();
    }

    private static boolean isQuoted(String w) {
        if (w.length() < 2) {
            return false;
        }
        char f = w.charAt(0);
        char l = w.charAt(w.length() - 1);
        return (f == '"' && l == '"') || (f == '`' && l == '`') || (f == '[' && l == ']');
    }

    private static String unquote(String w) {
        String body = w.substring(1, w.length() - 1);
        return switch (w.charAt(0)) {
            case '"' -> body.replace("\"\"", "\"");
            case '`' -> body.replace("``", "`");
            default -> body.replace("]]", "]");
        };
    }

    /** Splits {@code a.b} on dots outside quotes. */
    static List<String> splitQualified(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char open = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (open == 0 && (c == '"' || c == '`' || c == '[')) {
                open = c == '[' ? ']' : c;
            } else if (open != 0 && c == open) {
                open = 0;
            } else if (open == 0 && c == '.') {
                parts.add(cur.toString().strip());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        parts.add(cur.toString().strip());
        return parts;
    }

    /** Folds ASCII letters only: databases do, and Java's full case mapping turns the Kelvin sign into k. */
    static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }

    static String asciiUpper(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return b.toString();
    }

    /** The resource, read once, resolved into one set per dialect and position. */
    private record Lists(Map<Dialect, Set<String>> scalar, Map<Dialect, Set<String>> table,
                         Map<Dialect, Set<String>> schemas, Set<String> keywords) {

        static Lists read() {
            Map<String, Set<String>> sections = readSections();
            Map<Dialect, Set<String>> scalar = new EnumMap<>(Dialect.class);
            Map<Dialect, Set<String>> table = new EnumMap<>(Dialect.class);
            Map<Dialect, Set<String>> schemas = new EnumMap<>(Dialect.class);
            for (Dialect d : Dialect.values()) {
                scalar.put(d, union(sections, sectionsOf(d, "")));
                table.put(d, union(sections, sectionsOf(d, "table.")));
                schemas.put(d, union(sections, sectionsOf(d, "schemas.")));
            }
            return new Lists(scalar, table, schemas, Set.copyOf(sections.getOrDefault("keywords", Set.of())));
        }

        private static List<String> sectionsOf(Dialect d, String prefix) {
            List<String> out = new ArrayList<>();
            out.add(prefix + "common");
            switch (d) {
                case GENERIC -> {
                }
                case MYSQL -> {
                    out.add(prefix + "mysql");
                    out.add(prefix + "mysql8");
                }
                case MARIADB -> {
                    out.add(prefix + "mysql");
                    out.add(prefix + "mariadb");
                }
                default -> out.add(prefix + asciiLower(d.name()));
            }
            return out;
        }

        private static Set<String> union(Map<String, Set<String>> sections, Collection<String> names) {
            Set<String> out = new LinkedHashSet<>();
            names.forEach(n -> out.addAll(sections.getOrDefault(n, Set.of())));
            return Set.copyOf(out);
        }

        private static Map<String, Set<String>> readSections() {
            Set<String> known = new HashSet<>();
            for (String prefix : List.of("", "table.", "schemas.")) {
                known.add(prefix + "common");
                known.add(prefix + "mariadb");
                known.add(prefix + "mysql8");
                for (Dialect d : Dialect.values()) {
                    known.add(prefix + asciiLower(d.name()));
                }
            }
            known.add("keywords");
            Map<String, Set<String>> sections = new LinkedHashMap<>();
            try (InputStream in = FunctionAllowlist.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("guard resource missing: " + RESOURCE);
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String section = null;
                int lineNo = 0;
                for (String line; (line = r.readLine()) != null; ) {
                    lineNo++;
                    String s = line.strip();
                    if (s.isEmpty() || s.startsWith("#")) {
                        continue;
                    }
                    if (s.startsWith("[") && s.endsWith("]")) {
                        section = s.substring(1, s.length() - 1);
                        if (!known.contains(section)) {
                            throw new IllegalStateException(RESOURCE + ":" + lineNo + ": unknown section " + s);
                        }
                        continue;
                    }
                    // Fail fast: an entry that is not plain lower-case ASCII could never match a resolved name,
                    // or worse, could match one spelled with escapes or look-alike letters.
                    if (section == null || !ENTRY.matcher(s).matches()) {
                        throw new IllegalStateException(RESOURCE + ":" + lineNo + ": not a lower-case ASCII "
                                + "name in a section: " + s);
                    }
                    if (!sections.computeIfAbsent(section, k -> new LinkedHashSet<>()).add(s)) {
                        throw new IllegalStateException(RESOURCE + ":" + lineNo + ": " + s + " listed twice in ["
                                + section + "]");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sections;
        }
    }
}
