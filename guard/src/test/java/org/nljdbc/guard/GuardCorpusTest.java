package org.nljdbc.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The hostile and legitimate corpora (src/test/resources/org/nljdbc/guard/*.tsv). */
class GuardCorpusTest {
    private static final SqlGuard GUARD = new SqlGuard(CorpusFixture.POLICY);

    static Stream<Arguments> hostile() {
        return CorpusFixture.read("hostile.tsv", 3).stream()
                .map(f -> Arguments.of(Dialect.valueOf(f[0]), Verdict.Reason.valueOf(f[1]), f[2]));
    }

    static Stream<Arguments> legitimate() {
        return CorpusFixture.read("legitimate.tsv", 2).stream().map(f -> Arguments.of(Dialect.valueOf(f[0]), f[1]));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}: {2}")
    @MethodSource("hostile")
    void refusesHostileStatementWithItsReason(Dialect dialect, Verdict.Reason expected, String sql) {
        Verdict v = GUARD.check(sql, dialect, CorpusFixture.SCHEMA);
        Verdict.Refused r = assertInstanceOf(Verdict.Refused.class, v, () -> "accepted: " + v);
        assertEquals(expected, r.reason(), r.message());
        assertTrue(r.message().startsWith("refused: "), r.message());
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("legitimate")
    void acceptsLegitimateQueryChangingOnlyTheRowLimit(Dialect dialect, String sql) {
        Verdict v = GUARD.check(sql, dialect, CorpusFixture.SCHEMA);
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, () -> "refused: " + v);
        assertTrue(a.parameters().isEmpty());
        for (String rewrite : a.rewrites()) {
            assertTrue(rewrite.matches("(LIMIT|TOP|FETCH|OFFSET|row limit|query wrapped in SELECT TOP).*"), rewrite);
        }
        if (a.rewrites().isEmpty()) {
            assertEquals(sql, a.sql());
        } else if (dialect != Dialect.SQLSERVER) {
            String suffix = dialect == Dialect.ORACLE ? " FETCH FIRST 1000 ROWS ONLY" : " LIMIT 1000";
            assertTrue(a.sql().endsWith(suffix), a.sql());
            String kept = a.sql().substring(0, a.sql().length() - suffix.length());
            assertTrue(sql.startsWith(kept) && sql.substring(kept.length()).matches("\\s*(;|--.*|#.*)?\\s*"),
                    () -> "changed beyond the limit: " + a.sql());
        } else {
            assertTrue(a.sql().contains("TOP 1000") || a.sql().contains("FETCH NEXT 1000 ROWS ONLY"), a.sql());
        }
        Verdict again = GUARD.check(a.sql(), dialect, CorpusFixture.SCHEMA);
        assertEquals(a.sql(), assertInstanceOf(Verdict.Accepted.class, again).sql(), "the accepted text is a fixed point");
    }

    @Test
    void corporaCoverEveryDialectAndEveryPolicyReason() {
        List<Arguments> h = hostile().toList();
        assertTrue(h.size() >= 150, "hostile corpus: " + h.size());
        assertTrue(legitimate().count() >= 100, "legitimate corpus");
        Set<Dialect> dialects = h.stream().map(a -> (Dialect) a.get()[0]).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(Dialect.class), EnumSet.copyOf(dialects));
        Set<Verdict.Reason> reasons = h.stream().map(a -> (Verdict.Reason) a.get()[1]).collect(Collectors.toSet());
        Set<Verdict.Reason> expected = EnumSet.allOf(Verdict.Reason.class);
        expected.remove(Verdict.Reason.TOO_COMPLEX); // covered in GuardSpecTest, too long for a corpus line
        assertTrue(reasons.containsAll(expected), "reasons missing: " + expected.stream()
                .filter(r -> !reasons.contains(r)).toList());
    }
}
