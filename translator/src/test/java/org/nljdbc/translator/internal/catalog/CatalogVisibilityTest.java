package org.nljdbc.translator.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Policy;

class CatalogVisibilityTest {
    static Catalog hr() {
        TableInfo employee = new TableInfo("hr", "employee", "TABLE", null, List.of(
                new ColumnInfo("id", "int", Types.INTEGER, false),
                new ColumnInfo("name", "varchar", Types.VARCHAR, false, null, List.of("Ann", "Bob")),
                new ColumnInfo("ssn", "varchar", Types.VARCHAR, true, null, List.of("123-45-6789")),
                new ColumnInfo("dept_id", "int", Types.INTEGER, true)),
                List.of("id"), List.of(new ForeignKey("fk", "employee", List.of("dept_id"), "dept", List.of("id"))), -1);
        TableInfo dept = new TableInfo("hr", "dept", "TABLE", null, List.of(
                new ColumnInfo("id", "int", Types.INTEGER, false),
                new ColumnInfo("title", "varchar", Types.VARCHAR, false, null, List.of("Sales"))),
                List.of("id"), List.of(), -1);
        TableInfo salary = new TableInfo("hr", "salary_history", "TABLE", null, List.of(
                new ColumnInfo("employee_id", "int", Types.INTEGER, false),
                new ColumnInfo("amount", "numeric", Types.NUMERIC, false)),
                List.of(), List.of(new ForeignKey("fk2", "salary_history", List.of("employee_id"), "employee",
                List.of("id"))), -1);
        return new Catalog("H2", "2", List.of(employee, dept, salary));
    }

    private static Policy policy(List<String> allow, List<String> deny, List<String> mask) {
        return new Policy(1000, allow, deny, mask, null, null, false);
    }

    @Test
    void deniedTableIsGoneWithTheForeignKeysPointingAtIt() {
        Catalog visible = CatalogVisibility.apply(hr(), policy(List.of(), List.of("dept"), List.of()));
        assertTrue(visible.table("dept").isEmpty());
        assertTrue(visible.table("employee").orElseThrow().importedKeys().isEmpty());
        assertEquals(2, visible.tables().size());
    }

    @Test
    void globsMatchSchemaQualifiedNamesAndDenyWinsOverAllow() {
        Catalog visible = CatalogVisibility.apply(hr(), policy(List.of("hr.*"), List.of("*salary*"), List.of()));
        assertEquals(List.of("employee", "dept"), visible.tables().stream().map(TableInfo::name).toList());
        Catalog none = CatalogVisibility.apply(hr(), policy(List.of("sales.*"), List.of(), List.of()));
        assertTrue(none.tables().isEmpty());
    }

    @Test
    void qualifiedEntriesNameSqlitesSchemaLessTablesThroughMain() {
        TableInfo people = new TableInfo(null, "people", "TABLE", null, List.of(
                new ColumnInfo("name", "text", Types.VARCHAR, false, null, List.of("Ann")),
                new ColumnInfo("ssn", "text", Types.VARCHAR, true, null, List.of("123-45-6789"))),
                List.of(), List.of(), -1);
        TableInfo pay = new TableInfo(null, "pay", "TABLE", null, List.of(
                new ColumnInfo("amount", "int", Types.INTEGER, false)), List.of(), List.of(), -1);
        Catalog sqlite = new Catalog("SQLite", "3", List.of(people, pay));
        Catalog visible = CatalogVisibility.apply(sqlite, policy(List.of(), List.of("main.pay"),
                List.of("main.people.ssn")));
        assertEquals(List.of("people"), visible.tables().stream().map(TableInfo::name).toList());
        assertTrue(visible.table("people").orElseThrow().column("ssn").orElseThrow().sampleValues().isEmpty());
        assertTrue(CatalogVisibility.apply(sqlite, policy(List.of("other.*"), List.of(), List.of())).tables().isEmpty());
    }

    @Test
    void maskedColumnKeepsItsNameButLosesItsSampleValues() {
        Catalog visible = CatalogVisibility.apply(hr(), policy(List.of(), List.of(), List.of("employee.ssn")));
        ColumnInfo ssn = visible.table("employee").orElseThrow().column("ssn").orElseThrow();
        assertTrue(ssn.sampleValues().isEmpty());
        assertEquals(List.of("Ann", "Bob"), visible.table("employee").orElseThrow().column("name").orElseThrow()
                .sampleValues());
        assertFalse(visible.fingerprint().equals(hr().fingerprint()));
    }

    private static TableInfo view(String name, List<String> reads, boolean known, String... columns) {
        List<ColumnInfo> cols = java.util.Arrays.stream(columns)
                .map(c -> new ColumnInfo(c, "varchar", Types.VARCHAR, true, null, List.of("v"))).toList();
        return new TableInfo("hr", name, "VIEW", null, cols, List.of(), List.of(), -1, reads, known);
    }

    private static Catalog withViews(TableInfo... views) {
        List<TableInfo> all = new java.util.ArrayList<>(hr().tables());
        all.addAll(List.of(views));
        return new Catalog("H2", "2", all);
    }

    private static List<String> names(Catalog c) {
        return c.tables().stream().map(TableInfo::name).toList();
    }

    @Test
    void aViewOverADeniedTableIsDeniedDirectlyAndThroughOtherViews() {
        Catalog c = withViews(view("salary_view", List.of("hr.salary_history"), true, "amount"),
                view("salary_names", List.of("hr.salary_view"), true, "amount"),
                view("staff", List.of("hr.employee", "hr.dept"), true, "name"));
        assertEquals(List.of("employee", "dept", "staff"),
                names(CatalogVisibility.apply(c, policy(List.of(), List.of("salary_history"), List.of()))));
        // Outside the allow list is hidden just the same, even when the view's own name is allowed.
        assertEquals(List.of("employee"), names(CatalogVisibility.apply(c,
                policy(List.of("employee", "staff", "salary_view", "salary_names"), List.of(), List.of()))));
        assertEquals(6, names(CatalogVisibility.apply(c, Policy.defaults())).size(), "no policy hides nothing");
    }

    @Test
    void aViewWhoseDependenciesAreUnknownFailsClosedUnderARestrictingPolicyOnly() {
        Catalog c = withViews(view("mystery", List.of(), false, "x"));
        assertTrue(names(CatalogVisibility.apply(c, Policy.defaults())).contains("mystery"));
        assertFalse(names(CatalogVisibility.apply(c, policy(List.of(), List.of("dept"), List.of()))).contains("mystery"));
        assertFalse(names(CatalogVisibility.apply(c, policy(List.of("*"), List.of(), List.of()))).contains("mystery"));
    }

    @Test
    void aViewOverMaskedColumnsTenantTablesOrSystemCatalogsIsHidden() {
        Catalog c = withViews(view("people", List.of("hr.employee"), true, "name", "ssn"),
                view("users", List.of("pg_catalog.pg_authid"), true, "rolname"),
                view("titles", List.of("hr.dept"), true, "title"));
        assertEquals(List.of("employee", "dept", "salary_history", "titles"),
                names(CatalogVisibility.apply(c, policy(List.of(), List.of(), List.of("employee.ssn")))));
        assertFalse(names(CatalogVisibility.apply(c, Policy.defaults())).contains("users"));

        TableInfo tenantTable = new TableInfo("hr", "tickets", "TABLE", null, List.of(
                new ColumnInfo("id", "int", Types.INTEGER, false), new ColumnInfo("org", "int", Types.INTEGER, false)),
                List.of("id"), List.of(), -1);
        TableInfo unfiltered = view("ticket_ids", List.of("hr.tickets"), true, "id");
        TableInfo filtered = view("ticket_orgs", List.of("hr.tickets"), true, "id", "org");
        Catalog t = new Catalog("H2", "2", List.of(tenantTable, unfiltered, filtered));
        Policy tenant = new Policy(1000, List.of(), List.of(), List.of(), "org", "1", false);
        assertEquals(List.of("tickets", "ticket_orgs"), names(CatalogVisibility.apply(t, tenant)));
    }
}
