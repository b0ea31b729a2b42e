package org.nljdbc.translator.internal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.nljdbc.guard.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog as one policy lets its user see it: tables outside {@code allowTables} or inside
 * {@code denyTables} are gone (with every foreign key that points at them), and masked columns keep
 * their name and type but lose their sample values and are flagged in their remarks, so that no masked
 * value ever reaches a prompt. Globs use {@code *} and {@code ?}, match case-insensitively, and are tried
 * against both the bare and the schema-qualified table name, as the guard does.
 *
 * <p>A view is seen only if everything it reads may be seen: a view that reads (directly or through other views) a
 * hidden table, a system catalog, a table with a masked column, or (under a tenant policy, when the view itself has
 * no tenant column to filter by) a table carrying the tenant column, is gone too. A view whose dependencies could not
 * be read is gone under any policy that restricts tables, masks columns or filters tenants: we cannot tell what it
 * exposes, so it fails closed.
 */
public final class CatalogVisibility {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogVisibility.class);
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "pg_toast",
            "mysql", "performance_schema", "sys");

    private CatalogVisibility() {
    }

    public static Catalog apply(Catalog catalog, Policy policy) {
        List<Pattern> allow = compile(policy.allowTables());
        List<Pattern> deny = compile(policy.denyTables());
        List<String[]> masks = policy.maskColumns().stream().map(CatalogVisibility::splitMask).toList();
        Rules rules = new Rules(catalog, policy, allow, deny, masks);
        Catalog visible = catalog.filter(rules::visible);
        if (masks.isEmpty()) {
            return visible;
        }
        List<TableInfo> out = new ArrayList<>();
        for (TableInfo t : visible.tables()) {
            List<ColumnInfo> cols = new ArrayList<>();
            for (ColumnInfo c : t.columns()) {
                cols.add(isMasked(masks, t, c) ? new ColumnInfo(c.name(), c.typeName(), c.jdbcType(), c.nullable(),
                        c.remarks() == null ? "masked" : c.remarks() + " (masked)", List.of()) : c);
            }
            out.add(t.withColumns(cols));
        }
        return new Catalog(visible.productName(), visible.productVersion(), out);
    }

    /** Whether {@code policy} masks column {@code column} of {@code table}: its values are never read for a prompt. */
    public static boolean isMasked(Policy policy, TableInfo table, ColumnInfo column) {
        return isMasked(policy.maskColumns().stream().map(CatalogVisibility::splitMask).toList(), table, column);
    }

    private static boolean isMasked(List<String[]> masks, TableInfo t, ColumnInfo c) {
        return masks.stream().anyMatch(m -> matchesTable(glob(m[0]), t) && glob(m[1])
                .matcher(c.name().toLowerCase(Locale.ROOT)).matches());
    }

    /** Whether a table has the policy's tenant column. */
    static boolean hasTenantColumn(Policy policy, TableInfo t) {
        return hasTenant(policy) && t.column(policy.tenantColumn()).isPresent();
    }

    private static boolean hasTenant(Policy policy) {
        return policy.tenantColumn() != null && !policy.tenantColumn().isBlank();
    }

    /** The visibility decisions over one whole catalog, where views are judged by what they read. */
    private static final class Rules {
        private final Catalog catalog;
        private final Policy policy;
        private final List<Pattern> allow;
        private final List<Pattern> deny;
        private final List<String[]> masks;
        private final boolean restrictive;
        private final Map<String, Boolean> decided = new HashMap<>();

        Rules(Catalog catalog, Policy policy, List<Pattern> allow, List<Pattern> deny, List<String[]> masks) {
            this.catalog = catalog;
            this.policy = policy;
            this.allow = allow;
            this.deny = deny;
            this.masks = masks;
            this.restrictive = !allow.isEmpty() || !deny.isEmpty() || !masks.isEmpty() || hasTenant(policy);
        }

        boolean visible(TableInfo t) {
            return visible(t, new HashSet<>());
        }

        private boolean visible(TableInfo t, Set<String> path) {
            if (!byName(t.schema(), t.name())) {
                return false;
            }
            if (!t.isView()) {
                return true;
            }
            String key = CatalogReader.key(t.schema(), t.name()).toLowerCase(Locale.ROOT);
            Boolean known = decided.get(key);
            if (known != null) {
                return known;
            }
            if (!path.add(key)) {
                return false; // a cycle cannot be judged: closed
            }
            boolean ok = viewVisible(t, path);
            path.remove(key);
            decided.put(key, ok);
            return ok;
        }

        private boolean viewVisible(TableInfo view, Set<String> path) {
            if (!view.readsKnown()) {
                if (restrictive) {
                    LOG.debug("view {} hidden: what it reads is unknown, and the policy restricts what may be seen",
                            view.name());
                    return false;
                }
                return true;
            }
            for (String dependency : view.readsTables()) {
                int dot = dependency.lastIndexOf('.');
                String schema = dot < 0 ? null : dependency.substring(0, dot);
                String name = dependency.substring(dot + 1);
                if (!policy.allowSystemCatalogs() && schema != null
                        && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))) {
                    LOG.debug("view {} hidden: it reads the system catalog {}", view.name(), dependency);
                    return false;
                }
                TableInfo read = catalog.table(dependency).orElse(dot < 0 ? null : catalog.table(name)
                        .filter(t -> t.schema() == null || t.schema().equalsIgnoreCase(schema)).orElse(null));
                if (read == null) {
                    if (!byName(schema, name)) {
                        LOG.debug("view {} hidden: it reads {}, which the policy hides", view.name(), dependency);
                        return false;
                    }
                    if (!masks.isEmpty() || hasTenant(policy)) {
                        LOG.debug("view {} hidden: it reads {}, outside the catalog, whose masks and tenant column "
                                + "are unknown", view.name(), dependency);
                        return false;
                    }
                    continue;
                }
                if (!visible(read, path)) {
                    LOG.debug("view {} hidden: it reads {}, which the policy hides", view.name(), dependency);
                    return false;
                }
                if (read.columns().stream().anyMatch(c -> isMasked(masks, read, c))) {
                    LOG.debug("view {} hidden: it reads {}, which has masked columns", view.name(), dependency);
                    return false;
                }
                if (hasTenantColumn(policy, read) && !hasTenantColumn(policy, view)) {
                    LOG.debug("view {} hidden: it reads the tenant table {} but has no {} column to filter by",
                            view.name(), dependency, policy.tenantColumn());
                    return false;
                }
            }
            return true;
        }

        private boolean byName(String schema, String name) {
            return (allow.isEmpty() || allow.stream().anyMatch(p -> matchesName(p, schema, name)))
                    && deny.stream().noneMatch(p -> matchesName(p, schema, name));
        }
    }

    /** Whether a table name (bare or schema-qualified) matches a glob, by the rules above. */
    public static boolean matches(String glob, String schema, String table) {
        Pattern p = glob(glob);
        return p.matcher(table.toLowerCase(Locale.ROOT)).matches()
                || schema != null && p.matcher((schema + "." + table).toLowerCase(Locale.ROOT)).matches();
    }

    private static boolean matchesTable(Pattern p, TableInfo t) {
        return matchesName(p, t.schema(), t.name());
    }

    private static boolean matchesName(Pattern p, String schema, String name) {
        // A table without a schema is SQLite's, whose database is "main": main.employees.ssn masks it.
        String s = schema == null ? "main" : schema;
        return p.matcher(name.toLowerCase(Locale.ROOT)).matches()
                || p.matcher((s + "." + name).toLowerCase(Locale.ROOT)).matches();
    }

    /** {@code table.column} or {@code schema.table.column}: the column is after the last dot. */
    private static String[] splitMask(String mask) {
        String m = mask.trim();
        int dot = m.lastIndexOf('.');
        return dot < 0 ? new String[] {"*", m} : new String[] {m.substring(0, dot), m.substring(dot + 1)};
    }

    private static List<Pattern> compile(List<String> globs) {
        return globs.stream().map(String::trim).filter(g -> !g.isEmpty()).map(CatalogVisibility::glob).toList();
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char ch : glob.trim().toLowerCase(Locale.ROOT).toCharArray()) {
            switch (ch) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
