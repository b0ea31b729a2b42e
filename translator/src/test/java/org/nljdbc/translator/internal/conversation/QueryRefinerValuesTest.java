package org.nljdbc.translator.internal.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * Values of a follow-up enter the edited query only as one string literal, escaped for the dialect: whatever a
 * follow-up says, the edited query keeps the previous query's shape (one SELECT over the same table, one more or one
 * changed equality filter) and its filter value reads back as exactly the words of the follow-up.
 */
class QueryRefinerValuesTest {
    private static final Catalog SHOP = new Catalog("PostgreSQL", "16", List.of(
            new TableInfo("public", "customers", "TABLE", null, List.of(
                    new ColumnInfo("id", "int4", Types.INTEGER, false),
                    new ColumnInfo("name", "varchar", Types.VARCHAR, true),
                    new ColumnInfo("country", "varchar", Types.VARCHAR, true, null,
                            List.of("Brazil", "Chile", "O'Higgins \\ Land"))), List.of("id"), List.of(), -1),
            new TableInfo("public", "canary", "TABLE", null, List.of(
                    new ColumnInfo("marker", "varchar", Types.VARCHAR, true)), List.of(), List.of(), -1)));
    private static final String BRAZIL = "SELECT name FROM customers WHERE country = 'Brazil'";

    static final List<String> HOSTILE = List.of(
            "x'union/**/select/**/marker/**/from/**/canary--",
            "x\\' union select marker from canary -- ",
            "Brazil' OR '1'='1",
            "x\\",
            "a */ union select marker from canary /*",
            "x'\nunion select marker from canary",
            "x\uFF07 union select marker from canary --",
            "x\u2019 or \u02BC1\u02BC=\u02BC1",
            "x''--");

    private static Turn turn(String sql) {
        return new Turn(1, "names of customers in Brazil", sql, sql, List.of(), -1, null);
    }

    /** The value of the single {@code country = ...} filter, read back from the parsed SQL. */
    private static String filterValue(String sql, Dialect dialect) throws Exception {
        PlainSelect ps = assertInstanceOf(PlainSelect.class,
                CCJSqlParserUtil.parse(sql, p -> QueryRefiner.lexicalSettings(p, dialect)), sql);
        assertEquals("customers", ps.getFromItem().toString(), sql);
        assertEquals(null, ps.getJoins(), sql);
        assertEquals(1, ps.getSelectItems().size(), sql);
        Expression where = ps.getWhere();
        EqualsTo eq = assertInstanceOf(EqualsTo.class, where, sql);
        assertTrue(eq.getLeftExpression().toString().replace("\"", "").replace("`", "").endsWith("country"), sql);
        StringValue v = assertInstanceOf(StringValue.class, eq.getRightExpression(), sql);
        return unescape(v.getValue(), dialect);
    }

    /** The value of a literal body as the dialect reads it. */
    static String unescape(String body, Dialect dialect) {
        String s = body.replace("''", "'");
        if (dialect == Dialect.MARIADB || dialect == Dialect.MYSQL || dialect == Dialect.SNOWFLAKE) {
            StringBuilder out = new StringBuilder();
            String b = body;
            for (int i = 0; i < b.length(); i++) {
                char c = b.charAt(i);
                if (c == '\\' && i + 1 < b.length()) {
                    out.append(b.charAt(++i));
                } else if (c == '\'' && i + 1 < b.length() && b.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i++;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        return s;
    }

    private static String expectedValue(String followUp) {
        // The refiner reads the follow-up with punctuation (?!,;:) and lone dots as spaces, runs of space as one.
        return followUp.replaceAll("[?!,;:]+", " ").replaceAll("(?<!\\d)\\.|\\.(?!\\d)", " ")
                .replaceAll("\\s+", " ").trim();
    }

    private static void assertOneLiteral(String followUp, Dialect dialect) throws Exception {
        QueryRefiner.Outcome o = QueryRefiner.refine(followUp, turn(BRAZIL), SHOP, dialect);
        if (o instanceof QueryRefiner.Unclear) {
            return; // not an edit: the model (or, without one, a refusal) answers instead
        }
        QueryRefiner.Refined r = (QueryRefiner.Refined) o;
        String value = filterValue(r.sql(), dialect).toLowerCase(java.util.Locale.ROOT);
        // The value is words of the follow-up (or the sampled value they name), never less than a whole literal.
        assertTrue(!value.isBlank() && expectedValue(followUp).toLowerCase(java.util.Locale.ROOT).contains(value),
                () -> "value " + value + " from " + r.sql());
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MARIADB", "MYSQL", "H2", "SQLITE", "SNOWFLAKE"})
    void aHostileBareFollowUpReplacesTheFilterValueWithOneLiteral(Dialect dialect) throws Exception {
        for (String hostile : HOSTILE) {
            // Issue 14: only a quoted literal (or a sampled value) becomes a value, so the hostile text is quoted.
            assertOneLiteral("'" + hostile + "'", dialect);
        }
    }

    @Test
    void theMarkerUnionFollowUpFromTheReviewBecomesAnEscapedValue() {
        QueryRefiner.Refined r = assertInstanceOf(QueryRefiner.Refined.class, QueryRefiner.refine(
                "'" + "x'union/**/select/**/marker/**/from/**/canary--" + "'", turn(BRAZIL), SHOP, Dialect.POSTGRESQL));
        assertEquals("SELECT name FROM customers WHERE country = 'x''union/**/select/**/marker/**/from/**/canary--'",
                r.sql());
    }

    @Test
    void aBackslashIsDoubledForMariaDbAndKeptForPostgresql() {
        QueryRefiner.Refined maria = assertInstanceOf(QueryRefiner.Refined.class,
                QueryRefiner.refine("'" + "x\\ union select" + "'", turn(BRAZIL), SHOP, Dialect.MARIADB));
        assertTrue(maria.sql().endsWith("country = 'x\\\\ union select'"), maria.sql());
        QueryRefiner.Refined pg = assertInstanceOf(QueryRefiner.Refined.class,
                QueryRefiner.refine("'" + "x\\ union select" + "'", turn(BRAZIL), SHOP, Dialect.POSTGRESQL));
        assertTrue(pg.sql().endsWith("country = 'x\\ union select'"), pg.sql());
    }

    @Test
    void aBackslashBeforeAQuoteIsNoEditWhereTheGuardsParserWouldEndTheLiteralElsewhere() {
        for (Dialect d : List.of(Dialect.POSTGRESQL, Dialect.MARIADB)) {
            QueryRefiner.Unclear u = assertInstanceOf(QueryRefiner.Unclear.class,
                    QueryRefiner.refine("'" + "x\\' union select" + "'", turn(BRAZIL), SHOP, d));
            assertTrue(u.why().contains("backslash"), u.why());
        }
    }

    @Test
    void aSampledValueWithAQuoteAndABackslashIsEscapedForTheDialect() {
        QueryRefiner.Refined r = assertInstanceOf(QueryRefiner.Refined.class, QueryRefiner.refine(
                "now only O'Higgins \\ Land", turn("SELECT name FROM customers"), SHOP, Dialect.MARIADB));
        assertTrue(r.sql().endsWith("WHERE customers.country = 'O''Higgins \\\\ Land'"), r.sql());
    }

    @Test
    void aNulCharacterIsNeverAValue() {
        QueryRefiner.Outcome o = QueryRefiner.refine("'" + "x\u0000y" + "'", turn(BRAZIL), SHOP, Dialect.POSTGRESQL);
        QueryRefiner.Unclear u = assertInstanceOf(QueryRefiner.Unclear.class, o, o::toString);
        assertTrue(u.why().contains("NUL"), u.why());
    }

    @Property(tries = 300)
    void anyBareFollowUpEitherIsNotAnEditOrKeepsTheQueryShape(@ForAll("followUps") String followUp,
                                                              @ForAll("dialects") Dialect dialect) throws Exception {
        try {
            assertOneLiteral(followUp, dialect);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            fail("the edited SQL does not parse for " + followUp + ": " + e);
        }
    }

    @Provide
    Arbitrary<Dialect> dialects() {
        return Arbitraries.of(Dialect.POSTGRESQL, Dialect.MARIADB, Dialect.H2, Dialect.SQLITE);
    }

    @Provide
    Arbitrary<String> followUps() {
        return hostileValues().filter(s -> !s.isBlank() && s.indexOf('\0') < 0);
    }

    /** Text built of quote characters, backslashes, comment markers, SQL words, look-alikes and plain letters. */
    static Arbitrary<String> hostileValues() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("'", "''", "\\", "\\'", "\"", "`", "--", "#", "/*", "*/", ";", "\n", "\r\n", "\t",
                        " ", "union", "select", "marker", "from", "canary", "or", "'1'='1", "$$", "%", "_", "?",
                        "\u2019", "\uFF07", "\u02BC", "\u00A0", "\u200B", "x", "Brazil", "\uD83D\uDE00", "0x27"),
                Arbitraries.strings().withChars("ab'\\\"-/*;# \n").ofMinLength(1).ofMaxLength(4));
        return piece.list().ofMinSize(1).ofMaxSize(8).map(ps -> String.join("", new ArrayList<>(ps)));
    }
}
