package org.nljdbc.guard;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.EnumSet;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * However a denied or unknown function's name is spelled (case, quotes, U&amp; escapes, schemas, comments and
 * whitespace before its parenthesis, in a window, in FROM), no dialect accepts the call; an allowed built-in
 * written in any case, unquoted, is accepted on every dialect.
 */
class FunctionNamePropertyTest {
    private static final SqlGuard GUARD = new SqlGuard(Policy.defaults());

    /** Denied by name, unknown (user-defined), or information functions left off the list. */
    private static final List<String> FORBIDDEN = List.of("pg_read_file", "pg_sleep", "bump", "current_setting",
            "pg_stat_get_activity", "pg_show_all_settings", "query_to_xml", "load_file", "sleep", "master_gtid_wait",
            "get_lock", "sys_exec", "dblink", "lo_import", "version", "user", "database", "nextval", "set_config",
            "sqlite_version", "h2version", "suser_name", "sys_context", "last_query_id", "evil_udf");

    /** Built into every dialect the allowlist's [common] section is written for. */
    private static final List<String> ALLOWED = List.of("lower", "upper", "length", "abs", "round", "concat",
            "substr", "ln", "exp", "sqrt", "floor", "ceil", "ltrim", "rtrim", "lpad", "rpad", "sign", "mod", "power",
            "count", "max", "min", "sum", "avg", "replace", "regexp_replace");

    /** SQL syntax in some dialects: only unquoted are they the built-in. */
    private static final List<String> KEYWORDS = List.of("coalesce", "nullif", "greatest", "least");

    private static final List<String> PADDING = List.of("", " ", "  ", "\n", "\t", " /* x */ ", "/**/", " -- c\n");

    @Provide
    Arbitrary<String> casing() {
        return Arbitraries.of(FORBIDDEN).flatMap(n -> Arbitraries.integers().between(0, (1 << n.length()) - 1)
                .map(mask -> recase(n, mask)));
    }

    @Provide
    Arbitrary<String> disguisedCall() {
        Arbitrary<String> name = casing();
        Arbitrary<String> spelled = Arbitraries.oneOf(name, name.map(n -> "\"" + n + "\""),
                name.map(n -> "`" + n + "`"), name.map(n -> "[" + n + "]"),
                name.map(FunctionNamePropertyTest::unicodeEscaped));
        Arbitrary<String> qualifier = Arbitraries.of("", "public.", "pg_catalog.", "dbo.", "sys.", "\"public\".",
                "pg_catalog . ", "x.y.", "PG_CATALOG.", "information_schema.");
        Arbitrary<String> pad = Arbitraries.of(PADDING);
        Arbitrary<String> call = Combinators.combine(qualifier, spelled, pad)
                .as((q, s, p) -> q + s + p + "('x')");
        return call.flatMap(c -> Arbitraries.of(
                "SELECT " + c,
                "SELECT a FROM t WHERE " + c + " IS NOT NULL",
                "SELECT " + c + " OVER ()",
                "SELECT * FROM " + c + " f",
                "SELECT * FROM t, LATERAL " + c + " f",
                "SELECT coalesce(a, " + c + ") FROM t",
                "SELECT CAST(" + c + " AS INT)",
                "SELECT a FROM t ORDER BY (SELECT " + c + ")"));
    }

    @Property(tries = 2000, seed = "20261201")
    void noSpellingOfAForbiddenFunctionIsAccepted(@ForAll("disguisedCall") String sql,
                                                  @ForAll Dialect dialect) {
        Verdict v = GUARD.check(sql, dialect, CorpusFixture.FUNCTION_TABLES);
        assertInstanceOf(Verdict.Refused.class, v, () -> dialect + ": " + sql + " accepted: " + v);
    }

    @Provide
    Arbitrary<String> allowedCall() {
        return call(Arbitraries.of(ALLOWED));
    }

    @Provide
    Arbitrary<String> allowedOrKeywordCall() {
        return Arbitraries.oneOf(call(Arbitraries.of(ALLOWED)), call(Arbitraries.of(KEYWORDS)));
    }

    @Provide
    Arbitrary<String> quotedKeywordCall() {
        return call(Arbitraries.of(KEYWORDS)).map(c -> c.replaceFirst("SELECT (\\w+)", "SELECT \"$1\""));
    }

    private static Arbitrary<String> call(Arbitrary<String> names) {
        Arbitrary<String> name = names.flatMap(n -> Arbitraries.integers()
                .between(0, (1 << n.length()) - 1).map(mask -> recase(n, mask)));
        return Combinators.combine(name, Arbitraries.of(PADDING)).as((n, p) -> "SELECT " + n + p + "(b) FROM t");
    }

    @Property(tries = 500, seed = "20261201")
    void anAllowedBuiltInInAnyCaseIsAcceptedUnquoted(@ForAll("allowedOrKeywordCall") String sql, @ForAll Dialect dialect) {
        Verdict v = GUARD.check(sql, dialect, CorpusFixture.FUNCTION_TABLES);
        assertInstanceOf(Verdict.Accepted.class, v, () -> dialect + ": " + sql + " refused: " + v);
    }

    @Property(tries = 300, seed = "20261201")
    void quotedInAnyCaseIsTheSameFunctionOnSqlite(@ForAll("allowedCall") String sql) {
        String quoted = sql.replaceFirst("SELECT (\\w+)", "SELECT \"$1\"");
        Verdict v = GUARD.check(quoted, Dialect.SQLITE, CorpusFixture.FUNCTION_TABLES);
        assertInstanceOf(Verdict.Accepted.class, v, () -> quoted + " refused: " + v);
        for (Dialect d : EnumSet.of(Dialect.MYSQL, Dialect.MARIADB, Dialect.SQLSERVER, Dialect.GENERIC)) {
            Verdict q = GUARD.check(quoted, d, CorpusFixture.FUNCTION_TABLES);
            // A quoted name is a stored function there (or unknown rules): never taken for the built-in.
            assertInstanceOf(Verdict.Refused.class, q, () -> d + ": " + quoted + " accepted: " + q);
        }
    }

    @Property(tries = 200, seed = "20261201")
    void aQuotedKeywordIsAnOrdinaryNameAndNeverTheBuiltIn(@ForAll("quotedKeywordCall") String sql,
                                                         @ForAll Dialect dialect) {
        Verdict v = GUARD.check(sql, dialect, CorpusFixture.FUNCTION_TABLES);
        assertInstanceOf(Verdict.Refused.class, v, () -> dialect + ": " + sql + " accepted: " + v);
    }

    private static String recase(String n, int mask) {
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            b.append((mask & (1 << i)) != 0 ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }

    /** {@code U&"..."} with every underscore and vowel escaped, as an attacker would to dodge a denylist. */
    private static String unicodeEscaped(String n) {
        StringBuilder b = new StringBuilder("U&\"");
        for (char c : n.toCharArray()) {
            if ("_aeiouAEIOU".indexOf(c) >= 0) {
                b.append(String.format("\\%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
