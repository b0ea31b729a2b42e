package org.nljdbc.translator.catalog;

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
    void maskedColumnKeepsItsNameButLosesItsSampleValues() {
        Catalog visible = CatalogVisibility.apply(hr(), policy(List.of(), List.of(), List.of("employee.ssn")));
        ColumnInfo ssn = visible.table("employee").orElseThrow().column("ssn").orElseThrow();
        assertTrue(ssn.sampleValues().isEmpty());
        assertEquals(List.of("Ann", "Bob"), visible.table("employee").orElseThrow().column("name").orElseThrow()
                .sampleValues());
        assertFalse(visible.fingerprint().equals(hr().fingerprint()));
    }
}
