package org.nljdbc.guard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mutations of legitimate and hostile queries: inserted keywords, stacked statements, wrapping in CTEs
 * and subqueries, case changes, comments. The guard never throws, and never accepts a text that reads a
 * denied table, calls a denied function or is not a single query.
 */
class GuardMutationFuzzTest {
    private static final SqlGuard GUARD = new SqlGuard(CorpusFixture.POLICY);

    private static final List<String> SEEDS = CorpusFixture.read("legitimate.tsv", 2).stream().map(f -> f[1]).toList();
    private static final List<String> HOSTILE = CorpusFixture.read("hostile.tsv", 3).stream().map(f -> f[2])
            .filter(s -> !s.isBlank()).toList();

    private static final List<String> POISON = List.of("pg_sleep(1)", "SLEEP(1)", "pg_read_file('/etc/passwd')",
            "dblink('x','y')", "LOAD_FILE('/etc/passwd')", "(SELECT count(*) FROM payroll)",
            "(SELECT max(x) FROM hr.salaries)", "(SELECT 1 FROM pg_shadow)", "lo_import('/x')", "nextval('s')",
            "(SELECT 1 FROM information_schema.tables)", "UTL_HTTP.REQUEST('x')");
    private static final List<String> KEYWORDS = List.of("DELETE", "DROP", "UPDATE", "INSERT", "INTO", "FOR UPDATE",
            ";", "; DELETE FROM orders", "/*!", "--", "/*", "*/", "'", "\"", "(", ")", "UNION SELECT 1", "LIMIT",
            "INTO OUTFILE '/tmp/x'", "WITH", "RETURNING *", "#", "$$", "E'\\''", "[", "`");

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> base = Arbitraries.oneOf(Arbitraries.of(SEEDS), Arbitraries.of(HOSTILE));
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 10_000);
        Arbitrary<String> insertKeyword = Combinators.combine(base, Arbitraries.of(KEYWORDS), position)
                .as((s, k, p) -> insertAtSpace(s, " " + k + " ", p));
        Arbitrary<String> stacked = Combinators.combine(base, Arbitraries.of(HOSTILE)).as((a, b) -> a + "; " + b);
        Arbitrary<String> inCte = base.map(s -> "WITH w AS (" + s + ") SELECT * FROM w");
        Arbitrary<String> inSubquery = base.map(s -> "SELECT * FROM (" + s + ") AS q");
        Arbitrary<String> recased = base.map(GuardMutationFuzzTest::alternateCase);
        Arbitrary<String> commented = Combinators.combine(base, Arbitraries.of("/* x */", "-- x\n", "/*!50000 x*/", "#x\n"),
                position).as((s, c, p) -> insertAtSpace(s, " " + c + " ", p));
        Arbitrary<String> poisoned = Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.of(POISON), position)
                .as((s, f, p) -> insertAfterSelect(s, f));
        return Arbitraries.oneOf(insertKeyword, stacked, inCte, inSubquery, recased, commented, poisoned);
    }

    @Property(tries = 3000, seed = "20261123")
    void neverThrowsAndNeverAcceptsWhatPolicyDenies(@ForAll("mutated") String sql, @ForAll Dialect dialect) {
        Verdict v = GUARD.check(sql, dialect, CorpusFixture.SCHEMA);
        assertNotNull(v);
        if (v instanceof Verdict.Accepted a) {
            String lower = a.sql().toLowerCase(Locale.ROOT);
            for (String table : tablesRead(a.sql())) {
                String t = table.toLowerCase(Locale.ROOT).replace("\"", "").replace("`", "");
                assertFalse(t.equals("payroll") || t.endsWith(".payroll") || t.startsWith("hr.") || t.endsWith("_secret")
                        || t.startsWith("pg_") || t.startsWith("information_schema."), () -> "accepted " + table + ": " + a.sql());
            }
            for (String fn : List.of("pg_sleep(", "sleep(", "pg_read_file(", "dblink(", "load_file(", "lo_import(",
                    "nextval(", "utl_http")) {
                assertFalse(lower.contains(fn) && !literalOnly(sql, fn), () -> "accepted " + fn + ": " + a.sql());
            }
            Verdict again = GUARD.check(a.sql(), dialect, CorpusFixture.SCHEMA);
            assertTrue(again instanceof Verdict.Accepted b && b.sql().equals(a.sql()),
                    () -> "accepted text is not a fixed point: " + a.sql() + " -> " + again);
        }
    }

    @Property(tries = 400, seed = "20261123")
    void hostileStatementsStayRefusedInTheirDialectWhateverTheirCase(@ForAll("hostileRecased") String[] row) {
        Verdict v = GUARD.check(row[2], Dialect.valueOf(row[0]), CorpusFixture.SCHEMA);
        assertTrue(v instanceof Verdict.Refused, () -> row[0] + " accepted " + row[2] + " -> " + v);
    }

    @Provide
    Arbitrary<String[]> hostileRecased() {
        return Arbitraries.of(CorpusFixture.read("hostile.tsv", 3)).filter(f -> !f[2].isBlank())
                .map(f -> new String[] {f[0], f[1], alternateCase(f[2])});
    }

    /** Tables an accepted text reads, by JSqlParser's own finder (independent of the guard's scope pass). */
    private static java.util.Set<String> tablesRead(String sql) {
        try {
            return net.sf.jsqlparser.util.TablesNamesFinder.findTables(sql);
        } catch (Exception e) {
            return java.util.Set.of();
        }
    }

    /** Whether every occurrence of {@code word} in the original text was inside a string literal. */
    private static boolean literalOnly(String sql, String word) {
        String s = sql.toLowerCase(Locale.ROOT);
        int i = s.indexOf(word);
        while (i >= 0) {
            int quotesBefore = 0;
            for (int k = 0; k < i; k++) {
                if (s.charAt(k) == '\'') {
                    quotesBefore++;
                }
            }
            if (quotesBefore % 2 == 0) {
                return false;
            }
            i = s.indexOf(word, i + 1);
        }
        return true;
    }

    private static String insertAtSpace(String s, String what, int p) {
        if (s.isEmpty()) {
            return what;
        }
        int at = s.indexOf(' ', p % s.length());
        return at < 0 ? s + what : s.substring(0, at) + what + s.substring(at);
    }

    private static String insertAfterSelect(String s, String f) {
        int at = s.toUpperCase(Locale.ROOT).indexOf("SELECT ");
        return at < 0 ? "SELECT " + f + " " + s : s.substring(0, at + 7) + f + ", " + s.substring(at + 7);
    }

    private static String alternateCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(i % 2 == 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }
}
