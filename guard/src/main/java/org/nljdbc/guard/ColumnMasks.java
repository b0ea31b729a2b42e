package org.nljdbc.guard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

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

    /** Aggregate functions of the dialects the guard knows; a window ({@code OVER}) is not one: it keeps the rows. */
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "group_concat",
            "string_agg", "array_agg", "listagg", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop",
            "var_samp", "bool_and", "bool_or", "every", "median", "json_agg", "jsonb_agg", "json_arrayagg",
            "json_objectagg", "json_group_array", "json_group_object", "bit_and", "bit_or", "bit_xor", "any_value",
            "mode", "percentile_cont", "percentile_disc", "total", "count_big", "approx_count_distinct");

    /**
     * What a select item that reveals a masked column becomes: the mask at the top (what the user sees), NULL
     * inside subqueries and set operations (it fits any column type). An item that aggregates keeps aggregating
     * ({@code MIN('***')}), so that {@code SELECT max(ssn) FROM t} still returns one row per group, not one per
     * row.
     */
    static Expression maskFor(Expression original, boolean top) {
        if (!top) {
            return new NullValue();
        }
        return aggregates(original) ? new Function("MIN", new StringValue("***")) : new StringValue("***");
    }

    /** Whether {@code e} calls an aggregate function outside any subquery. */
    static boolean aggregates(Expression e) {
        boolean[] found = {false};
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Function f, S context) {
                String name = f.getName() == null ? "" : f.getName();
                name = name.substring(name.lastIndexOf('.') + 1).replace("\"", "").replace("`", "");
                if (AGGREGATES.contains(name.toLowerCase(Locale.ROOT))) {
                    found[0] = true;
                    return null;
                }
                return super.visit(f, context);
            }

            @Override
            public <S> Void visit(ParenthesedSelect select, S context) {
                return null;
            }

            @Override
            public <S> Void visit(Select select, S context) {
                return null;
            }
        }, null);
        return found[0];
    }
}
