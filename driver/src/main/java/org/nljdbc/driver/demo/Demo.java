package org.nljdbc.driver.demo;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nljdbc.driver.NlResult;

/**
 * {@code java -jar nljdbc-all.jar demo}: an in-memory H2 shop behind {@code jdbc:nl:}, in sqlline;
 * {@code demo "NL: ..."} answers the given statements and exits. {@code nl.*} settings come from
 * {@code -Dnl.llm.provider=...} system properties.
 */
public final class Demo {
    static final String DELEGATE_URL = "jdbc:h2:mem:nljdbc_demo;DB_CLOSE_DELAY=-1";
    static final String URL = "jdbc:nl:h2:mem:nljdbc_demo;DB_CLOSE_DELAY=-1";

    private Demo() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        java.nio.file.Path chartFile = null;
        if (args.length > 0 && args[0].equals("--chart")) {
            if (args.length < 3) {
                err.println("usage: demo --chart out.html \"NL: ...\" [more statements]");
                return 2;
            }
            chartFile = java.nio.file.Path.of(args[1]);
            args = java.util.Arrays.copyOfRange(args, 2, args.length);
        }
        try (Connection setup = DriverManager.getConnection(DELEGATE_URL)) {
            ShopDatabase.drop(setup);
            ShopDatabase.create(setup);
        }
        Properties props = settingsFromSystemProperties();
        if (!props.containsKey("nl.semantics")) {
            props.setProperty("nl.semantics", shippedSemantics().toString());
        }
        if (args.length == 0) {
            err.println("nljdbc demo: a shop database (customers, orders, order_items, products, categories, ...) "
                    + "behind " + URL);
            err.println("Ask with  NL: how many orders per status?   (end statements with ;  quit with !quit)");
            List<String> sqllineArgs = new ArrayList<>(List.of("-u", URL, "-n", "", "-p", "",
                    "--isolation=TRANSACTION_READ_COMMITTED", "--connectInteractionMode=notAskCredentials"));
            props.forEach((k, v) -> System.setProperty(k.toString(), v.toString()));
            sqlline.SqlLine.Status status = new sqlline.SqlLine().begin(sqllineArgs.toArray(new String[0]), null, true);
            return status == sqlline.SqlLine.Status.OK ? 0 : 1;
        }
        int failures = 0;
        String chartHtml = null;
        try (Connection c = DriverManager.getConnection(URL, props); Statement s = c.createStatement()) {
            for (String sql : args) {
                out.println("> " + sql);
                try {
                    if (s.execute(sql)) {
                        List<Map<String, Object>> rows = new ArrayList<>();
                        try (ResultSet rs = s.getResultSet()) {
                            print(rs, out, rows);
                        }
                        String spec = chartFile == null || !s.isWrapperFor(NlResult.class) ? null
                                : s.unwrap(NlResult.class).chartSpec();
                        if (spec != null && s.unwrap(NlResult.class).kind().equals("query")) {
                            // The last statement that has a chart is the one drawn.
                            chartHtml = ChartPage.html(s.unwrap(NlResult.class).question(), spec, rows);
                        }
                    } else {
                        out.println(s.getUpdateCount() + " row(s) affected");
                    }
                    for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                        out.println("-- " + w.getMessage());
                    }
                    s.clearWarnings();
                } catch (SQLException e) {
                    failures++;
                    err.println("error [" + e.getSQLState() + "]: " + e.getMessage());
                }
            }
        }
        if (chartFile != null) {
            if (chartHtml == null) {
                err.println("no chart: none of the NL questions gave a result that suits one (a category or a time "
                        + "with numbers, or two numbers)");
                return 1;
            }
            java.nio.file.Files.writeString(chartFile, chartHtml);
            out.println("chart written to " + chartFile);
        }
        return failures == 0 ? 0 : 1;
    }

    /** The shop's semantics file, shipped in the jar, as a file the driver can read. */
    static java.nio.file.Path shippedSemantics() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("nljdbc-shop-semantics", ".yaml");
        file.toFile().deleteOnExit();
        try (java.io.InputStream in = Demo.class.getResourceAsStream("shop-semantics.yaml")) {
            java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    static Properties settingsFromSystemProperties() {
        Properties props = new Properties();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("nl.")) {
                props.setProperty(name, System.getProperty(name));
            }
        }
        return props;
    }

    /** Prints a result as an aligned text table, at most 50 rows. */
    static void print(ResultSet rs, PrintStream out) throws SQLException {
        print(rs, out, null);
    }

    /** As {@link #print(ResultSet, PrintStream)}, also collecting every row's values by column label into
     *  {@code rows} (when not null). */
    static void print(ResultSet rs, PrintStream out, List<Map<String, Object>> collected) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[n];
        for (int i = 0; i < n; i++) {
            header[i] = md.getColumnLabel(i + 1);
        }
        int total = 0;
        while (rs.next()) {
            total++;
            if (collected != null) {
                Map<String, Object> values = new java.util.LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    values.put(header[i], rs.getObject(i + 1));
                }
                collected.add(values);
            }
            if (rows.size() < 50) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    Object v = rs.getObject(i + 1);
                    row[i] = v == null ? "NULL" : v.toString().replace("\r", "").replace("\n", " / ");
                }
                rows.add(row);
            }
        }
        if (total == 1 && n > 3) {
            // One wide row (SHOWSQL, EXPLAIN): one line per column reads better than a table.
            int w = java.util.Arrays.stream(header).mapToInt(String::length).max().orElse(0);
            for (int i = 0; i < n; i++) {
                out.println(header[i] + " ".repeat(w - header[i].length()) + " : " + rows.get(0)[i]);
            }
            out.println("(1 row)");
            return;
        }
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = Math.min(60, header[i].length());
            for (String[] r : rows) {
                width[i] = Math.min(60, Math.max(width[i], r[i].length()));
            }
        }
        out.println(line(header, width));
        StringBuilder sep = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sep.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(sep);
        rows.forEach(r -> out.println(line(r, width)));
        out.println("(" + total + " row" + (total == 1 ? "" : "s") + (total > rows.size() ? ", first " + rows.size() + " shown" : "") + ")");
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].length() > width[i] ? cells[i].substring(0, width[i] - 3) + "..." : cells[i];
            sb.append(i == 0 ? "" : " | ").append(c).append(" ".repeat(width[i] - c.length()));
        }
        return sb.toString().stripTrailing();
    }
}
