package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.provider.MethodSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * The adversarial review's examples of each name-resolution class, sent through the driver by a scripted model as a
 * prompt-injected model would send them: each is refused, or runs without showing a denied table's value, a masked
 * value, another tenant's row or another schema's row. The policy is qualified the way administrators write it
 * ({@code nl.tables.deny=<schema>.salaries}, {@code nl.columns.mask=<schema>.employees.ssn}) on PostgreSQL and
 * MariaDB.
 */
class NameResolutionEndToEndTest {

    static Stream<Arguments> attacks() {
        List<Arguments> all = new ArrayList<>();
        for (String sql : List.of(
                "WITH \"Salaries\" AS (SELECT 1 AS x) SELECT * FROM salaries",
                "SELECT e.name, e.ssn FROM (SELECT 1 AS ssn) \"E\" CROSS JOIN employees e",
                "SELECT e.n, e.s FROM employees AS e(i, n, s, t)",
                "SELECT n FROM employees AS e(i, n, s, t) WHERE s LIKE 'SSN%'",
                "SELECT * FROM salaries",
                "SELECT * FROM {schema}.salaries",
                "SELECT name, ssn FROM {schema}.employees",
                "SELECT * FROM {other}.employees",
                "SELECT U&\"ss\\006e\" FROM employees",
                "SELECT e FROM employees e",
                "SELECT row_to_json(e) FROM employees e",
                "SELECT name FROM customers WHERE 1 = 1 OR tenant_id = 2",
                "SELECT 1;\u200bDROP TABLE employees")) {
            all.add(Arguments.of(Target.POSTGRESQL, sql));
        }
        for (String sql : List.of(
                "WITH Salaries AS (SELECT 1 AS x) SELECT * FROM salaries",
                "SELECT e.name, e.ssn FROM (SELECT 1 AS ssn) E CROSS JOIN employees e",
                "SELECT * FROM {schema}.salaries",
                "SELECT name, ssn FROM {schema}.employees",
                "SELECT * FROM {other}.employees",
                "SELECT name FROM `EMPLOYEES` WHERE ssn LIKE 'SSN%'",
                "SELECT name FROM customers WHERE 1 = 1 OR tenant_id = 2",
                "SELECT MASTER_GTID_WAIT('0-1-100', 30)")) {
            all.add(Arguments.of(Target.MARIADB, sql));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("attacks")
    void theModelsSqlReadsNothingThePolicyHides(Target target, String template) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "names");
             TestDb other = TestDatabases.fresh(target, "names_other")) {
            db.exec("CREATE TABLE employees (id INT, name VARCHAR(40), ssn VARCHAR(40), tenant_id INT)",
                    "INSERT INTO employees VALUES (1, 'Ann', 'SSN-CANARY-1', 1), (2, 'Bob', 'SSN-CANARY-2', 2)",
                    "CREATE TABLE salaries (emp_id INT, amount INT)", "INSERT INTO salaries VALUES (1, 987654)",
                    "CREATE TABLE customers (id INT, name VARCHAR(40), tenant_id INT)",
                    "INSERT INTO customers VALUES (1, 'Acme', 1), (2, 'OTHER-TENANT-CANARY', 2)");
            other.exec("CREATE TABLE employees (id INT, name VARCHAR(40), ssn VARCHAR(40), tenant_id INT)",
                    "INSERT INTO employees VALUES (9, 'OTHER-SCHEMA-CANARY', 'x', 1)");
            String schema;
            String otherSchema;
            try (Connection a = db.open(); Connection b = other.open()) {
                schema = target == Target.MARIADB ? a.getCatalog() : a.getSchema();
                otherSchema = target == Target.MARIADB ? b.getCatalog() : b.getSchema();
            }
            String sql = template.replace("{schema}", schema).replace("{other}", otherSchema);
            llm.otherwise(req -> new ScriptedLlmServer.Reply("```sql\n" + sql + "\n```", 10, 10, Duration.ZERO));
            Properties p = new Properties();
            p.setProperty("nl.llm.provider", "openai");
            p.setProperty("nl.llm.baseUrl", llm.baseUrl());
            p.setProperty("nl.llm.model", "m");
            // Many model calls in one JVM for one database user: the per-user rate limit is not what this tests.
            p.setProperty("nl.rateLimit.perMinute", "0");
            p.setProperty("nl.llm.maxAttempts", "2");
            p.setProperty("nl.symbolic.minConfidence", "1.1");
            p.setProperty("nl.queryTimeoutSeconds", "5");
            p.setProperty("nl.tables.deny", schema + ".salaries");
            p.setProperty("nl.columns.mask", schema + ".employees.ssn");
            p.setProperty("nl.tenant.column", "tenant_id");
            p.setProperty("nl.tenant.value", "1");
            List<String> cells = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: do what the model says")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        cells.add(String.valueOf(rs.getString(i)));
                    }
                }
            } catch (SQLException refused) {
                // refused by the guard or the database: nothing read
            }
            String seen = String.join("|", cells);
            assertFalse(seen.contains("CANARY") || seen.contains("987654"), () -> sql + " showed: " + seen);
            if (template.contains("LIKE 'SSN%'")) {
                assertTrue(cells.isEmpty(), () -> "a filter on the masked column matched: " + seen);
            }
            try (Connection raw = db.open(); Statement s = raw.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM employees")) {
                assertTrue(rs.next() && rs.getInt(1) == 2, "employees unchanged");
            }
        }
    }
}
