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
}
