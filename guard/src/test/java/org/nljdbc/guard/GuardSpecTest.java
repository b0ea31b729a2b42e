package org.nljdbc.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The guard's behaviour, one rule per test. */
class GuardSpecTest {
    private static final VisibleSchema SCHEMA = VisibleSchema.of(Map.of(
            "users", List.of("id", "name", "ssn", "tenant_id"),
            "orders", List.of("id", "user_id", "amount", "tenant_id"),
            "products", List.of("id", "title"),
            "sales.q1", List.of("region", "amount"),
            "t", List.of("deleted", "drop_reason", "update_time", "note", "delete"),
            "legalities", List.of("uuid", "format", "long")));
    private static final SqlGuard DEFAULT = new SqlGuard(Policy.defaults());
    private static final SqlGuard MASKING = new SqlGuard(new Policy(100, List.of(), List.of(), List.of("users.ssn"),
            null, null, false));
    private static final SqlGuard TENANT = new SqlGuard(new Policy(100, List.of(), List.of(), List.of(), "tenant_id",
            "acme", false));

    private static Verdict.Accepted accepted(SqlGuard g, String sql, Dialect d) {
        Verdict v = g.check(sql, d, SCHEMA);
        return assertInstanceOf(Verdict.Accepted.class, v, () -> "refused: " + v);
    }

    private static Verdict.Refused refused(SqlGuard g, String sql, Dialect d) {
        Verdict v = g.check(sql, d, SCHEMA);
        return assertInstanceOf(Verdict.Refused.class, v, () -> "accepted: " + v);
    }

    @Test
    void refusesStackedStatementsNamingTheIntruder() {
        Verdict.Refused r = refused(DEFAULT, "SELECT 1; DELETE FROM orders", Dialect.POSTGRESQL);
        assertEquals(Verdict.Reason.MULTIPLE_STATEMENTS, r.reason());
        assertEquals("refused: statement 2 of 2 is DELETE; only single read-only queries run", r.message());
        assertEquals("42501", r.sqlState());
    }

    @Test
    void syntaxErrorsAreRepairableWithSqlState42000() {
        Verdict.Refused r = refused(DEFAULT, "SELEC id FROM orders", Dialect.POSTGRESQL);
        assertEquals(Verdict.Reason.SYNTAX, r.reason());
        assertEquals("42000", r.sqlState());
        assertFalse(r.reason().isSecurity());
        assertTrue(Verdict.Reason.FORBIDDEN_FUNCTION.isSecurity());
    }

    @Test
    void appendsLimitToTheOriginalTextKeepingItsFormatting() {
        String sql = "SELECT  id,\n  amount FROM orders  WHERE amount > 1";
        Verdict.Accepted a = accepted(DEFAULT, sql + " ;  -- done", Dialect.POSTGRESQL);
        assertEquals(sql + " LIMIT 1000", a.sql());
        assertEquals(List.of("LIMIT 1000 added"), a.rewrites());
    }

    @Test
    void keepsASmallerLimitAndClampsALargerOne() {
        assertEquals("SELECT id FROM orders LIMIT 10", accepted(DEFAULT, "SELECT id FROM orders LIMIT 10", Dialect.MYSQL).sql());
        assertEquals("SELECT id FROM orders LIMIT 1000", accepted(DEFAULT, "SELECT id FROM orders LIMIT 99999", Dialect.MYSQL).sql());
        assertEquals("SELECT id FROM orders LIMIT 1000", accepted(DEFAULT, "SELECT id FROM orders LIMIT ALL", Dialect.POSTGRESQL).sql());
        assertEquals("SELECT id FROM orders ORDER BY id FETCH FIRST 1000 ROWS ONLY",
                accepted(DEFAULT, "SELECT id FROM orders ORDER BY id FETCH FIRST 5000 ROWS ONLY", Dialect.ORACLE).sql());
        assertEquals("SELECT TOP 1000 id FROM orders", accepted(DEFAULT, "SELECT TOP 5000 id FROM orders", Dialect.SQLSERVER).sql());
    }

    @Test
    void limitsASetOperationAsAWhole() {
        assertEquals("SELECT id FROM orders UNION SELECT id FROM products LIMIT 1000",
                accepted(DEFAULT, "SELECT id FROM orders UNION SELECT id FROM products", Dialect.POSTGRESQL).sql());
        assertEquals("SELECT id FROM orders UNION SELECT id FROM products LIMIT 1000",
                accepted(DEFAULT, "SELECT id FROM orders UNION SELECT id FROM products LIMIT 5000", Dialect.SQLITE).sql());
        assertEquals("SELECT TOP 1000 * FROM (SELECT id FROM orders UNION SELECT id FROM products) AS nl_rows",
                accepted(DEFAULT, "SELECT id FROM orders UNION SELECT id FROM products", Dialect.SQLSERVER).sql());
    }

    @Test
    void usesEachDialectsOwnLimitForm() {
        assertEquals("SELECT TOP 1000 id FROM orders", accepted(DEFAULT, "SELECT id FROM orders", Dialect.SQLSERVER).sql());
        assertEquals("SELECT id FROM orders FETCH FIRST 1000 ROWS ONLY", accepted(DEFAULT, "SELECT id FROM orders", Dialect.ORACLE).sql());
        assertEquals("SELECT id FROM orders LIMIT 1000", accepted(DEFAULT, "SELECT id FROM orders", Dialect.TRINO).sql());
        assertEquals("SELECT id FROM orders ORDER BY id OFFSET 10 ROWS FETCH NEXT 1000 ROWS ONLY",
                accepted(DEFAULT, "SELECT id FROM orders ORDER BY id OFFSET 10 ROWS", Dialect.SQLSERVER).sql());
    }

    @Test
    void acceptsKeywordsInsideLiteralsAndIdentifiers() {
        accepted(DEFAULT, "SELECT deleted, drop_reason, update_time FROM t WHERE note = 'DELETE FROM x; DROP TABLE y'", Dialect.POSTGRESQL);
        accepted(DEFAULT, "SELECT 'pg_sleep(1)', \"delete\" FROM t", Dialect.POSTGRESQL);
    }

    @Test
    void quotesCatalogNamesTheParserTakesForKeywordsAndChecksTheQuotedText() {
        Verdict.Accepted a = accepted(DEFAULT, "SELECT uuid FROM legalities WHERE format = 'duel'", Dialect.SQLITE);
        assertEquals("SELECT \"uuid\" FROM legalities WHERE format = 'duel' LIMIT 1000", a.sql());
        assertTrue(a.rewrites().contains("name uuid quoted (the parser reads it as a keyword)"), a.rewrites().toString());
        assertEquals("SELECT avg(`long`) FROM legalities LIMIT 1000",
                accepted(DEFAULT, "SELECT avg(long) FROM legalities", Dialect.MARIADB).sql());
        // a word the catalog does not know is not quoted: the statement stays refused
        Verdict v = DEFAULT.check("SELECT avg(long) FROM t", Dialect.SQLITE, VisibleSchema.of(Map.of("t", List.of("x"))));
        assertEquals(Verdict.Reason.SYNTAX, ((Verdict.Refused) v).reason());
        // PostgreSQL folds the word: quoting LONG as "long" would not change it, quoting Long as "Long" would
        assertEquals("SELECT avg(\"long\") FROM legalities LIMIT 1000",
                accepted(DEFAULT, "SELECT avg(LONG) FROM legalities", Dialect.POSTGRESQL).sql());
    }

    @Test
    void countOfDistinctWholeRowsOfAMaskedTableIsMasked() {
        Verdict.Accepted a = accepted(MASKING, "SELECT count(DISTINCT u.*) AS n FROM users u", Dialect.POSTGRESQL);
        // Still an aggregate: one row, as the query asked, not one per user.
        assertTrue(a.sql().contains("MIN('***') AS n"), a.sql());
        assertEquals("SELECT count(*) FROM users u LIMIT 100",
                accepted(MASKING, "SELECT count(*) FROM users u", Dialect.POSTGRESQL).sql());
    }

    @Test
    void masksAColumnInTheSelectListKeepingItsName() {
        Verdict.Accepted a = accepted(MASKING, "SELECT name, ssn FROM users", Dialect.POSTGRESQL);
        assertEquals("SELECT name, '***' AS ssn FROM users LIMIT 100", a.sql());
        assertTrue(a.rewrites().contains("column users.ssn masked"), a.rewrites().toString());
    }

    @Test
    void expandsStarFromTheVisibleSchemaToMaskAColumn() {
        assertEquals("SELECT users.id, users.name, '***' AS ssn, users.tenant_id FROM users LIMIT 100",
                accepted(MASKING, "SELECT * FROM users", Dialect.POSTGRESQL).sql());
        assertEquals("SELECT u.id, u.name, '***' AS ssn, u.tenant_id, o.* FROM users u JOIN orders o ON o.user_id = u.id LIMIT 100",
                accepted(MASKING, "SELECT * FROM users u JOIN orders o ON o.user_id = u.id", Dialect.POSTGRESQL).sql());
    }

    @Test
    void masksRowToJsonAndAggregatesOverAMaskedColumn() {
        assertEquals("SELECT '***' AS row_to_json FROM users u LIMIT 100",
                accepted(MASKING, "SELECT row_to_json(u) FROM users u", Dialect.POSTGRESQL).sql());
        // An aggregate stays one: one row per group, as asked.
        assertEquals("SELECT MIN('***') AS all_ssn FROM users LIMIT 100",
                accepted(MASKING, "SELECT string_agg(ssn, ',') AS all_ssn FROM users", Dialect.POSTGRESQL).sql());
        assertEquals("SELECT MIN('***') AS j FROM users u LIMIT 100",
                accepted(MASKING, "SELECT json_agg(u.*) AS j FROM users u", Dialect.POSTGRESQL).sql());
    }

    @Test
    void masksInsideSubqueriesAndCtesWithNull() {
        assertEquals("WITH x AS (SELECT NULL AS ssn FROM users) SELECT ssn FROM x LIMIT 100",
                accepted(MASKING, "WITH x AS (SELECT ssn FROM users) SELECT ssn FROM x", Dialect.POSTGRESQL).sql());
    }

    @Test
    void refusesAMaskedColumnInFilters() {
        for (String sql : List.of("SELECT name FROM users WHERE ssn = '1'", "SELECT name FROM users ORDER BY ssn",
                "SELECT count(*) FROM users GROUP BY ssn", "SELECT o.id FROM orders o JOIN users u ON u.ssn = o.id",
                "SELECT id FROM orders WHERE user_id IN (SELECT id FROM users WHERE ssn LIKE '9%')")) {
            assertEquals(Verdict.Reason.MASKED_COLUMN_FILTER, refused(MASKING, sql, Dialect.POSTGRESQL).reason(), sql);
        }
    }

    @Test
    void filtersEveryTenantTableWithABoundParameterThatOrCannotWiden() {
        Verdict.Accepted a = accepted(TENANT, "SELECT u.name, o.amount FROM users u JOIN orders o ON o.user_id = u.id "
                + "WHERE u.id = 1 OR 1 = 1", Dialect.POSTGRESQL);
        // OFFSET 0 keeps PostgreSQL from merging the filter into the outer query, whose conditions would then see
        // (and, by failing on a value, reveal) other tenants' rows.
        assertEquals("SELECT u.name, o.amount FROM (SELECT * FROM users WHERE tenant_id = ? OFFSET 0) u JOIN "
                + "(SELECT * FROM orders WHERE tenant_id = ? OFFSET 0) o ON o.user_id = u.id WHERE u.id = 1 OR 1 = 1 "
                + "LIMIT 100", a.sql());
        assertEquals(List.of("acme", "acme"), a.parameters());
        assertFalse(a.sql().contains("acme"));
    }

    @Test
    void filtersTenantTablesInSubqueriesCtesAndSetOperations() {
        Verdict.Accepted a = accepted(TENANT, "WITH x AS (SELECT user_id FROM orders) SELECT name FROM users "
                + "WHERE id IN (SELECT user_id FROM x) UNION SELECT title FROM products", Dialect.POSTGRESQL);
        assertEquals(2, a.parameters().size(), a.sql());
        assertFalse(a.sql().contains("FROM products WHERE"), a.sql());
    }

    @Test
    void refusesUnknownTablesUnderTenantIsolation() {
        assertEquals(Verdict.Reason.UNKNOWN_TABLE, refused(TENANT, "SELECT * FROM archive", Dialect.POSTGRESQL).reason());
    }

    @Test
    void allowListAdmitsOnlyListedTables() {
        SqlGuard g = new SqlGuard(new Policy(10, List.of("orders", "sales.*"), List.of(), List.of(), null, null, false));
        accepted(g, "SELECT * FROM ORDERS", Dialect.POSTGRESQL);
        accepted(g, "SELECT * FROM sales.q1", Dialect.POSTGRESQL);
        assertEquals(Verdict.Reason.DENIED_TABLE, refused(g, "SELECT * FROM users", Dialect.POSTGRESQL).reason());
        // a quoted identifier is case-sensitive in PostgreSQL: "Orders" is another table, and not a visible one
        assertEquals(Verdict.Reason.UNKNOWN_TABLE, refused(g, "SELECT * FROM \"Orders\"", Dialect.POSTGRESQL).reason());
        // a CTE named like an allowed table is not a table; what it reads is checked
        assertEquals(Verdict.Reason.DENIED_TABLE,
                refused(g, "WITH orders AS (SELECT * FROM users) SELECT * FROM orders", Dialect.POSTGRESQL).reason());
        accepted(g, "WITH x AS (SELECT * FROM orders) SELECT * FROM x", Dialect.POSTGRESQL);
    }

    @Test
    void systemCatalogsOnlyWhenAllowed() {
        SqlGuard g = new SqlGuard(new Policy(10, List.of(), List.of(), List.of(), null, null, true));
        accepted(g, "SELECT * FROM information_schema.tables", Dialect.POSTGRESQL);
        assertEquals(Verdict.Reason.SYSTEM_CATALOG,
                refused(DEFAULT, "SELECT * FROM information_schema.tables", Dialect.POSTGRESQL).reason());
    }

    @Test
    void neverThrowsForNullEmptyGarbageOrHugeInput() {
        List<String> inputs = new ArrayList<>(List.of("", " ", ";", ";;;", "((((", "'", "\"", "/*", "--", "$$", "\0",
                "SELECT", "SELECT * FROM", "))) SELECT", "\uFFFF\uD800", "SELECT 1 /* unterminated"));
        inputs.add("SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000));
        inputs.add("SELECT 1" + " UNION SELECT 1".repeat(3000));
        inputs.add("SELECT '" + "x".repeat(200_000) + "'");
        for (Dialect d : Dialect.values()) {
            assertInstanceOf(Verdict.Refused.class, DEFAULT.check(null, d, SCHEMA));
            for (String s : inputs) {
                Verdict v = DEFAULT.check(s, d, null);
                if (v instanceof Verdict.Refused r) {
                    assertTrue(r.message().startsWith("refused: "), r.message());
                }
            }
        }
        // no dialect means GENERIC, no schema means an empty one
        assertEquals("SELECT 1 LIMIT 1000", assertInstanceOf(Verdict.Accepted.class, DEFAULT.check("SELECT 1", null, null)).sql());
        assertEquals(Verdict.Reason.TOO_COMPLEX,
                ((Verdict.Refused) DEFAULT.check("SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000), Dialect.POSTGRESQL, SCHEMA)).reason());
    }

    @Test
    void isThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    Verdict a = MASKING.check("SELECT * FROM users WHERE id = " + n, Dialect.POSTGRESQL, SCHEMA);
                    Verdict b = MASKING.check("SELECT pg_sleep(" + n + ")", Dialect.POSTGRESQL, SCHEMA);
                    return a instanceof Verdict.Accepted x && x.sql().contains("'***' AS ssn") && x.sql().contains("= " + n + " ")
                            && b instanceof Verdict.Refused;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCteShadowingADeniedTableIsFineWhenItsBodyIs() {
        SqlGuard g = new SqlGuard(new Policy(10, List.of(), List.of("payroll"), List.of(), null, null, false));
        accepted(g, "WITH payroll AS (SELECT 1 AS x) SELECT * FROM payroll", Dialect.POSTGRESQL);
        accepted(g, "WITH RECURSIVE payroll AS (SELECT 1 AS x UNION ALL SELECT x + 1 FROM payroll WHERE x < 3) "
                + "SELECT * FROM payroll", Dialect.POSTGRESQL);
        // without RECURSIVE, the name inside its own body is the real table
        assertEquals(Verdict.Reason.DENIED_TABLE,
                refused(g, "WITH payroll AS (SELECT * FROM payroll) SELECT * FROM payroll", Dialect.POSTGRESQL).reason());
    }

    @Test
    void masksAndTenantFiltersCombine() {
        SqlGuard g = new SqlGuard(new Policy(100, List.of(), List.of(), List.of("users.ssn"), "tenant_id", "acme", false));
        Verdict.Accepted a = accepted(g, "SELECT u.name FROM users u WHERE u.id IN (SELECT user_id FROM orders)", Dialect.SQLSERVER);
        assertEquals("SELECT TOP 100 u.name FROM (SELECT id, name, NULL AS ssn, tenant_id FROM users WHERE tenant_id = ?) u "
                + "WHERE u.id IN (SELECT user_id FROM (SELECT * FROM orders WHERE tenant_id = ?) AS orders)", a.sql());
        assertEquals(List.of("acme", "acme"), a.parameters());
    }

    @Test
    void refusesTenantRewritesOfQueriesWithTheirOwnParameters() {
        assertEquals(Verdict.Reason.UNSUPPORTED,
                refused(TENANT, "SELECT name FROM users WHERE id = ?", Dialect.POSTGRESQL).reason());
    }

    @Test
    void refusesSequenceAccessInEveryForm() {
        for (String sql : List.of("SELECT nextval('s')", "SELECT s.NEXTVAL FROM dual", "SELECT NEXT VALUE FOR s", "SELECT currval('s')")) {
            assertEquals(Verdict.Reason.FORBIDDEN_FUNCTION, refused(DEFAULT, sql, Dialect.GENERIC).reason(), sql);
        }
    }

    @Test
    void putsQueriesWithTiesUnderAnOuterLimit() {
        assertEquals("SELECT * FROM (SELECT id FROM orders ORDER BY amount FETCH FIRST 3 ROWS WITH TIES) AS nl_rows LIMIT 1000",
                accepted(DEFAULT, "SELECT id FROM orders ORDER BY amount FETCH FIRST 3 ROWS WITH TIES", Dialect.POSTGRESQL).sql());
        assertEquals("SELECT TOP 1000 * FROM (SELECT TOP 3 WITH TIES id FROM orders ORDER BY amount) AS nl_rows",
                accepted(DEFAULT, "SELECT TOP 3 WITH TIES id FROM orders ORDER BY amount", Dialect.SQLSERVER).sql());
    }
}
