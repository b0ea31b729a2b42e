package org.nljdbc.translator.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/** The catalog read for a policy: view dependencies read on every database, samples read as the policy reads rows. */
class PolicyCatalogReadTest {

    private static Set<String> lower(List<String> names) {
        Set<String> out = new TreeSet<>();
        names.forEach(n -> out.add(n.substring(n.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)));
        return out;
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void viewDependenciesAreReadDirectAndThroughViewsAndCteNamesAreNotTables(Target target) throws Exception {
        try (TestDb db = TestDatabases.fresh(target, "view_deps")) {
            db.exec("CREATE TABLE salaries (id INTEGER PRIMARY KEY, amount INTEGER)",
                    "CREATE TABLE depts (id INTEGER PRIMARY KEY, title VARCHAR(20))",
                    "CREATE VIEW salary_view AS SELECT * FROM salaries",
                    "CREATE VIEW joined AS SELECT s.id, d.title FROM salary_view s JOIN depts d ON d.id = s.id",
                    "CREATE VIEW with_cte AS WITH c AS (SELECT id FROM depts) SELECT id FROM c",
                    "CREATE VIEW constant AS SELECT 1 AS one");
            Catalog all;
            Catalog denied;
            try (Connection c = db.open()) {
                all = CatalogReader.read(c, CatalogReader.Options.metadataOnly());
                denied = CatalogReader.read(c, CatalogReader.Options.defaults(),
                        new Policy(1000, List.of(), List.of("salaries"), List.of(), null, null, false));
            }
            TableInfo salaryView = all.table("salary_view").orElseThrow();
            assertTrue(salaryView.readsKnown(), salaryView.toString());
            assertEquals(Set.of("salaries"), lower(salaryView.readsTables()));
            assertEquals(Set.of("salary_view", "depts"), lower(all.table("joined").orElseThrow().readsTables()));
            assertEquals(Set.of("depts"), lower(all.table("with_cte").orElseThrow().readsTables()));
            assertTrue(all.table("constant").orElseThrow().readsKnown());
            assertTrue(all.table("salaries").orElseThrow().readsKnown(), "a table reads nothing else");

            Set<String> visible = lower(denied.tables().stream().map(TableInfo::name).toList());
            assertEquals(Set.of("depts", "with_cte", "constant"), visible);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void aViewCallingAStoredFunctionIsHiddenWhileOneCallingBuiltInsIsNot(Target target) throws Exception {
        try (TestDb db = TestDatabases.fresh(target, "view_calls")) {
            boolean pg = target == Target.POSTGRESQL;
            db.exec("CREATE TABLE salaries (id INTEGER PRIMARY KEY, amount INTEGER)",
                    "CREATE TABLE depts (id INTEGER PRIMARY KEY, title VARCHAR(20))",
                    pg ? "CREATE FUNCTION salary_of(i int) RETURNS int LANGUAGE sql STABLE "
                            + "AS 'SELECT amount FROM salaries WHERE id = i'"
                            : "CREATE FUNCTION salary_of(i int) RETURNS int READS SQL DATA "
                            + "RETURN (SELECT amount FROM salaries WHERE id = i)",
                    // Names only depts, reads salaries through the function: MariaDB's definition says `db`.`salary_of`.
                    "CREATE VIEW dept_pay AS SELECT id, salary_of(id) AS pay FROM depts",
                    "CREATE VIEW dept_titles AS SELECT id, UPPER(title) AS t, COALESCE(title, 'x') AS u FROM depts");
            Catalog all;
            Catalog denied;
            try (Connection c = db.open()) {
                all = CatalogReader.read(c, CatalogReader.Options.metadataOnly());
                denied = CatalogReader.read(c, CatalogReader.Options.defaults(),
                        new Policy(1000, List.of(), List.of("salaries"), List.of(), null, null, false));
            }
            assertFalse(all.table("dept_pay").orElseThrow().readsKnown(), "a stored function may read anything");
            assertTrue(all.table("dept_titles").orElseThrow().readsKnown(), "built-ins read nothing");
            assertEquals(Set.of("depts", "dept_titles"), lower(denied.tables().stream().map(TableInfo::name).toList()));
        }
    }

    @org.junit.jupiter.api.Test
    void aDefinitionCallingAQualifiedOrUnknownFunctionReadsWhatIsUnknown() {
        assertEquals(null, ViewDependencies.parse("select `test`.`salary_of`(`test`.`depts`.`id`) AS `pay` from "
                + "`test`.`depts`", "test", false, Dialect.MARIADB), "a stored function, as MariaDB writes it");
        assertEquals(null, ViewDependencies.parse("select salary_of(id) AS pay from depts", "test", false,
                Dialect.MARIADB), "an unknown function");
        assertEquals(List.of("test.depts"), ViewDependencies.parse("select upper(`test`.`depts`.`title`) AS `t`, "
                + "count(0) AS `n` from `test`.`depts`", "test", false, Dialect.MARIADB));
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB", "H2", "SQLITE"})
    void samplesAreReadThroughTheTenantFilterAndNeverFromMaskedColumns(Target target) throws Exception {
        try (TestDb db = TestDatabases.fresh(target, "tenant_samples")) {
            db.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, org INTEGER NOT NULL, name VARCHAR(20), "
                            + "pin VARCHAR(8))",
                    "CREATE TABLE colours (id INTEGER PRIMARY KEY, label VARCHAR(20))",
                    "INSERT INTO accounts VALUES (1, 1, 'Ann', '1111')",
                    "INSERT INTO accounts VALUES (2, 2, 'Bea', '2222')",
                    "INSERT INTO colours VALUES (1, 'red')");
            Policy one = new Policy(1000, List.of(), List.of(), List.of("accounts.pin"), "org", "1", false);
            Policy notANumber = new Policy(1000, List.of(), List.of(), List.of(), "org", "x", false);
            Catalog forOne;
            Catalog forNobody;
            Catalog unrestricted;
            try (Connection c = db.open()) {
                forOne = CatalogReader.read(c, CatalogReader.Options.defaults(), one);
                forNobody = CatalogReader.read(c, CatalogReader.Options.defaults(), notANumber);
                unrestricted = CatalogReader.read(c, CatalogReader.Options.defaults());
            }
            TableInfo accounts = forOne.table("accounts").orElseThrow();
            assertEquals(-1, accounts.rowCount(), "statistics count every tenant's rows");
            if (target == Target.MARIADB) {
                assertTrue(unrestricted.table("accounts").orElseThrow().rowCount() >= 0, "the control: MariaDB counts");
            }
            assertEquals(List.of("Ann"), accounts.column("name").orElseThrow().sampleValues());
            assertTrue(accounts.column("pin").orElseThrow().sampleValues().isEmpty());
            assertEquals(List.of("red"), forOne.table("colours").orElseThrow().column("label").orElseThrow()
                    .sampleValues(), "a table without the tenant column is sampled as before");
            assertTrue(forNobody.table("accounts").orElseThrow().column("name").orElseThrow().sampleValues().isEmpty(),
                    "a tenant value that does not fit the column reads nothing");
            // The control: without a policy both tenants' values and the pins are read.
            assertEquals(Set.of("Ann", "Bea"), new TreeSet<>(unrestricted.table("accounts").orElseThrow()
                    .column("name").orElseThrow().sampleValues()));
            assertFalse(unrestricted.table("accounts").orElseThrow().column("pin").orElseThrow().sampleValues()
                    .isEmpty());
        }
    }

    @org.junit.jupiter.api.Test
    void aCteNamedLikeATableStillReadsThatTable() {
        assertEquals(List.of("main.salaries"), ViewDependencies.parse(
                "CREATE VIEW v AS WITH salaries AS (SELECT * FROM salaries) SELECT * FROM salaries", "main", true,
                Dialect.SQLITE));
        assertEquals(List.of("test.depts"), ViewDependencies.parse(
                "with c as (select `c`.`id` AS `id` from `test`.`depts`)select `c`.`id` AS `id` from `c`", "test", false,
                Dialect.MARIADB));
        assertEquals(null, ViewDependencies.parse("", "test", false, Dialect.MARIADB), "no definition: unknown");
        assertEquals(null, ViewDependencies.parse("SELEKT nonsense ((", "test", false, Dialect.MARIADB),
                "unparsed: unknown");
    }
}
