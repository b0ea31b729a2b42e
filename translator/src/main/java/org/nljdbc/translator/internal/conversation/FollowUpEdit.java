package org.nljdbc.translator.internal.conversation;

import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * One kind of edit of the previous query, bound to one {@link Refinement}: it looks for its words among those the
 * question has left, edits the syntax tree with nodes it builds (never SQL text), consumes the words it explained and
 * records what it changed.
 */
abstract sealed class FollowUpEdit permits MeasureEdit, LimitEdit, SortEdit, GroupEdit, ComparisonEdit, PeriodEdit,
        ValueEdit {
    final Refinement r;
    final PlainSelect ps;

    FollowUpEdit(Refinement r) {
        this.r = r;
        this.ps = r.ps;
    }

    /** Does nothing when the question holds none of this edit's words. */
    abstract void apply() throws UnclearEditException;
}
