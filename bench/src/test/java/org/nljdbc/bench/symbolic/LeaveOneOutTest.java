package org.nljdbc.bench.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveOneOutTest {

    private static LeaveOneOut.Item right(String db, double c) {
        return new LeaveOneOut.Item(db, true, c, true);
    }

    private static LeaveOneOut.Item wrong(String db, double c) {
        return new LeaveOneOut.Item(db, true, c, false);
    }

    private static LeaveOneOut.Item abstained(String db) {
        return new LeaveOneOut.Item(db, false, 0.2, false);
    }

    @Test
    void thresholdIsTheSmallestConfidenceReachingTheTargetPrecision() {
        // At 0.5: 3 right of 5 (0.6); at 0.7: 3 of 4 (0.75); at 0.8: 3 of 3.
        List<LeaveOneOut.Item> items = List.of(wrong("a", 0.5), wrong("a", 0.7), right("a", 0.8), right("a", 0.9),
                right("a", 0.95), abstained("a"));
        assertEquals(0.8, LeaveOneOut.threshold(items, 0.97));
        assertEquals(0.7, LeaveOneOut.threshold(items, 0.75));
        assertEquals(0.5, LeaveOneOut.threshold(items, 0.5));
    }

    @Test
    void noThresholdReachingTheTargetAnswersNothing() {
        List<LeaveOneOut.Item> items = List.of(right("a", 0.5), wrong("a", 0.9), abstained("a"));
        assertEquals(Double.POSITIVE_INFINITY, LeaveOneOut.threshold(items, 0.97));
    }

    @Test
    void eachDatabaseIsJudgedWithTheThresholdChosenOnTheOthers() {
        List<LeaveOneOut.Item> items = new ArrayList<>();
        // Databases a and b: right above 0.8, wrong at 0.6. Database c: wrong at 0.85, right at 0.9.
        for (String db : List.of("a", "b")) {
            items.addAll(List.of(wrong(db, 0.6), right(db, 0.8), right(db, 0.9), abstained(db)));
        }
        items.addAll(List.of(wrong("c", 0.85), right("c", 0.9), abstained("c")));
        LeaveOneOut.Report r = LeaveOneOut.evaluate(items, 0.97);
        assertEquals(List.of("a", "b", "c"), r.folds().stream().map(LeaveOneOut.Fold::db).toList());
        // Held out a: trained on b and c, where 0.8 has b's two right and ... c's 0.85 wrong: 0.9 is the smallest.
        LeaveOneOut.Fold a = r.folds().get(0);
        assertEquals(0.9, a.threshold());
        assertEquals(new LeaveOneOut.Figures(4, 1, 1), a.heldOut());
        // Held out c: trained on a and b, threshold 0.8, so c's wrong 0.85 answer is given and counted.
        LeaveOneOut.Fold c = r.folds().get(2);
        assertEquals(0.8, c.threshold());
        assertEquals(new LeaveOneOut.Figures(3, 2, 1), c.heldOut());
        assertEquals(new LeaveOneOut.Figures(11, 4, 3), r.pooled());
        assertEquals(0.75, r.pooled().precision());
    }

    @Test
    void aReweighedGuessScalesTheConfidenceOncePerTimeItWasMade() {
        LeaveOneOut.Item twice = new LeaveOneOut.Item("a", true, 0.2, true, 2);
        assertEquals(0.2 * 1.6 * 1.6, twice.reweighed(0.5, 0.8).confidence(), 1e-12);
        assertEquals(0.2, new LeaveOneOut.Item("a", true, 0.2, true, 0).reweighed(0.5, 0.8).confidence());
    }

    @Test
    void theNestedEvaluationChoosesTheGuessFactorWithoutTheHeldOutDatabase() {
        // Each database: ten right answers with no guess (0.95), one wrong (0.6), and two answers that made the tuned
        // guess once (0.9 before it, 0.45 at the current factor 0.5): right in a and b, wrong in c.
        List<LeaveOneOut.Item> items = new ArrayList<>();
        for (String db : List.of("a", "b", "c")) {
            for (int i = 0; i < 10; i++) {
                items.add(right(db, 0.95));
            }
            items.add(wrong(db, 0.6));
            for (int i = 0; i < 2; i++) {
                items.add(new LeaveOneOut.Item(db, true, 0.45, !db.equals("c"), 1));
            }
        }
        LeaveOneOut.NestedReport r = LeaveOneOut.nested(items, 0.97, 0.5, 0.3, 0.5, 0.7, 1.0);
        // c held out: on a and b the guess is always right, so the factor that lifts it above the wrong answer wins
        // (0.7 and 1.0 cover as much; 0.7 is nearer the current factor), and c's wrong guesses are answered
        LeaveOneOut.NestedFold c = r.folds().get(2);
        assertEquals(0.7, c.factor());
        assertEquals(new LeaveOneOut.Figures(13, 12, 10), c.heldOut());
        // a held out: c's wrong guesses are among the others, whose own leave-one-out keeps the factor low
        LeaveOneOut.NestedFold a = r.folds().get(0);
        assertEquals(0.5, a.factor());
        assertEquals(new LeaveOneOut.Figures(13, 10, 10), a.heldOut());
        assertEquals(new LeaveOneOut.Figures(39, 32, 30), r.pooled());
    }
}
