package org.nljdbc.guard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The policy and schema the corpus files are written against, and their reader. */
final class CorpusFixture {
    /** One schema, named dbo so that SQL Server's qualified names resolve; unqualified names resolve everywhere. */
    static final VisibleSchema SCHEMA = VisibleSchema.of(Map.of(
            "dbo.customers", List.of("id", "name", "email", "ssn", "city", "created_at"),
            "dbo.orders", List.of("id", "customer_id", "amount", "status", "note", "created_at", "tenant_id"),
            "dbo.order_items", List.of("order_id", "product_id", "qty", "tenant_id"),
            "dbo.products", List.of("id", "title", "category", "price", "deleted", "drop_reason", "update_time"),
            "dbo.employees", List.of("id", "manager_id", "name"),
            "dbo.grants", List.of("grant_date", "revoke_reason")));

    /** The tables the function tests query (their columns are what the statements name). */
    static final VisibleSchema FUNCTION_TABLES = VisibleSchema.of(Map.of(
            "t", List.of("a", "b", "c", "d", "arr", "j", "x", "n"),
            "orders", List.of("id", "amount", "status"),
            "x", List.of("a", "b")));

    static final Policy POLICY = new Policy(1000, List.of(), List.of("hr.*", "*_secret", "payroll"),
            List.of("customers.ssn"), null, null, false);

    private CorpusFixture() {
    }

    /** Non-comment lines of a tab-separated resource, split into at most {@code columns} fields. */
    static List<String[]> read(String resource, int columns) {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                CorpusFixture.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", columns);
                if (f.length < columns) {
                    String[] padded = new String[columns];
                    System.arraycopy(f, 0, padded, 0, f.length);
                    for (int i = f.length; i < columns; i++) {
                        padded[i] = "";
                    }
                    f = padded;
                }
                rows.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
