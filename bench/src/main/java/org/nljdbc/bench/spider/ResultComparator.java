package org.nljdbc.bench.spider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * Execution accuracy's notion of "the same result": rows compared as a multiset, or as a sequence when the gold query
 * orders its outermost result; columns in order. Values are normalised: every number by value, rounded to six
 * decimals (so 5, 5.0 and a NUMERIC 5.0000000000 agree, and an AVG computed in double agrees with MariaDB's, which
 * carries 4 decimals), strings trimmed, booleans as 1/0, dates and times by their text without a zero fraction
 * ({@code 2011-12-11 11:11:11.0} from JDBC is SQLite's {@code 2011-12-11 11:11:11}), binary by its hex.
 */
public final class ResultComparator {
    private static final int SCALE = 4;
    private static final java.util.regex.Pattern ZERO_FRACTION =
            java.util.regex.Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2})\\.0+$");
    private static final char SEP = '\u0001';

    private ResultComparator() {
    }

    /** Reads every row of {@code rs} into normalised row keys. */
    public static List<String> rows(ResultSet rs) throws SQLException {
        return rows(rs, Integer.MAX_VALUE);
    }

    /** Reads at most {@code maxRows} rows of {@code rs} into normalised row keys. */
    public static List<String> rows(ResultSet rs, int maxRows) throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        List<String> rows = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        while (rows.size() < maxRows && rs.next()) {
            sb.setLength(0);
            for (int i = 1; i <= n; i++) {
                sb.append(normalise(rs.getObject(i))).append(SEP);
            }
            rows.add(sb.toString());
        }
        return rows;
    }

    public static boolean same(List<String> gold, List<String> predicted, boolean ordered) {
        if (gold.size() != predicted.size()) {
            return false;
        }
        if (ordered) {
            return gold.equals(predicted);
        }
        List<String> a = new ArrayList<>(gold);
        List<String> b = new ArrayList<>(predicted);
        a.sort(null);
        b.sort(null);
        return a.equals(b);
    }

    /**
     * Whether some order of the predicted columns gives gold's result, as Spider's official execution evaluation
     * (test-suite {@code result_eq}) judges: gold itself says "count, city" for one question and "grade, count" for
     * the same wording in another. At most 6 columns are permuted.
     */
    public static boolean sameUpToColumnOrder(List<String> gold, List<String> predicted, boolean ordered) {
        if (same(gold, predicted, ordered)) {
            return true;
        }
        if (gold.size() != predicted.size() || gold.isEmpty()) {
            return false;
        }
        int n = cells(gold.get(0)).length;
        if (n != cells(predicted.get(0)).length || n > 6) {
            return false;
        }
        List<String[]> split = predicted.stream().map(ResultComparator::cells).toList();
        for (int[] perm : permutations(n)) {
            List<String> reordered = new ArrayList<>();
            for (String[] row : split) {
                StringBuilder sb = new StringBuilder();
                for (int p : perm) {
                    sb.append(row[p]).append(SEP);
                }
                reordered.add(sb.toString());
            }
            if (same(gold, reordered, ordered)) {
                return true;
            }
        }
        return false;
    }

    /** A normalised row's cells (each cell is followed by the separator). */
    private static String[] cells(String row) {
        String[] parts = row.split(String.valueOf(SEP), -1);
        return java.util.Arrays.copyOf(parts, parts.length - 1);
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] current, boolean[] taken, int depth, List<int[]> out) {
        if (depth == current.length) {
            out.add(current.clone());
            return;
        }
        for (int i = 0; i < current.length; i++) {
            if (!taken[i]) {
                taken[i] = true;
                current[depth] = i;
                permute(current, taken, depth + 1, out);
                taken[i] = false;
            }
        }
    }

    /** Whether the outermost query of {@code goldSql} has an ORDER BY (subqueries' orderings do not count). */
    public static boolean ordersResult(String goldSql) {
        try {
            Statement st = CCJSqlParserUtil.parse(goldSql);
            if (st instanceof PlainSelect ps) {
                return ps.getOrderByElements() != null && !ps.getOrderByElements().isEmpty();
            }
            if (st instanceof SetOperationList set) {
                return set.getOrderByElements() != null && !set.getOrderByElements().isEmpty();
            }
            if (st instanceof Select s) {
                return s.getOrderByElements() != null && !s.getOrderByElements().isEmpty();
            }
            return false;
        } catch (JSQLParserException e) {
            // Unparseable gold SQL: fall back to the keyword, which errs towards the stricter comparison.
            return goldSql.toUpperCase(java.util.Locale.ROOT).contains("ORDER BY");
        }
    }

    public static String normalise(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean b) {
            return b ? "n:1" : "n:0";
        }
        if (v instanceof Number num) {
            BigDecimal d;
            if (v instanceof BigDecimal bd) {
                d = bd;
            } else if (v instanceof Double || v instanceof Float) {
                double x = num.doubleValue();
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    return "n:" + x;
                }
                d = BigDecimal.valueOf(x);
            } else {
                d = new BigDecimal(num.toString());
            }
            BigDecimal r = d.setScale(SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
            return "n:" + (r.signum() == 0 ? "0" : r.toPlainString());
        }
        if (v instanceof byte[] bytes) {
            return "b:" + HexFormat.of().formatHex(bytes);
        }
        String text = v instanceof java.time.LocalDateTime t ? java.sql.Timestamp.valueOf(t).toString() : v.toString();
        return "s:" + ZERO_FRACTION.matcher(text.trim()).replaceFirst("$1");
    }
}
