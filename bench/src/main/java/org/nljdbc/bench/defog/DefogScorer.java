package org.nljdbc.bench.defog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.nljdbc.bench.spider.ResultComparator;

/**
 * Defog's notion of a right answer: the gold result's columns are among the answer's (extra columns are allowed, in
 * any order, whatever their names), with the same rows: as a multiset, or as a sequence when the gold query orders
 * its outermost result. Values are normalised as the Spider harness normalises them ({@link ResultComparator}).
 */
public final class DefogScorer {

    /** A result: its number of columns and its rows of normalised cells. */
    public record Table(int columns, List<List<String>> rows) {
        public static Table read(ResultSet rs) throws SQLException {
            int n = rs.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(ResultComparator.normalise(rs.getObject(i)));
                }
                rows.add(row);
            }
            return new Table(n, rows);
        }
    }

    private DefogScorer() {
    }

    /** Whether {@code answer} holds {@code gold}'s columns with the same rows. */
    public static boolean matches(Table gold, Table answer, boolean ordered) {
        if (gold.rows().size() != answer.rows().size() || answer.columns() < gold.columns()) {
            return false;
        }
        if (gold.rows().isEmpty()) {
            return true;
        }
        // Candidate answer columns for each gold column: those holding the same values (same multiset, or the same
        // sequence when ordered). Then an assignment of distinct columns under which whole rows agree.
        List<List<Integer>> candidates = new ArrayList<>();
        for (int g = 0; g < gold.columns(); g++) {
            List<String> want = column(gold, g);
            List<Integer> fits = new ArrayList<>();
            for (int a = 0; a < answer.columns(); a++) {
                if (same(want, column(answer, a), ordered)) {
                    fits.add(a);
                }
            }
            if (fits.isEmpty()) {
                return false;
            }
            candidates.add(fits);
        }
        return assign(gold, answer, ordered, candidates, new int[gold.columns()], new boolean[answer.columns()], 0);
    }

    private static boolean assign(Table gold, Table answer, boolean ordered, List<List<Integer>> candidates,
                                  int[] chosen, boolean[] used, int g) {
        if (g == chosen.length) {
            List<String> projected = new ArrayList<>();
            for (List<String> row : answer.rows()) {
                List<String> cells = new ArrayList<>(chosen.length);
                for (int c : chosen) {
                    cells.add(row.get(c));
                }
                projected.add(String.join("\u0001", cells));
            }
            List<String> want = gold.rows().stream().map(r -> String.join("\u0001", r)).toList();
            return same(want, projected, ordered);
        }
        for (int a : candidates.get(g)) {
            if (!used[a]) {
                used[a] = true;
                chosen[g] = a;
                if (assign(gold, answer, ordered, candidates, chosen, used, g + 1)) {
                    return true;
                }
                used[a] = false;
            }
        }
        return false;
    }

    private static List<String> column(Table t, int c) {
        return t.rows().stream().map(r -> r.get(c)).toList();
    }

    private static boolean same(List<String> a, List<String> b, boolean ordered) {
        return ResultComparator.same(a, b, ordered);
    }
}
