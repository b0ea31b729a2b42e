package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * The bundled jar alone is enough: a tiny program with nothing else on its classpath connects through
 * {@code jdbc:nl:} to real PostgreSQL and MariaDB, runs plain SQL and answers an NL question (scripted LLM).
 * Runs after {@code package}, in {@code mvn verify}.
 */
class BundledJarIT {
    private static final String PROGRAM = """
            import java.sql.*;
            import java.util.Properties;
            public class Tiny {
                public static void main(String[] a) throws Exception {
                    Properties p = new Properties();
                    p.setProperty("nl.llm.provider", "openai");
                    p.setProperty("nl.llm.baseUrl", a[1]);
                    p.setProperty("nl.llm.model", "scripted");
                    try (Connection c = DriverManager.getConnection(a[0], p); Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE fruit (name VARCHAR(20), qty INTEGER)");
                        s.execute("INSERT INTO fruit VALUES ('apple', 3), ('pear', 5)");
                        try (ResultSet rs = s.executeQuery("SELECT SUM(qty) FROM fruit")) {
                            rs.next();
                            System.out.println("plain:" + rs.getInt(1));
                        }
                        try (ResultSet rs = s.executeQuery("NL: which fruit do we have most of?")) {
                            rs.next();
                            System.out.println("nl:" + rs.getString(1));
                        }
                        // Calcite (relocated in the jar) validated and costed the model's SQL.
                        System.out.println("cost:" + s.unwrap(org.nljdbc.driver.NlResult.class).cost());
                        System.out.println("driver:" + c.getMetaData().getDriverName());
                    }
                }
            }
            """;

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void aProgramWithOnlyTheBundledJarRunsPlainSqlAndQuestions(Target target, @TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("nljdbc.bundledJar", "target/nljdbc-all.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), "bundled jar not built: " + jar);
        Path source = dir.resolve("Tiny.java");
        Files.writeString(source, PROGRAM);
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "jar")) {
            llm.reply("```sql\nSELECT name FROM fruit ORDER BY qty DESC\n```");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(List.of(java, "-cp", jar.toAbsolutePath().toString(), source.toString(),
                    db.nlUrl(), llm.baseUrl())).redirectErrorStream(true).start();
            String out = read(p);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the program finished");
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("plain:8"), out);
            assertTrue(out.contains("nl:pear"), out);
            assertTrue(out.contains("driver:nljdbc"), out);
            assertTrue(out.contains("cost:") && !out.contains("cost:null"), out);
            assertFalse(out.contains("Exception"), out);
        }
    }

    private static String read(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
