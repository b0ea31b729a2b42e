package org.nljdbc.guard;

import java.util.List;
import java.util.Objects;

/**
 * What an NL query may do. Immutable; {@link #fingerprint()} changes whenever any rule changes,
 * so caches keyed on it never hand SQL made under one policy to a caller under another.
 *
 * @param maxRows             limit enforced on the outermost query (clamped if larger)
 * @param allowTables         globs of tables that may be read; empty means all visible tables
 * @param denyTables          globs of tables that may never be read (wins over allow)
 * @param maskColumns         {@code table.column} entries whose values never leave the database in clear
 * @param tenantColumn        column that, where a table has it, filters every reference; null for none
 * @param tenantValue         the value bound for {@code tenantColumn}
 * @param allowSystemCatalogs whether system schemas (information_schema, pg_catalog, ...) may be read
 * @param allowFunctions      an administrator's own functions, known to be pure, that queries may call besides the
 *                            guard's per-dialect list of built-ins; written as SQL names and resolved by the same rules
 */
public record Policy(int maxRows, List<String> allowTables, List<String> denyTables, List<String> maskColumns,
                     String tenantColumn, String tenantValue, boolean allowSystemCatalogs, List<String> allowFunctions) {

    public Policy {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
        }
        allowTables = List.copyOf(allowTables);
        denyTables = List.copyOf(denyTables);
        maskColumns = List.copyOf(maskColumns);
        allowFunctions = List.copyOf(allowFunctions);
    }

    /** A policy that allows no function beyond the built-ins. */
    public Policy(int maxRows, List<String> allowTables, List<String> denyTables, List<String> maskColumns,
                  String tenantColumn, String tenantValue, boolean allowSystemCatalogs) {
        this(maxRows, allowTables, denyTables, maskColumns, tenantColumn, tenantValue, allowSystemCatalogs, List.of());
    }

    /** The safe default: 1000 rows, every visible table, nothing masked, no tenant, no system catalogs. */
    public static Policy defaults() {
        return new Policy(1000, List.of(), List.of(), List.of(), null, null, false);
    }

    public Policy withMaxRows(int rows) {
        return new Policy(rows, allowTables, denyTables, maskColumns, tenantColumn, tenantValue, allowSystemCatalogs,
                allowFunctions);
    }

    /** A stable string that differs for any two policies that could accept different SQL. */
    public String fingerprint() {
        return Integer.toHexString(Objects.hash(maxRows, allowTables, denyTables, maskColumns, tenantColumn,
                tenantValue, allowSystemCatalogs, allowFunctions)) + ":" + maxRows;
    }
}
