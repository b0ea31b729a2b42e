package org.nljdbc.translator.internal.conversation;

import java.util.function.Function;

/** The kinds of follow-up edit, in the order they run: each sees only the words the ones before it left. */
enum EditKind {
    MEASURE(MeasureEdit::new),
    TOP_OR_LIMIT(LimitEdit::new),
    SORT(SortEdit::new),
    GROUP(GroupEdit::new),
    COMPARISON(ComparisonEdit::new),
    PERIOD(PeriodEdit::new),
    VALUE(ValueEdit::new);

    private final Function<Refinement, FollowUpEdit> edit;

    EditKind(Function<Refinement, FollowUpEdit> edit) {
        this.edit = edit;
    }

    void apply(Refinement refinement) throws UnclearEditException {
        edit.apply(refinement).apply();
    }
}
