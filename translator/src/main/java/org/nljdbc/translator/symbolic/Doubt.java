package org.nljdbc.translator.symbolic;

import java.util.Locale;

/**
 * The named guesses that lower the LLM-free translator's confidence, each with the factor it applies and the reason
 * it gives when the translator abstains ("unsure of ..."). A factor a question may earn in several degrees (a column
 * near a named table is a smaller guess than one far from it) is given where it is applied, with the same reason.
 */
enum Doubt {
    NOT_OF_ADJACENT_TABLE(0.6, "\"%s\" is not a column of the table named next to it"),
    COLUMN_OF_SEVERAL_TABLES(0.6, "\"%s\" is a column of several named tables"),
    COLUMNS_OF_SEVERAL_TABLES(0.6, "\"%s\" matches columns of several named tables"),
    TABLE_NOT_NAMED(0.6, "\"%s\" belongs to a table the question does not name"),
    OUTSIDE_NAMED_TABLES(0.6, "\"%s\" belongs to none of the tables named"),
    WHAT_TO_COUNT(0.85, "what to count"),
    VALUE_COLUMN(0.85, "which column holds \"%s\""),
    COLUMNS_TO_SHOW(0.85, "which columns to show"),
    ROWS_ONCE(0.8, "whether each row should appear once"),
    TABLE_ADDS_NOTHING(0.8, "what \"%s\" adds to the question"),
    GROUP_BY_LISTED(0.6, "whether to group by the listed columns"),
    SUBJECT_TABLE(0.8, "which table the question is about"),
    /** "top 5 customers by total amount": the entity is grouped by its key, and ranked by its related rows. */
    RANKED_BY_RELATED_ROWS(0.9, "whether \"%s\" ranks each of the entities named before it"),
    /**
     * "The customer with the most orders" is ORDER BY COUNT(*) LIMIT 1, which keeps one of the tied when several
     * have the most. On Spider's training databases (not the measured dev set), 110 of the 434 gold queries of that
     * form have a tie at the top, against 36 of 215 ordering by a column: the arbitrary one kept is a plausible
     * wrong answer a user cannot see.
     */
    COUNT_MAY_TIE(0.8, "which one to keep when several tie for \"%s\"");

    final double factor;
    private final String reason;

    Doubt(double factor, String reason) {
        this.factor = factor;
        this.reason = reason;
    }

    /** The reason for a user, naming the words of the question it concerns (ignored when the reason names none). */
    String reason(String words) {
        return String.format(Locale.ROOT, reason, words);
    }
}
