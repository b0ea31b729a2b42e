package org.nljdbc.translator.internal.symbolic;

import java.util.List;

/** What one span of a question was understood as. {@code from}/{@code to} are token positions, {@code to} exclusive. */
sealed interface Item {
    int from();

    int to();

    String text();

    /** Tables, columns or sampled values the span names (all of one kind, best quality first). */
    record Schema(int from, int to, String text, List<SchemaLexicon.Link> links) implements Item {
        SchemaLexicon.Link.Kind kind() {
            return links.get(0).kind();
        }
    }

    /** A quoted string, or a capitalised word nothing else explains: a value whose column the context must give. */
    record Literal(int from, int to, String text, boolean quoted) implements Item {
    }

    record Number(int from, int to, String text) implements Item {
    }

    /** COUNT, SUM, AVG, MIN or MAX. */
    record Aggregate(int from, int to, String text, String function) implements Item {
    }

    /** "highest", "lowest": a maximum, or the row that has it, depending on what precedes it. */
    record Superlative(int from, int to, String text, boolean descending) implements Item {
    }

    /** "oldest", "most expensive": a superlative that names its column through a word. */
    record ImpliedSuperlative(int from, int to, String text, List<String> columnWords, boolean descending)
            implements Item {
    }

    /** "more than", "at least" and the like. */
    record Comparison(int from, int to, String text, String operator) implements Item {
    }

    /** "older than": a comparison that names its column through a word. */
    record ImpliedComparison(int from, int to, String text, List<String> columnWords, String operator)
            implements Item {
    }

    record Between(int from, int to, String text) implements Item {
    }

    record OrderBy(int from, int to, String text) implements Item {
    }

    record Direction(int from, int to, String text, boolean descending) implements Item {
    }

    record GroupBy(int from, int to, String text) implements Item {
    }

    record Top(int from, int to, String text, boolean descending) implements Item {
    }

    record MostCommon(int from, int to, String text, boolean descending) implements Item {
    }

    record Distinct(int from, int to, String text) implements Item {
    }

    record Named(int from, int to, String text) implements Item {
    }

    /** A date range: {@code start} inclusive, {@code end} exclusive, either null when open. */
    record Period(int from, int to, String text, java.time.LocalDate start, java.time.LocalDate end, Integer year)
            implements Item {
    }

    /** "monthly", "per quarter", "by year": group by a calendar period of a date; unit is YEAR, QUARTER or MONTH. */
    record TimeBucket(int from, int to, String text, String unit) implements Item {
    }

    /** A verb that relates two things ("students enrolled in ..."); the join path carries its meaning. */
    record Relation(int from, int to, String text) implements Item {
    }

    /** A word that means the question needs something this translator does not do. */
    record Unsupported(int from, int to, String text, String reason) implements Item {
    }
}
