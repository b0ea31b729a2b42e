package org.nljdbc.translator.internal.conversation;

import java.util.List;

/** What {@link Conversation#resolve} decided about a question. */
public sealed interface Resolution {
    /** A question that stands on its own: it is translated without any earlier turn. */
    record Independent() implements Resolution {
    }

    /** A follow-up whose refinement was clear: {@code sql} is the previous turn's SQL with the edits applied. */
    record Edited(String sql, FollowUp followUp) implements Resolution {
    }

    /**
     * A follow-up whose refinement is not clear: the model is asked, given {@code context} (the earlier turns,
     * oldest first, the one refined last).
     */
    record NeedsModel(List<Turn> context, FollowUp followUp) implements Resolution {
        public NeedsModel {
            context = List.copyOf(context);
        }
    }
}
