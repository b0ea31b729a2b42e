package org.nljdbc.translator.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.nljdbc.guard.Policy;

/**
 * The catalog as one policy lets its user see it: tables outside {@code allowTables} or inside
 * {@code denyTables} are gone (with every foreign key that points at them), and masked columns keep
 * their name and type but lose their sample values and are flagged in their remarks, so that no masked
 * value ever reaches a prompt. Globs use {@code *} and {@code ?}, match case-insensitively, and are tried
 * against both the bare and the schema-qualified table name, as the guard does.
 */
public final class CatalogVisibility {
    private CatalogVisibility() {
    }

    public static Catalog apply(Catalog catalog, Policy policy) {
        List<Pattern> allow = compile(policy.allowTables());
        List<Pattern> deny = compile(policy.denyTables());
        List<String[]> masks = policy.maskColumns().stream().map(CatalogVisibility::splitMask).toList();
        Catalog visible = catalog.filter(t -> (allow.isEmpty() || matches(allow, t)) && !matches(deny, t));
        if (masks.isEmpty()) {
            return visible;
        }
        List<TableInfo> out = new ArrayList<>();
        for (TableInfo t : visible.tables()) {
            List<ColumnInfo> cols = new ArrayList<>();
            for (ColumnInfo c : t.columns()) {
                boolean masked = masks.stream().anyMatch(m -> matchesTable(glob(m[0]), t) && glob(m[1])
                        .matcher(c.name().toLowerCase(Locale.ROOT)).matches());
                cols.add(masked ? new ColumnInfo(c.name(), c.typeName(), c.jdbcType(), c.nullable(),
                        c.remarks() == null ? "masked" : c.remarks() + " (masked)", List.of()) : c);
            }
            out.add(new TableInfo(t.schema(), t.name(), t.type(), t.remarks(), cols, t.primaryKey(),
                    t.importedKeys(), t.rowCount()));
        }
        return new Catalog(visible.productName(), visible.productVersion(), out);
    }

    /** Whether a table name (bare or schema-qualified) matches a glob, by the rules above. */
    public static boolean matches(String glob, String schema, String table) {
        Pattern p = glob(glob);
        return p.matcher(table.toLowerCase(Locale.ROOT)).matches()
                || schema != null && p.matcher((schema + "." + table).toLowerCase(Locale.ROOT)).matches();
    }

    private static boolean matches(List<Pattern> globs, TableInfo t) {
        return globs.stream().anyMatch(p -> matchesTable(p, t));
    }

    private static boolean matchesTable(Pattern p, TableInfo t) {
        return p.matcher(t.name().toLowerCase(Locale.ROOT)).matches()
                || t.schema() != null && p.matcher((t.schema() + "." + t.name()).toLowerCase(Locale.ROOT)).matches();
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
