package org.nljdbc.translator.internal.symbolic;

import java.util.Locale;

/**
 * The named guesses that lower the LLM-free translator's confidence, each with the factor it applies and the reason
 * it gives when the translator abstains ("unsure of ..."). A guess a question may make in several degrees (a column
 * of a table the named one refers to is a smaller guess than one far from it) is one constant per degree, all with
 * the same reason.
 *
 * <p>Some guesses are not shown in an abstention ({@link #shown} false): they had no reason before they were named
 * (issue #16), and showing them would change what users read. Their reasons say what they are about, ready for the
 * day they are shown.
 */
enum Doubt {
    NOT_OF_ADJACENT_TABLE(0.6, Reasons.NOT_OF_ADJACENT),
    /** "names of poker players": a column of the table the named one refers to, where its attributes live. */
    LOOKUP_OF_ADJACENT_TABLE(0.95, Reasons.NOT_OF_ADJACENT),
    /** "revenue from customers": a synonym names a measure that lives in another table, a milder guess. */
    SYNONYM_NOT_OF_ADJACENT_TABLE(0.85, Reasons.NOT_OF_ADJACENT),
    COLUMN_OF_SEVERAL_TABLES(0.6, "\"%s\" is a column of several named tables"),
    COLUMNS_OF_SEVERAL_TABLES(0.6, "\"%s\" matches columns of several named tables"),
    TABLE_NOT_NAMED(0.6, "\"%s\" belongs to a table the question does not name"),
    OUTSIDE_NAMED_TABLES(0.6, Reasons.OUTSIDE_NAMED),
    /** The column's table is one a named table refers to. */
    LOOKUP_OF_NAMED_TABLE(0.95, Reasons.OUTSIDE_NAMED),
    /** The column's table is one join away from a named table. */
    NEXT_TO_NAMED_TABLE(0.85, Reasons.OUTSIDE_NAMED),
    WHAT_TO_COUNT(0.85, "what to count"),
    VALUE_COLUMN(0.85, Reasons.VALUE_COLUMN),
    /** A quoted value is surely a value; only its column is a guess. */
    QUOTED_VALUE_COLUMN(0.95, Reasons.VALUE_COLUMN),
    COLUMNS_TO_SHOW(0.85, "which columns to show"),
    ROWS_ONCE(0.8, "whether each row should appear once"),
    /**
     * A table the question names gives the query no column, filter or count: a word of the question was not used,
     * usually because it asked to show something of that table ("the teachers and the courses they teach"). Such a
     * query answers a different question more often than not, so the guess weighs as much as any other two.
     */
    TABLE_ADDS_NOTHING(0.5, "what \"%s\" adds to the question"),
    GROUP_BY_LISTED(0.6, "whether to group by the listed columns"),
    SUBJECT_TABLE(0.8, "which table the question is about"),
    /** "top 5 customers by total amount": the entity is grouped by its key, and ranked by its related rows. */
    RANKED_BY_RELATED_ROWS(0.9, "whether \"%s\" ranks each of the entities named before it"),
    /**
     * "The customer with the most orders" is ORDER BY COUNT(*) LIMIT 1, which keeps one of the tied when several
     * have the most. On Spider's training databases (not the measured dev set), 110 of the 434 gold queries of that
     * form have a tie at the top, against 36 of 215 ordering by a column: the arbitrary one kept is a plausible
     * wrong answer a user cannot see. The factor is one minus that measured share of ties (110/434 = 0.25), so the
     * confidence says how often such an answer is right when nothing else is in doubt.
     */
    COUNT_MAY_TIE(0.8, "which one to keep when several tie for \"%s\""),

    // not shown in abstentions (see the class comment)

    /** "whose citizenship is not 'France'": a value filter turned around, nothing more. */
    NEGATED_VALUE(0.95, "whether \"%s\" only turns the value after it around", false),
    /** A verb ("students enrolled in"): the join path is taken to carry its meaning. */
    RELATION_VERB(0.92, "what \"%s\" relates", false),
    /**
     * "age for each pet type": a column of several tables taken from the one table the question's unambiguous columns
     * belong to; applied on top of the chosen column's link quality.
     */
    COLUMN_OF_CONTEXT_TABLE(0.95, "which table's \"%s\" is meant", false),
    /** "oldest", "heavier than": the column is named through a word that is not its name. */
    IMPLIED_COLUMN(0.9, "which column \"%s\" is about", false),
    /** "customers with more than 5 orders": a condition on how many related rows each has. */
    COUNT_OF_RELATED_ROWS(0.9, "whether \"%s\" counts the related rows", false),
    /** "by region" naming a table: grouped by its key, shown by its name. */
    GROUP_BY_TABLE(0.97, "what grouping by \"%s\" means", false),
    /** "template type codes and the number of templates for each": grouped by what was listed. */
    FOR_EACH_LISTED(0.9, "what \"%s\" refers to", false),
    /** "quantity by category" is a sum, most likely. */
    SUM_OF_MEASURE(0.9, "whether \"%s\" is to be added up", false),
    /** Applied once for each join beyond the first: every join is a chance of a wrong path. */
    JOIN_PATH(0.98, "the join path", false),
    /** A table without a name column is shown by its key. */
    SHOWN_BY_KEY(0.9, "which column names the rows of %s", false);

    /** Reasons that several degrees of one guess share. */
    private static final class Reasons {
        static final String NOT_OF_ADJACENT = "\"%s\" is not a column of the table named next to it";
        static final String OUTSIDE_NAMED = "\"%s\" belongs to none of the tables named";
        static final String VALUE_COLUMN = "which column holds \"%s\"";
    }

    final double factor;
    /** Whether an abstention names this guess among its reasons. */
    final boolean shown;
    private final String reason;

    Doubt(double factor, String reason) {
        this(factor, reason, true);
    }

    Doubt(double factor, String reason, boolean shown) {
        this.factor = factor;
        this.reason = reason;
        this.shown = shown;
    }

    /** The reason for a user, naming the words of the question it concerns (ignored when the reason names none). */
    String reason(String words) {
        return String.format(Locale.ROOT, reason, words);
    }
}
