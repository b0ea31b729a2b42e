package org.nljdbc.translator.internal.dialect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * Parses SQL as its dialect reads it and validates it against the catalog. Only errors that the database would
 * certainly also raise are reported (unknown table or column, ambiguous column, a grouping error in a dialect that
 * enforces grouping); whatever else Calcite cannot parse or type passes through unchanged, with the reason.
 */
final class SqlValidation {
    private static final Pattern COLUMN_IN_TABLE =
            Pattern.compile("Column '(.+?)' not found in table '(.+?)'");
    private static final Pattern COLUMN_ANY = Pattern.compile("Column '(.+?)' not found in any table");
    private static final Pattern OBJECT =
            Pattern.compile("(?:Object|Table) '(.+?)' not found(?: within '(.+?)')?");
    private static final Pattern AMBIGUOUS = Pattern.compile("Column '(.+?)' is ambiguous");
    private static final Pattern NOT_GROUPED = Pattern.compile("Expression '(.+?)' is not being grouped");
    /** Names databases resolve as pseudo-columns or niladic functions, which Calcite does not know. */
    private static final Set<String> PSEUDO_COLUMNS = Set.of("rowid", "oid", "_rowid_", "ctid", "xmin", "rownum",
            "sysdate", "systimestamp", "level", "now", "today", "getdate", "current_timestamp", "localtimestamp",
            "current_date", "current_time", "user", "current_user", "session_user", "true", "false", "null");

    private final FallbackCounter counter;

    SqlValidation(FallbackCounter counter) {
        this.counter = counter;
    }

    Validated validate(String sql, Catalog catalog, Dialect dialect) throws SqlValidationException {
        long start = System.nanoTime();
        counter.attempted(FallbackCounter.Stage.VALIDATION);
        SourceDialect source = SourceDialect.of(dialect);
        SqlNode parsed;
        try {
            parsed = SqlParser.create(withoutTrailingSemicolon(sql), source.parserConfig()).parseQuery();
        } catch (SqlParseException | RuntimeException | StackOverflowError e) {
            return fallback(sql, dialect, "parse: " + firstLine(e.getMessage()), start);
        }
        if (!parsed.getKind().belongsTo(SqlKind.QUERY)) {
            return fallback(sql, dialect, "not a query: " + parsed.getKind(), start);
        }
        QueryNames names = QueryNames.of(parsed, catalog);
        Set<String> quotedKept = new HashSet<>();
        if (source.doubleQuotedStrings()) {
            parsed = parsed.accept(new DoubleQuotedStrings(knownNames(catalog, names), quotedKept));
        }
        try {
            return checked(sql, parsed, catalog, source, SqlConformanceEnum.LENIENT, start);
        } catch (CalciteContextException e) {
            String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            if (!source.strictGrouping() && message != null && NOT_GROUPED.matcher(message).find()) {
                // SQLite and MySQL allow bare columns beside aggregates; Babel conformance reads them as ANY_VALUE.
                // The validator rewrites the tree it validates, so the second pass starts from a fresh parse.
                return revalidateWithBareColumns(sql, catalog, source, names, quotedKept, start);
            }
            Optional<SqlValidationException> rejection = judge(message, catalog, names, source, quotedKept);
            if (rejection.isPresent()) {
                throw rejection.get();
            }
            return fallback(sql, dialect, "validate: " + firstLine(message), start);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return fallback(sql, dialect, "validate: " + e.getClass().getSimpleName() + " " + firstLine(e.getMessage()),
                    start);
        }
    }

    private Validated revalidateWithBareColumns(String sql, Catalog catalog, SourceDialect source, QueryNames names,
                                                Set<String> quotedKept, long start) throws SqlValidationException {
        try {
            SqlNode parsed = SqlParser.create(withoutTrailingSemicolon(sql), source.parserConfig()).parseQuery();
            if (source.doubleQuotedStrings()) {
                parsed = parsed.accept(new DoubleQuotedStrings(knownNames(catalog, names), new HashSet<>()));
            }
            return checked(sql, parsed, catalog, source, SqlConformanceEnum.BABEL, start);
        } catch (CalciteContextException e) {
            String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return fallback(sql, source.dialect(), "validate: " + firstLine(message), start);
        } catch (SqlParseException | RuntimeException | StackOverflowError | AssertionError e) {
            return fallback(sql, source.dialect(), "validate: " + e.getClass().getSimpleName() + " "
                    + firstLine(e.getMessage()), start);
        }
    }

    private static Validated checked(String sql, SqlNode parsed, Catalog catalog, SourceDialect source,
                                     SqlConformanceEnum conformance, long start) {
        JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(RelDataTypeSystem.DEFAULT);
        CalciteCatalogReader reader = new CalciteCatalogReader(CatalogSchema.of(catalog), List.of(), types,
                connectionConfig());
        SqlValidator validator = SqlValidatorUtil.newValidator(
                SqlOperatorTables.chain(source.operators(), reader), reader, types,
                SqlValidator.Config.DEFAULT
                        .withConformance(conformance)
                        .withDefaultNullCollation(source.nullCollation())
                        .withIdentifierExpansion(true));
        SqlNode node = validator.validate(parsed);
        return Validated.checked(sql, source, System.nanoTime() - start, node, validator, reader);
    }

    /** The rejection for a Calcite validation message, or empty when the database might still accept the SQL. */
    private static Optional<SqlValidationException> judge(String message, Catalog catalog, QueryNames names,
                                                          SourceDialect source, Set<String> quotedKept) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = COLUMN_IN_TABLE.matcher(message);
        if (m.find()) {
            String column = m.group(1);
            String qualifier = m.group(2);
            if (mightResolveElsewhere(column, names, quotedKept)) {
                return Optional.empty();
            }
            TableInfo aliased = names.tableByAlias.get(QueryNames.lower(qualifier));
            TableInfo table = aliased != null ? aliased : catalog.table(qualifier).orElse(null);
            if (table == null) {
                // A subquery or CTE alias: still certainly unknown, but there is no catalog table to suggest from.
                return Optional.of(new SqlValidationException("column `" + qualifier + "." + column
                        + "` not found", SqlValidationException.UNDEFINED_COLUMN));
            }
            List<String> columns = table.columns().stream().map(ColumnInfo::name).toList();
            String hint = NameSuggestions.closest(column, columns)
                    .map(s -> "; did you mean `" + table.name() + "." + s + "`?")
                    .orElse("; its columns are " + String.join(", ", columns));
            return Optional.of(new SqlValidationException("column `" + table.name() + "." + column + "` not found"
                    + hint, SqlValidationException.UNDEFINED_COLUMN));
        }
        m = COLUMN_ANY.matcher(message);
        if (m.find()) {
            String column = m.group(1);
            if (mightResolveElsewhere(column, names, quotedKept)) {
                return Optional.empty();
            }
            List<String> candidates = new ArrayList<>();
            names.tables.forEach(t -> t.columns().forEach(c -> candidates.add(t.name() + "." + c.name())));
            List<String> bare = candidates.stream().map(c -> c.substring(c.indexOf('.') + 1)).toList();
            Optional<String> near = NameSuggestions.closest(column, bare)
                    .flatMap(b -> candidates.stream().filter(c -> c.endsWith("." + b)).findFirst());
            String where = names.tables.isEmpty() ? ""
                    : " in " + names.tables.stream().map(TableInfo::name).collect(Collectors.joining(", "));
            return Optional.of(new SqlValidationException("column `" + column + "` not found" + where
                    + near.map(s -> "; did you mean `" + s + "`?").orElse(""), SqlValidationException.UNDEFINED_COLUMN));
        }
        m = OBJECT.matcher(message);
        if (m.find()) {
            String object = m.group(1);
            String within = m.group(2);
            boolean knownQualifier = within != null && catalog.tables().stream()
                    .anyMatch(t -> within.equalsIgnoreCase(t.schema()));
            if ((within == null && !object.contains(".")) || knownQualifier) {
                if (catalog.table(object).isPresent() || names.aliases.contains(QueryNames.lower(object))) {
                    return Optional.empty();
                }
                List<String> tables = catalog.tables().stream().map(TableInfo::name).distinct().toList();
                String hint = NameSuggestions.closest(object, tables).map(s -> "; did you mean `" + s + "`?")
                        .orElse(tables.size() <= 30 ? "; the tables are " + String.join(", ", tables) : "");
                return Optional.of(new SqlValidationException("table `" + (within == null ? "" : within + ".")
                        + object + "` not found" + hint, SqlValidationException.UNDEFINED_TABLE));
            }
            return Optional.empty();
        }
        m = AMBIGUOUS.matcher(message);
        if (m.find()) {
            String column = m.group(1);
            String in = names.tables.stream().filter(t -> t.column(column).isPresent()).map(TableInfo::name)
                    .collect(Collectors.joining(", "));
            return Optional.of(new SqlValidationException("column `" + column + "` is ambiguous"
                    + (in.isEmpty() ? "" : ": it is in " + in) + "; qualify it with its table",
                    SqlValidationException.AMBIGUOUS_COLUMN));
        }
        m = NOT_GROUPED.matcher(message);
        if (m.find() && source.strictGrouping() && !groupsByPrimaryKey(names, source)) {
            return Optional.of(new SqlValidationException("`" + m.group(1)
                    + "` is neither in GROUP BY nor inside an aggregate function",
                    SqlValidationException.GROUPING_ERROR));
        }
        return Optional.empty();
    }

    /** PostgreSQL accepts any column of a table whose primary key is grouped; Calcite does not know that rule. */
    private static boolean groupsByPrimaryKey(QueryNames names, SourceDialect source) {
        if (source.dialect() != Dialect.POSTGRESQL) {
            return false;
        }
        return names.tables.stream().anyMatch(t -> !t.primaryKey().isEmpty() && t.primaryKey().stream()
                .allMatch(k -> names.groupedColumns.contains(QueryNames.lower(k))));
    }

    /** An alias used where Calcite does not look for one, a pseudo-column, or an SQLite double-quoted string. */
    private static boolean mightResolveElsewhere(String column, QueryNames names, Set<String> quotedKept) {
        String c = QueryNames.lower(column);
        return names.aliases.contains(c) || PSEUDO_COLUMNS.contains(c) || quotedKept.contains(c);
    }

    private static Set<String> knownNames(Catalog catalog, QueryNames names) {
        Set<String> known = new HashSet<>(names.aliases);
        for (TableInfo t : catalog.tables()) {
            known.add(QueryNames.lower(t.name()));
            if (t.schema() != null) {
                known.add(QueryNames.lower(t.schema()));
            }
            t.columns().forEach(c -> known.add(QueryNames.lower(c.name())));
        }
        return known;
    }

    private Validated fallback(String sql, Dialect dialect, String reason, long start) {
        counter.fellBack(FallbackCounter.Stage.VALIDATION, reason);
        return Validated.unchecked(sql, dialect, reason, System.nanoTime() - start);
    }

    static CalciteConnectionConfig connectionConfig() {
        Properties p = new Properties();
        p.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        p.setProperty(CalciteConnectionProperty.UNQUOTED_CASING.camelName(), "UNCHANGED");
        p.setProperty(CalciteConnectionProperty.QUOTED_CASING.camelName(), "UNCHANGED");
        return new CalciteConnectionConfigImpl(p);
    }

    static String withoutTrailingSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).stripTrailing();
        }
        return s;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    /**
     * SQLite reads {@code "x"} as a string literal when no column or alias x exists. Rewrites exactly those, and
     * remembers the double-quoted names it kept, which might still be strings in a scope Calcite resolves differently.
     */
    private static final class DoubleQuotedStrings extends SqlShuttle {
        private final Set<String> known;
        private final Set<String> kept;

        DoubleQuotedStrings(Set<String> known, Set<String> kept) {
            this.known = known;
            this.kept = kept;
        }

        @Override
        public SqlNode visit(SqlIdentifier id) {
            if (id.names.size() == 1 && id.isComponentQuoted(0)) {
                String name = id.getSimple();
                if (!known.contains(name.toLowerCase(Locale.ROOT))) {
                    return SqlLiteral.createCharString(name, id.getParserPosition());
                }
                kept.add(name.toLowerCase(Locale.ROOT));
            }
            return id;
        }
    }
}
