package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * A model that writes hostile SQL gets nothing done: on real PostgreSQL and MariaDB the statement is refused,
 * the canary table and its rows are unchanged, no file appears, and the call returns well within the timeout.
 */
class HostileSqlEndToEndTest {
    private static final String PWN = "/tmp/nljdbc_pwn_" + ProcessHandle.current().pid();

    static Stream<Arguments> hostile() {
        List<Arguments> all = new ArrayList<>();
        for (String sql : List.of(
                "WITH d AS (DELETE FROM canary RETURNING *) SELECT * FROM d",
                "SELECT * FROM canary; DROP TABLE canary",
                "DELETE FROM canary",
                "UPDATE canary SET secret = 'x'",
                "SELECT pg_sleep(20)",
                "SELECT pg_read_file('/etc/passwd')",
                "COPY (SELECT * FROM canary) TO '" + PWN + "_copy'",
                "SELECT lo_export(lo_import('/etc/passwd'), '" + PWN + "_lo')",
                "SELECT * FROM canary FOR UPDATE",
                "EXPLAIN ANALYZE DELETE FROM canary",
                "SELECT * INTO canary_copy FROM canary",
                "SELECT set_config('default_transaction_read_only', 'off', false)",
                "SELECT usename, passwd FROM pg_shadow",
                "SELECT query_to_xml('DELETE FROM canary RETURNING *', true, true, '')",
                "SELECT * FROM pg_catalog.pg_authid",
                "CREATE TABLE evil AS SELECT * FROM canary")) {
            all.add(Arguments.of(Target.POSTGRESQL, sql));
        }
        for (String sql : List.of(
                "SELECT SLEEP(20)",
                "SELECT BENCHMARK(100000000, MD5('x'))",
                "SELECT LOAD_FILE('/etc/passwd')",
                "SELECT * FROM canary INTO OUTFILE '" + PWN + "_out'",
                "SELECT * FROM canary INTO DUMPFILE '" + PWN + "_dump'",
                "SELECT 1 /*!50000 ; DELETE FROM canary */",
                "SELECT GET_LOCK('nljdbc', 20)",
                "SELECT user, password FROM mysql.user",
                "SELECT * FROM information_schema.tables",
                "SELECT * FROM canary LOCK IN SHARE MODE",
                "SELECT @@datadir",
                "SELECT * FROM canary; TRUNCATE canary",
                "REPLACE INTO canary VALUES (9, 't9', 0)")) {
            all.add(Arguments.of(Target.MARIADB, sql));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostile")
    void hostileSqlFromTheModelIsRefusedAndChangesNothing(Target target, String hostile) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "hostile")) {
            db.exec("CREATE TABLE canary (id INTEGER PRIMARY KEY, secret VARCHAR(20), tenant_id INTEGER)",
                    "INSERT INTO canary VALUES (1, 's1', 7)", "INSERT INTO canary VALUES (2, 's2', 8)");
            llm.otherwise(req -> new ScriptedLlmServer.Reply("```sql\n" + hostile + "\n```", 10, 10, Duration.ZERO));
            Properties p = new Properties();
            p.setProperty("nl.llm.provider", "openai");
            p.setProperty("nl.llm.baseUrl", llm.baseUrl());
            p.setProperty("nl.llm.model", "m");
            p.setProperty("nl.rateLimit.perMinute", "0"); // many model calls in one JVM: the limit is per user, "" here
            p.setProperty("nl.queryTimeoutSeconds", "5");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(4), () -> assertThrows(SQLException.class,
                        () -> s.executeQuery("NL: do what the model says")));
                assertTrue(e.getSQLState().equals("42501") || e.getSQLState().equals("42000"),
                        e.getSQLState() + ": " + e.getMessage());
                assertTrue(e.getMessage().startsWith("refused"), e.getMessage());
            }
            try (Connection raw = db.open(); Statement s = raw.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, secret FROM canary ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("s1", rs.getString(2));
                assertTrue(rs.next());
                assertEquals("s2", rs.getString(2));
                assertFalse(rs.next());
            }
            for (String suffix : List.of("_copy", "_lo", "_out", "_dump")) {
                assertFalse(Files.exists(Path.of(PWN + suffix)), "no file written: " + PWN + suffix);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void tenantFiltersAndMasksApplyToWhatTheModelWrote(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "tenant")) {
            db.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner VARCHAR(20), ssn VARCHAR(20), tenant_id INTEGER)",
                    "INSERT INTO accounts VALUES (1, 'ann', '111', 7)", "INSERT INTO accounts VALUES (2, 'bob', '222', 8)",
                    "INSERT INTO accounts VALUES (3, 'cy', '333', 7)");
            llm.reply("SELECT * FROM accounts WHERE id > 0 OR 1 = 1 ORDER BY id");
            llm.reply("SELECT owner FROM accounts WHERE ssn = '222'");
            Properties p = modelOnly(llm);
            // Both questions go to the model: its SQL is what this test checks (the LLM-free translator answers
            // "all accounts" on its own, and the second question would then get the first scripted reply).
            p.setProperty("nl.tenant.column", "tenant_id");
            p.setProperty("nl.tenant.value", "7");
            p.setProperty("nl.columns.mask", "accounts.ssn");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                List<String> owners = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("NL: all accounts")) {
                    while (rs.next()) {
                        owners.add(rs.getString("owner"));
                        assertEquals("***", rs.getString("ssn"), "masked in the result");
                    }
                }
                assertEquals(List.of("ann", "cy"), owners, "only tenant 7, despite OR 1 = 1");
                assertEquals(List.of("7"), s.unwrap(NlResult.class).parameters().stream().map(String::valueOf).toList());
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: whose ssn is 222?"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void anAggregateOfAMaskedColumnIsMaskedAndKeepsItsRows(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "maskagg")) {
            db.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner VARCHAR(20), ssn VARCHAR(20), region VARCHAR(5))",
                    "INSERT INTO accounts VALUES (1, 'ann', '111', 'n')", "INSERT INTO accounts VALUES (2, 'bob', '222', 's')",
                    "INSERT INTO accounts VALUES (3, 'cy', '333', 'n')");
            llm.reply("SELECT MAX(ssn) AS top_ssn FROM accounts");
            llm.reply("SELECT region, COUNT(DISTINCT ssn) AS ssns, COUNT(*) AS n FROM accounts GROUP BY region ORDER BY region");
            Properties p = modelOnly(llm);
            p.setProperty("nl.columns.mask", "accounts.ssn");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: the highest ssn")) {
                    assertTrue(rs.next());
                    assertEquals("***", rs.getString(1));
                    assertFalse(rs.next(), "one aggregate row, as asked, not one row per account");
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("NL: distinct ssns and accounts per region")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3));
                    }
                }
                assertEquals(List.of("n *** 2", "s *** 1"), rows);
            }
        }
    }

    /** A scripted model that answers every question (the LLM-free translator never does), one attempt each. */
    private static Properties modelOnly(ScriptedLlmServer llm) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        p.setProperty("nl.rateLimit.perMinute", "0"); // many model calls in one JVM: the limit is per user, "" here
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "1.1");
        return p;
    }
}
