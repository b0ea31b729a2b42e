package org.nljdbc.bench.dialects;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Two results are the same when their rows are equal as a multiset, or as a sequence when the query orders its
 * outermost result. Values are normalised: numbers by value to four decimals (engines differ in how many
 * decimals an average carries: MariaDB gives 4, SQLite a double), booleans as 1/0, timestamps without a zero
 * fraction ({@code 2011-12-11 11:11:11.0} is SQLite's {@code 2011-12-11 11:11:11}), strings trimmed, binary as hex.
 */
final class RowComparison {
    private static final int SCALE = 4;
    private static final java.util.regex.Pattern ZERO_FRACTION =
            java.util.regex.Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2})\\.0+$");

    private RowComparison() {
    }

    static List<String> rows(ResultSet rs, int maxRows) throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        List<String> rows = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        while (rs.next() && rows.size() < maxRows) {
            sb.setLength(0);
            for (int i = 1; i <= n; i++) {
                sb.append(normalise(rs.getObject(i))).append('\u0001');
            }
            rows.add(sb.toString());
        }
        return rows;
    }

    static boolean same(List<String> a, List<String> b, boolean ordered) {
        if (a.size() != b.size()) {
            return false;
        }
        if (ordered) {
            return a.equals(b);
        }
        List<String> x = new ArrayList<>(a);
        List<String> y = new ArrayList<>(b);
        x.sort(null);
        y.sort(null);
        return x.equals(y);
    }

    static String normalise(Object v) {
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
