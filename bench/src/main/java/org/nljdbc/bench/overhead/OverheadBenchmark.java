package org.nljdbc.bench.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import org.nljdbc.driver.demo.ShopDatabase;

/**
 * Pass-through overhead: the same mix of plain queries through {@code jdbc:nl:h2:mem:} and directly through
 * {@code jdbc:h2:mem:}, on one database, interleaved in rounds so both see the same JIT and cache state.
 * Reports the ratio of median round times (nl / direct). Usage: {@code bench/run overhead [--rounds N] [--out F]}.
 */
public final class OverheadBenchmark {
    /** Parameterised lookups, with a different value each time, as applications run them. */
    private static final String[] PREPARED = {
        "SELECT id, first_name, last_name, email FROM customers WHERE id = ?",
        "SELECT o.id, o.order_date, o.total_amount FROM orders o WHERE o.customer_id = ? ORDER BY o.order_date",
        "SELECT p.name, oi.quantity, oi.unit_price FROM order_items oi JOIN products p ON p.id = oi.product_id "
            + "WHERE oi.order_id = ?",
        "SELECT COUNT(*), AVG(rating) FROM reviews WHERE product_id = ?",
    };

    private static final String[] QUERIES = {
        "SELECT COUNT(*) FROM orders",
        "SELECT status, COUNT(*), SUM(total_amount) FROM orders GROUP BY status",
        "SELECT c.last_name, COUNT(o.id) FROM customers c JOIN orders o ON o.customer_id = c.id "
            + "GROUP BY c.last_name ORDER BY 2 DESC LIMIT 5",
        "SELECT id, name, price FROM products WHERE price > 100 ORDER BY price DESC LIMIT 20",
        "SELECT * FROM customers WHERE id = 17",
    };

    private OverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 60;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String db = "nljdbc_overhead;DB_CLOSE_DELAY=-1";
        try (Connection setup = DriverManager.getConnection("jdbc:h2:mem:" + db)) {
            ShopDatabase.create(setup);
        }
        try (Connection direct = DriverManager.getConnection("jdbc:h2:mem:" + db);
             Connection nl = DriverManager.getConnection("jdbc:nl:h2:mem:" + db)) {
            // Warm-up: both paths, enough for the JIT to settle.
            for (int i = 0; i < 20; i++) {
                round(direct);
                round(nl);
            }
            long[] directNanos = new long[rounds];
            long[] nlNanos = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                // Alternate which goes first so neither always benefits from the other's cache effects.
                if (r % 2 == 0) {
                    directNanos[r] = round(direct);
                    nlNanos[r] = round(nl);
                } else {
                    nlNanos[r] = round(nl);
                    directNanos[r] = round(direct);
                }
            }
            double directMedian = median(directNanos) / 1e6;
            double nlMedian = median(nlNanos) / 1e6;
            double ratio = nlMedian / directMedian;
            String json = String.format(Locale.ROOT,
                    "{\"benchmark\":\"overhead\",\"rounds\":%d,\"queriesPerRound\":%d,\"directMedianMs\":%.4f,"
                            + "\"nlMedianMs\":%.4f,\"ratio\":%.4f,\"overheadPercent\":%.2f}",
                    rounds, QUERIES.length + PREPARED.length * 10, directMedian, nlMedian, ratio, (ratio - 1) * 100);
            if (out != null) {
                write(out, json);
            }
            int statements = QUERIES.length + PREPARED.length * 10;
            System.out.printf(Locale.ROOT, "direct: %.3f ms/round, nl: %.3f ms/round (median of %d rounds of %d "
                    + "statements); %.2f us per statement%n", directMedian, nlMedian, rounds, statements,
                    (nlMedian - directMedian) * 1000 / statements);
            System.out.printf(Locale.ROOT, "pass-through overhead: %+.2f%% (ratio %.4f)%n", (ratio - 1) * 100, ratio);
        }
    }

    private static int nextKey;

    /**
     * One round: the reporting queries as plain statements, and 40 parameterised lookups with changing keys,
     * reading every column of every row.
     */
    private static long round(Connection c) throws SQLException {
        long start = System.nanoTime();
        long sink = 0;
        for (String q : QUERIES) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
                sink += drain(rs);
            }
        }
        for (int rep = 0; rep < 10; rep++) {
            for (String q : PREPARED) {
                try (PreparedStatement ps = c.prepareStatement(q)) {
                    ps.setInt(1, 1 + (nextKey++ % 400));
                    try (ResultSet rs = ps.executeQuery()) {
                        sink += drain(rs);
                    }
                }
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return System.nanoTime() - start;
    }

    private static long drain(ResultSet rs) throws SQLException {
        long n = 0;
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            for (int i = 1; i <= cols; i++) {
                Object o = rs.getObject(i);
                n += o == null ? 0 : 1;
            }
        }
        return n;
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    private static void write(Path out, String json) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, json + "\n");
    }
}
