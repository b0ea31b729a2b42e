package org.nljdbc.guard;

import java.util.List;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Top;
import net.sf.jsqlparser.expression.Alias;
import org.nljdbc.guard.Verdict.Reason;

/**
 * Puts {@code maxRows} on the outermost query in the dialect's own form. A row limit can live in three
 * places (LIMIT, FETCH FIRST, TOP): whichever exist are clamped, and one is added only when none does.
 */
final class LimitEnforcer {
    /**
     * @param root       the outermost query, possibly replaced by a wrapper
     * @param astChanged whether the AST must be printed again
     * @param suffix     text to append to the original query instead (when the AST is unchanged), or null
     */
    record Outcome(Select root, boolean astChanged, String suffix) {
    }

    private LimitEnforcer() {
    }

    static Outcome enforce(Select root, Dialect dialect, int max, List<String> rewrites) {
        Select holder = limitHolder(root);
        Limit limit = holder.getLimit();
        Fetch fetch = holder.getFetch();
        Top top = holder == root && root instanceof PlainSelect ps ? ps.getTop() : null;
        boolean ties = fetch != null && fetch.getFetchParameters().stream().anyMatch(p -> p.toUpperCase(java.util.Locale.ROOT).contains("TIES"))
                || top != null && top.isWithTies();
        if (ties) {
            // WITH TIES may return any number of rows past its count: the whole query goes under a limit.
            rewrites.add("query wrapped under a limit of " + max + " rows (WITH TIES can exceed its count)");
            return new Outcome(wrap(root, dialect, max), true, null);
        }
        if (limit != null && (limit.getRowCount() != null || limit.isLimitAll() || limit.isLimitNull())
                || fetch != null || top != null) {
            boolean changed = false;
            if (limit != null && (limit.getRowCount() != null || limit.isLimitAll() || limit.isLimitNull())) {
                Long v = literal(limit.getRowCount());
                if (limit.isLimitAll() || limit.isLimitNull() || v == null || v > max) {
                    limit.setLimitAll(false);
                    limit.setLimitNull(false);
                    limit.setRowCount(new LongValue(max));
                    changed = true;
                }
            }
            if (fetch != null) {
                if (fetch.getFetchParameters().stream().anyMatch(p -> p.equalsIgnoreCase("PERCENT"))) {
                    throw new Refusal(Reason.UNSUPPORTED, "refused: FETCH ... PERCENT cannot be limited to " + max
                            + " rows; use FETCH FIRST n ROWS ONLY");
                }
                if (fetch.getExpression() != null || fetch.getFetchJdbcParameter() != null) {
                    Long v = literal(fetch.getExpression());
                    if (v == null || v > max) {
                        fetch.setFetchJdbcParameter(null);
                        fetch.setExpression(new LongValue(max));
                        changed = true;
                    }
                } else if (fetch.getRowCount() > max) {
                    fetch.setRowCount(max);
                    changed = true;
                }
            }
            if (top != null) {
                if (top.isPercentage()) {
                    throw new Refusal(Reason.UNSUPPORTED, "refused: TOP ... PERCENT cannot be limited to " + max
                            + " rows; use TOP n");
                }
                Long v = literal(top.getExpression());
                if (v == null || v > max) {
                    top.setExpression(new LongValue(max));
                    changed = true;
                }
            }
            if (changed) {
                rewrites.add("row limit clamped to " + max);
            }
            return new Outcome(root, changed, null);
        }
        boolean trailingClauses = root.getForClause() != null || root.getOption() != null || root.getIsolation() != null
                || (root instanceof PlainSelect p && p.getForXmlPath() != null) || root.getLimitBy() != null;
        boolean offset = holder.getOffset() != null || limit != null;
        switch (dialect) {
            case SQLSERVER -> {
                if (offset) {
                    holder.setFetch(fetchNext(max, false));
                    rewrites.add("FETCH NEXT " + max + " ROWS ONLY added");
                    return new Outcome(root, true, null);
                }
                if (root instanceof PlainSelect ps) {
                    Top t = new Top();
                    t.setExpression(new LongValue(max));
                    ps.setTop(t);
                    rewrites.add("TOP " + max + " added");
                    return new Outcome(root, true, null);
                }
                if (root.getOrderByElements() != null && !root.getOrderByElements().isEmpty() && !trailingClauses) {
                    rewrites.add("OFFSET 0 ROWS FETCH NEXT " + max + " ROWS ONLY added");
                    return new Outcome(root, false, " OFFSET 0 ROWS FETCH NEXT " + max + " ROWS ONLY");
                }
                rewrites.add("query wrapped in SELECT TOP " + max);
                return new Outcome(wrap(root, dialect, max), true, null);
            }
            case ORACLE -> {
                if (offset || trailingClauses) {
                    holder.setFetch(fetchNext(max, true));
                    rewrites.add("FETCH FIRST " + max + " ROWS ONLY added");
                    return new Outcome(root, true, null);
                }
                rewrites.add("FETCH FIRST " + max + " ROWS ONLY added");
                return new Outcome(root, false, " FETCH FIRST " + max + " ROWS ONLY");
            }
            default -> {
                if (offset || trailingClauses) {
                    Limit l = limit != null ? limit : new Limit();
                    l.setRowCount(new LongValue(max));
                    holder.setLimit(l);
                    rewrites.add("LIMIT " + max + " added");
                    return new Outcome(root, true, null);
                }
                rewrites.add("LIMIT " + max + " added");
                return new Outcome(root, false, " LIMIT " + max);
            }
        }
    }

    /**
     * Where the outermost row limit lives. JSqlParser hangs a LIMIT/OFFSET/FETCH written after the last
     * branch of an unparenthesised set operation on that branch, while the databases apply it to the
     * whole set operation; the guard follows the databases.
     */
    static Select limitHolder(Select root) {
        if (root instanceof SetOperationList sol && root.getLimit() == null && root.getFetch() == null
                && root.getOffset() == null && sol.getSelects() != null && !sol.getSelects().isEmpty()) {
            Select last = sol.getSelects().get(sol.getSelects().size() - 1);
            if (last instanceof PlainSelect && (last.getLimit() != null || last.getFetch() != null
                    || last.getOffset() != null)) {
                return last;
            }
        }
        return root;
    }

    private static Fetch fetchNext(int max, boolean first) {
        Fetch f = new Fetch();
        f.setFetchParamFirst(first);
        f.setExpression(new LongValue(max));
        f.addFetchParameter("ROWS");
        f.addFetchParameter("ONLY");
        return f;
    }

    /** {@code SELECT * FROM (root) nl_rows} with the dialect's limit on the outside. */
    private static Select wrap(Select root, Dialect dialect, int max) {
        PlainSelect wrapper = new PlainSelect();
        wrapper.addSelectItems(new AllColumns());
        // WITH belongs at the top of a statement in T-SQL (and reads best there elsewhere): it moves out.
        wrapper.setWithItemsList(root.getWithItemsList());
        root.setWithItemsList(null);
        ParenthesedSelect inner = new ParenthesedSelect();
        inner.setSelect(root);
        inner.setAlias(new Alias("nl_rows", dialect != Dialect.ORACLE));
        wrapper.setFromItem(inner);
        switch (dialect) {
            case SQLSERVER -> {
                Top t = new Top();
                t.setExpression(new LongValue(max));
                wrapper.setTop(t);
            }
            case ORACLE -> wrapper.setFetch(fetchNext(max, true));
            default -> {
                Limit l = new Limit();
                l.setRowCount(new LongValue(max));
                wrapper.setLimit(l);
            }
        }
        return wrapper;
    }

    /** The value of a plain integer literal (possibly parenthesised), or null for anything else. */
    static Long literal(Expression e) {
        Expression x = e;
        while (true) {
            if (x instanceof Parenthesis p) {
                x = p.getExpression();
            } else if (x instanceof ParenthesedExpressionList<?> l && l.size() == 1) {
                x = l.get(0);
            } else {
                break;
            }
        }
        if (x instanceof LongValue lv) {
            try {
                return lv.getValue();
            } catch (RuntimeException ex) {
                return Long.MAX_VALUE;
            }
        }
        return null;
    }
}
