package org.nljdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted sqlline session (sqlline from Maven Central, in its own JVM with the bundled jar): plain SQL,
 * {@code !tables} and other metadata commands, {@code NL:} with the SQL that ran shown as a warning, and
 * {@code NL SHOWSQL:}, and a query around a question. sqlline cannot bind a parameter (it runs each line with
 * {@code Statement.execute}; even {@code !call} prepares without binding), so parameters are JasperReports' and
 * HikariCP's tests.
 */
class SqllineIT {
    @Test
    void aScriptedSessionRunsSqlMetadataCommandsAndQuestions(@TempDir Path dir) throws Exception {
        String url = ShopOnPostgres.db().nlUrl();
        Path script = dir.resolve("session.sql");
        Files.writeString(script, String.join("\n",
                "SELECT COUNT(*) AS n FROM orders;",
                "!tables",
                "!columns orders",
                "!primarykeys orders",
                "!importedkeys order_items",
                "NL: how many orders per status?;",
                "NL SHOWSQL: how many orders per status?;",
                "SELECT COUNT(*) AS wrapped_statuses FROM (NL: how many orders per status?) t;",
                "!quit", ""));
        String cp = Stream.concat(Stream.of(System.getProperty("nljdbc.bundledJar")),
                Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(e -> e.contains("sqlline") || e.contains("jline")))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "sqlline.SqlLine", "-d", "org.nljdbc.driver.NlDriver", "-u", url, "-n", "", "-p", "",
                "--maxWidth=400", "--outputformat=csv", "--showWarnings=true", "--run=" + script));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "sqlline finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("'2000'"), "plain SQL: " + out);
        assertTrue(out.contains("'order_items'") && out.contains("'customers'"), "!tables: " + out);
        assertTrue(out.contains("'total_amount'"), "!columns: " + out);
        assertTrue(out.contains("'delivered'") && out.contains("'cancelled'"), "NL rows: " + out);
        assertTrue(out.toUpperCase().contains("WARNING") && out.toUpperCase().contains("GROUP BY"),
                "the SQL that ran is shown as a warning: " + out);
        assertTrue(out.contains("'sql'"), "SHOWSQL has a sql column: " + out);
        assertEquals(statuses(), after(out, "'wrapped_statuses'"), "a query around a question counts its rows: " + out);
        assertFalse(out.contains("Exception"), out);
    }

    private static String statuses() throws Exception {
        try (java.sql.Connection raw = ShopOnPostgres.raw()) {
            return "'" + ShopOnPostgres.query(raw, "SELECT COUNT(DISTINCT status) FROM orders").get(0) + "'";
        }
    }

    /** The line after the CSV header {@code header}, or "" when there is none. */
    private static String after(String out, String header) {
        List<String> lines = out.lines().map(String::trim).collect(Collectors.toList());
        int i = lines.indexOf(header);
        return i < 0 || i + 1 >= lines.size() ? "" : lines.get(i + 1);
    }
}
