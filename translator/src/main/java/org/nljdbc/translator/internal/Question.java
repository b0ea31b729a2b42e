package org.nljdbc.translator.internal;

import java.util.List;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.guard.VisibleSchema;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.conversation.Turn;

/**
 * One question on its way through the stages: what was asked, against which catalog, dialect and guard, and what
 * the stages learned that a later one reports (why the LLM-free translator abstained). Not thread-safe; one per
 * question.
 */
final class Question {
    final String text;
    /** The conversation state the question was resolved against, part of the cache key; empty for none. */
    final String conversation;
    /** Earlier turns a follow-up refines, oldest first; empty for a question of its own. */
    final List<Turn> context;
    final Catalog catalog;
    final Dialect dialect;
    final SqlGuard guard;
    /** Why the LLM-free translator could not answer; null when it did not try or did answer. */
    String abstention;

    Question(String text, String conversation, List<Turn> context, Catalog catalog, Dialect dialect, SqlGuard guard) {
        this.text = text;
        this.conversation = conversation;
        this.context = List.copyOf(context);
        this.catalog = catalog;
        this.dialect = dialect;
        this.guard = guard;
    }

    /** The same question as a follow-up of {@code turns}. */
    Question following(List<Turn> turns) {
        return new Question(text, conversation, turns, catalog, dialect, guard);
    }

    VisibleSchema visible() {
        return catalog.visibleSchema();
    }
}
