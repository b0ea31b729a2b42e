package org.nljdbc.guard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The policy's column masks ({@code table.column} globs): which columns of a table have their values masked. */
final class ColumnMasks {
    /** A mask: the tables it covers, its column as written (lower case), and that column as a glob. */
    private record MaskRule(NamePattern table, String column, NamePattern columnPattern) {
    }

    private final List<MaskRule> masks = new ArrayList<>();

    ColumnMasks(Policy policy) {
        for (String m : policy.maskColumns()) {
            int dot = m.lastIndexOf('.');
            if (dot > 0 && dot < m.length() - 1) {
                String column = m.substring(dot + 1).trim().toLowerCase(Locale.ROOT);
                masks.add(new MaskRule(NamePattern.of(m.substring(0, dot)), column, NamePattern.of(column)));
            }
        }
    }

    boolean isEmpty() {
        return masks.isEmpty();
    }

    /** Whether some mask's column glob matches {@code column}, whatever table it belongs to. */
    boolean coversColumnName(String column) {
        for (MaskRule m : masks) {
            if (m.columnPattern().matches(column)) {
                return true;
            }
        }
        return false;
    }

    /** Lower-case names of the columns of {@code t} that the policy masks. */
    Set<String> maskedColumns(VisibleSchema.Table t) {
        if (masks.isEmpty() || t == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (MaskRule m : masks) {
            if (TableResolver.matchesTable(m.table(), t)) {
                out.add(m.column());
                for (String c : t.columns()) {
                    if (m.columnPattern().matches(c)) {
                        out.add(c.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return out;
    }
}
