package org.nljdbc.guard;

import java.util.Locale;
import java.util.Set;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import org.nljdbc.guard.Scope.Source;
import org.nljdbc.guard.Verdict.Reason;

/**
 * The tenant filter: a table that has the tenant column is read through {@code (SELECT ... FROM t WHERE col = ?)}
 * under the table's own range variable, its masked columns already NULL inside, so no reference can bypass it.
 */
final class TenantFilter {
    private final Dialect dialect;
    private final ColumnMasks masks;

    TenantFilter(Dialect dialect, ColumnMasks masks) {
        this.dialect = dialect;
        this.masks = masks;
    }

    /**
     * Keeps the optimizer from merging the filtered subquery into the query around it. Merged, the outer query's
     * conditions run on rows the tenant filter has not yet removed, and one that fails on a value
     * ({@code EXP(CASE WHEN name LIKE 'carol%' THEN 1000 ELSE 0 END) > 0} on MariaDB) tells another tenant's data by
     * erroring or not. Neither PostgreSQL nor MariaDB/MySQL merges or pushes conditions into a subquery with a
     * LIMIT or OFFSET; a no-op one is that fence.
     */
    private void fence(PlainSelect inner) {
        switch (dialect) {
            case POSTGRESQL -> inner.setOffset(new Offset().withOffset(new LongValue(0)));
            case MYSQL, MARIADB -> inner.setLimit(new Limit().withRowCount(new LongValue("18446744073709551615")));
            default -> {
            }
        }
    }

    /**
     * The filtered subquery that is to replace {@code t} in its FROM item; {@code t} becomes its inner table and
     * {@code src} learns the range variable qualified references must be rewritten to.
     */
    ParenthesedSelect wrap(Table t, Source src, String tenantCol) {
        if (t.getPivot() != null || t.getUnPivot() != null || t.getSampleClause() != null || t.getTimeTravel() != null) {
            throw new Refusal(Reason.UNSUPPORTED, "refused: the tenant filter cannot be applied to " + src.display
                    + " with PIVOT, SAMPLE or time travel");
        }
        Alias alias = t.getAlias();
        String rangeText = alias != null ? alias.getName() : t.getName();
        t.setAlias(null);
        PlainSelect inner = new PlainSelect();
        Set<String> masked = masks.maskedColumns(src.table);
        if (!masked.isEmpty()) {
            for (String col : src.table.columns()) {
                String quoted = Identifiers.quoteIfNeeded(col, dialect);
                inner.addSelectItems(masked.contains(col.toLowerCase(Locale.ROOT))
                        ? new SelectItem<>(new NullValue(), new Alias(quoted, true))
                        : new SelectItem<>(new Column(quoted)));
            }
        } else {
            inner.addSelectItems(new AllColumns());
        }
        inner.setFromItem(t);
        inner.setWhere(new EqualsTo(new Column(Identifiers.quoteIfNeeded(tenantCol, dialect)), new JdbcParameter()));
        fence(inner);
        ParenthesedSelect wrapped = new ParenthesedSelect();
        wrapped.setSelect(inner);
        Alias outer = new Alias(rangeText, alias != null ? alias.isUseAs() : dialect != Dialect.ORACLE);
        if (alias != null && alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
            outer.setAliasColumns(alias.getAliasColumns());
        }
        wrapped.setAlias(outer);
        src.qualifierRewrite = rangeText;
        return wrapped;
    }
}
