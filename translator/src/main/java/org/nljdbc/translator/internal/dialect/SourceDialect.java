package org.nljdbc.translator.internal.dialect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.nljdbc.guard.Dialect;

/**
 * How SQL written for one dialect is read: quoting, string literals, the function libraries it may call, where its
 * NULLs sort, and whether it lets a query select columns it does not group by. Unquoted identifiers are matched
 * case-insensitively everywhere, since the model's casing of names is not reliable.
 */
record SourceDialect(Dialect dialect, SqlParser.Config parserConfig, SqlOperatorTable operators,
                     NullCollation nullCollation, boolean strictGrouping, boolean doubleQuotedStrings,
                     boolean caseInsensitiveLike) {

    static SourceDialect of(Dialect d) {
        SqlParser.Config base = SqlParser.config()
                .withParserFactory(SqlBabelParserImpl.FACTORY)
                .withConformance(SqlConformanceEnum.BABEL)
                .withUnquotedCasing(Casing.UNCHANGED)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(false)
                .withIdentifierMaxLength(1024);
        Set<SqlLibrary> libs = EnumSet.of(SqlLibrary.STANDARD);
        return switch (d) {
            case SQLITE -> {
                // SQLite reads "x" as a string when no column x exists; SqlValidation turns such identifiers into
                // literals before validating, so double quotes stay identifiers in the parser.
                libs.addAll(List.of(SqlLibrary.MYSQL, SqlLibrary.BIG_QUERY));
                yield new SourceDialect(d, base.withQuoting(Quoting.DOUBLE_QUOTE), ops(libs), NullCollation.LOW,
                        false, true, true);
            }
            case MYSQL, MARIADB -> {
                libs.add(SqlLibrary.MYSQL);
                yield new SourceDialect(d, base.withQuoting(Quoting.BACK_TICK), ops(libs), NullCollation.LOW,
                        false, false, true);
            }
            case POSTGRESQL -> {
                libs.add(SqlLibrary.POSTGRESQL);
                yield new SourceDialect(d, base.withQuoting(Quoting.DOUBLE_QUOTE), ops(libs), NullCollation.HIGH,
                        true, false, false);
            }
            case SQLSERVER -> {
                libs.add(SqlLibrary.MSSQL);
                yield new SourceDialect(d, base.withQuoting(Quoting.BRACKET), ops(libs), NullCollation.LOW,
                        true, false, true);
            }
            case ORACLE -> {
                libs.add(SqlLibrary.ORACLE);
                yield new SourceDialect(d, base.withQuoting(Quoting.DOUBLE_QUOTE), ops(libs), NullCollation.HIGH,
                        true, false, false);
            }
            case SNOWFLAKE -> {
                libs.add(SqlLibrary.SNOWFLAKE);
                yield new SourceDialect(d, base.withQuoting(Quoting.DOUBLE_QUOTE), ops(libs), NullCollation.HIGH,
                        true, false, false);
            }
            case TRINO, H2 -> new SourceDialect(d, base.withQuoting(Quoting.DOUBLE_QUOTE), ops(libs),
                    d == Dialect.H2 ? NullCollation.LOW : NullCollation.HIGH, true, false, false);
            case GENERIC -> new SourceDialect(d, base.withQuoting(Quoting.DOUBLE_QUOTE), ops(libs), NullCollation.HIGH,
                    false, false, false);
        };
    }

    private static SqlOperatorTable ops(Set<SqlLibrary> libs) {
        return SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(libs);
    }
}
