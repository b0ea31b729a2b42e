package org.nljdbc.translator.internal.symbolic;

import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a question's tokens left to right and says what each span is: a grammar phrase (aggregation, comparison,
 * ordering, grouping, period), a table, column or sampled value of the schema, a number, a literal, or filler.
 * What is none of these is "not understood".
 */
final class Linker {
    /** @param notUnderstood words that are none of the known kinds, by token position */
    record Linked(List<Item> items, Map<Integer, String> notUnderstood) {
    }

    private record Phrase(List<String> words, Function<int[], Item> make) {
    }

    private static final Map<String, Month> MONTHS = Map.ofEntries(Map.entry("january", Month.JANUARY),
            Map.entry("february", Month.FEBRUARY), Map.entry("march", Month.MARCH), Map.entry("april", Month.APRIL),
            Map.entry("may", Month.MAY), Map.entry("june", Month.JUNE), Map.entry("july", Month.JULY),
            Map.entry("august", Month.AUGUST), Map.entry("september", Month.SEPTEMBER),
            Map.entry("october", Month.OCTOBER), Map.entry("november", Month.NOVEMBER),
            Map.entry("december", Month.DECEMBER));

    private static final List<Phrase> PHRASES = new ArrayList<>();

    private static void phrase(String words, Function<int[], Item> make) {
        PHRASES.add(new Phrase(List.of(words.split(" ")), make));
    }

    private static void unsupported(String words, String reason) {
        phrase(words, s -> new Item.Unsupported(s[0], s[1], words, reason));
    }

    static {
        for (String w : List.of("not", "no", "never", "without", "except", "excluding", "neither", "nor", "none",
                "nobody", "nothing", "exclude", "other than", "aren't", "isn't", "don't", "doesn't", "didn't",
                "haven't", "hasn't", "wasn't", "weren't", "cannot", "can't")) {
            unsupported(w, "negation");
        }
        for (String w : List.of("or", "either", "both", "also", "but", "as well as", "intersect", "union")) {
            unsupported(w, "a combination of conditions or of result sets");
        }
        for (String w : List.of("than average", "than the average", "than any", "than all", "than every",
                "than that of", "than the", "than those")) {
            unsupported(w, "a comparison with another query's result");
        }
        for (String w : List.of("percentage", "percent", "proportion", "ratio", "difference", "differ",
                "same", "share", "rate", "median", "cumulative", "running", "rank", "second", "third", "once",
                "twice", "only", "any", "all of", "every one", "within", "if", "than")) {
            unsupported(w, "\"" + w + "\" is beyond what the translator composes");
        }
        for (String w : List.of("how many", "number of", "count of", "count", "total number of",
                "the number of", "counts", "how much")) {
            phrase(w, s -> new Item.Aggregate(s[0], s[1], w, w.equals("how much") ? "SUM" : "COUNT"));
        }
        for (String w : List.of("average", "avg", "mean", "averaged")) {
            phrase(w, s -> new Item.Aggregate(s[0], s[1], w, "AVG"));
        }
        for (String w : List.of("total", "sum", "sum of", "combined", "summed")) {
            phrase(w, s -> new Item.Aggregate(s[0], s[1], w, "SUM"));
        }
        for (String w : List.of("maximum", "max", "maximal")) {
            phrase(w, s -> new Item.Aggregate(s[0], s[1], w, "MAX"));
        }
        for (String w : List.of("minimum", "min", "minimal")) {
            phrase(w, s -> new Item.Aggregate(s[0], s[1], w, "MIN"));
        }
        for (String w : List.of("highest", "largest", "biggest", "greatest", "most", "the most")) {
            phrase(w, s -> new Item.Superlative(s[0], s[1], w, true));
        }
        for (String w : List.of("lowest", "smallest", "least", "fewest", "the least", "the fewest")) {
            phrase(w, s -> new Item.Superlative(s[0], s[1], w, false));
        }
        for (String w : List.of("most common", "most frequent", "most frequently", "most often", "commonest")) {
            phrase(w, s -> new Item.MostCommon(s[0], s[1], w, true));
        }
        for (String w : List.of("least common", "least frequent", "rarest")) {
            phrase(w, s -> new Item.MostCommon(s[0], s[1], w, false));
        }
        Object[][] comparisons = {{"more than", ">"}, {"greater than", ">"}, {"larger than", ">"},
            {"bigger than", ">"}, {"higher than", ">"}, {"over", ">"}, {"above", ">"}, {"exceeding", ">"},
            {"exceeds", ">"}, {"at least", ">="}, {"no less than", ">="}, {"not less than", ">="},
            {"greater than or equal to", ">="}, {"less than", "<"}, {"fewer than", "<"}, {"smaller than", "<"},
            {"lower than", "<"}, {"below", "<"}, {"under", "<"}, {"at most", "<="}, {"no more than", "<="},
            {"not more than", "<="}, {"less than or equal to", "<="}, {"equal to", "="}, {"equals", "="},
            {"exactly", "="}, {"or more", "+>="}, {"or above", "+>="}, {"or higher", "+>="}, {"or greater", "+>="},
            {"or less", "+<="}, {"or fewer", "+<="}, {"or below", "+<="}, {"or lower", "+<="},
            {"and above", "+>="}, {"and more", "+>="}, {"and below", "+<="}, {"and less", "+<="}};
        for (Object[] c : comparisons) {
            phrase((String) c[0], s -> new Item.Comparison(s[0], s[1], (String) c[0], (String) c[1]));
        }
        Object[][] implied = {{"older than", "age", ">"}, {"younger than", "age", "<"},
            {"heavier than", "weight", ">"}, {"lighter than", "weight", "<"}, {"taller than", "height", ">"},
            {"shorter than", "height", "<"}, {"more expensive than", "price", ">"},
            {"cheaper than", "price", "<"}, {"less expensive than", "price", "<"}, {"longer than", "length", ">"},
            {"costing more than", "price", ">"}, {"costing less than", "price", "<"},
            {"priced above", "price", ">"}, {"priced below", "price", "<"}, {"priced over", "price", ">"},
            {"priced under", "price", "<"}, {"rated above", "rating", ">"}, {"rated below", "rating", "<"},
            {"rated at least", "rating", ">="}, {"aged over", "age", ">"}, {"aged under", "age", "<"}};
        for (Object[] c : implied) {
            phrase((String) c[0], s -> new Item.ImpliedComparison(s[0], s[1], (String) c[0],
                    List.of((String) c[1]), (String) c[2]));
        }
        Object[][] impliedSuper = {{"oldest", "age", true}, {"youngest", "age", false},
            {"most expensive", "price", true}, {"cheapest", "price", false}, {"least expensive", "price", false},
            {"heaviest", "weight", true}, {"lightest", "weight", false}, {"tallest", "height", true},
            {"shortest", "height", false}, {"longest", "length", true}, {"latest", "date", true},
            {"newest", "date", true}, {"most recent", "date", true}, {"earliest", "date", false},
            {"best rated", "rating", true}, {"highest rated", "rating", true}, {"worst rated", "rating", false},
            {"lowest rated", "rating", false}, {"best selling", "quantity", true}};
        for (Object[] c : impliedSuper) {
            phrase((String) c[0], s -> new Item.ImpliedSuperlative(s[0], s[1], (String) c[0],
                    List.of((String) c[1]), (Boolean) c[2]));
        }
        for (String w : List.of("order by", "ordered by", "sorted by", "sort by", "sort them by", "ranked by",
                "arranged by", "in order of", "order of", "ordered", "sorted", "sort", "order the results by",
                "order them by", "sort the results by", "rank them by")) {
            phrase(w, s -> new Item.OrderBy(s[0], s[1], w));
        }
        for (String w : List.of("in ascending order", "in increasing order", "in alphabetical order",
                "in alphabetic order", "in lexicographical order", "ascending", "asc", "increasing", "alphabetical",
                "alphabetically",
                "lexicographical", "from lowest to highest", "from low to high", "from smallest to largest",
                "from the lowest to the highest", "from least to most", "from the youngest to the oldest",
                "from youngest to oldest", "from the smallest to the largest", "from the least to the most")) {
            phrase(w, s -> new Item.Direction(s[0], s[1], w, false));
        }
        for (String w : List.of("in descending order", "in decreasing order", "in reverse alphabetical order",
                "descending", "desc", "decreasing", "from highest to lowest",
                "from high to low", "from largest to smallest", "from the highest to the lowest",
                "from most to least", "reverse alphabetical", "from the oldest to the youngest",
                "from oldest to youngest", "from the largest to the smallest", "from the most to the least")) {
            phrase(w, s -> new Item.Direction(s[0], s[1], w, true));
        }
        for (String w : List.of("for each", "per", "by each", "in each", "of each", "each", "by", "grouped by",
                "group by", "broken down by", "for every")) {
            phrase(w, s -> new Item.GroupBy(s[0], s[1], w));
        }
        phrase("between", s -> new Item.Between(s[0], s[1], "between"));
        Object[][] buckets = {{"monthly", "MONTH"}, {"month by month", "MONTH"}, {"quarterly", "QUARTER"},
            {"yearly", "YEAR"}, {"annually", "YEAR"}, {"annual", "YEAR"}, {"year by year", "YEAR"}};
        for (Object[] b : buckets) {
            phrase((String) b[0], s -> new Item.TimeBucket(s[0], s[1], (String) b[0], (String) b[1]));
        }
        for (String by : List.of("per", "by", "each", "for each", "in each", "by each", "every", "for every",
                "grouped by", "broken down by", "a")) {
            for (String[] unit : new String[][] {{"month", "MONTH"}, {"quarter", "QUARTER"}, {"year", "YEAR"}}) {
                String w = by + " " + unit[0];
                phrase(w, s -> new Item.TimeBucket(s[0], s[1], w, unit[1]));
            }
        }
        for (String w : List.of("in total", "at all", "in the database", "in the table", "in the record",
                "in the records", "of all", "all the", "there are", "are there", "is there", "do we have")) {
            phrase(w, s -> new Item.Relation(s[0], s[1], ""));
        }
        phrase("top", s -> new Item.Top(s[0], s[1], "top", true));
        phrase("bottom", s -> new Item.Top(s[0], s[1], "bottom", false));
        for (String w : List.of("distinct", "different", "unique")) {
            phrase(w, s -> new Item.Distinct(s[0], s[1], w));
        }
        for (String w : List.of("named", "called", "titled", "with the name", "with name", "whose name is")) {
            phrase(w, s -> new Item.Named(s[0], s[1], w));
        }
        // longest first, so "no more than" wins over "no"
        PHRASES.sort(Comparator.comparingInt((Phrase p) -> -p.words().size()));
    }

    private final SchemaLexicon index;
    private final LocalDate today;

    Linker(SchemaLexicon index, LocalDate today) {
        this.index = index;
        this.today = today;
    }

    Linked link(List<Token> tokens) {
        List<Item> items = new ArrayList<>();
        Map<Integer, String> unknown = new java.util.TreeMap<>();
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.quoted()) {
                List<SchemaLexicon.Link> values = index.valueLinks(t.text());
                items.add(values.isEmpty() ? new Item.Literal(i, i + 1, t.text(), true)
                        : new Item.Schema(i, i + 1, t.text(), values));
                i++;
                continue;
            }
            Item period = period(tokens, i);
            if (period != null) {
                items.add(period);
                i = period.to();
                continue;
            }
            Item grammar = grammar(tokens, i);
            Item schema = schema(tokens, i);
            int g = grammar == null ? 0 : grammar.to() - i;
            int s = schema == null ? 0 : schema.to() - i;
            if (s > g) {
                items.add(schema);
                i += s;
            } else if (g > 0) {
                items.add(grammar);
                i += g;
            } else if (t.isNumber()) {
                items.add(new Item.Number(i, i + 1, t.text()));
                i++;
            } else if (Words.FILLER.contains(t.lower())) {
                i++;
            } else if (Words.RELATION_VERBS.contains(t.lower())) {
                items.add(new Item.Relation(i, i + 1, t.text()));
                i++;
            } else if (t.isCapitalised() && i > 0) {
                int j = i + 1;
                while (j < tokens.size() && tokens.get(j).isCapitalised()) {
                    j++;
                }
                StringBuilder sb = new StringBuilder();
                for (int k = i; k < j; k++) {
                    sb.append(k > i ? " " : "").append(tokens.get(k).text());
                }
                items.add(new Item.Literal(i, j, sb.toString(), false));
                i = j;
            } else {
                unknown.put(i, t.text());
                i++;
            }
        }
        return new Linked(normalisePostfixComparisons(items), unknown);
    }

    /** "2 or more likes": the comparison written after its number is moved in front of it. */
    private static List<Item> normalisePostfixComparisons(List<Item> items) {
        List<Item> out = new ArrayList<>(items);
        for (int k = 1; k < out.size(); k++) {
            if (out.get(k) instanceof Item.Comparison c && c.operator().startsWith("+")
                    && out.get(k - 1) instanceof Item.Number n) {
                out.set(k - 1, new Item.Comparison(c.from(), c.to(), c.text(), c.operator().substring(1)));
                out.set(k, n);
            }
        }
        return out;
    }

    private Item grammar(List<Token> tokens, int i) {
        for (Phrase p : PHRASES) {
            if (matches(tokens, i, p.words()) && !namesAColumn(p, i)) {
                return p.make().apply(new int[] {i, i + p.words().size()});
            }
        }
        return null;
    }

    /** "for each year" is a grouping by the Year column when the schema has one, not a time bucket of a date. */
    private boolean namesAColumn(Phrase p, int i) {
        Item made = p.make().apply(new int[] {i, i + p.words().size()});
        return made instanceof Item.TimeBucket b
                && !index.schemaLinks(List.of(b.unit().toLowerCase(Locale.ROOT))).isEmpty();
    }

    private static boolean matches(List<Token> tokens, int i, List<String> words) {
        if (i + words.size() > tokens.size()) {
            return false;
        }
        for (int k = 0; k < words.size(); k++) {
            Token t = tokens.get(i + k);
            if (t.quoted() || !t.lower().equals(words.get(k))) {
                return false;
            }
        }
        return true;
    }

    /** The longest span starting at {@code i} that names a value, table or column. */
    private Item schema(List<Token> tokens, int i) {
        for (int len = Math.min(5, tokens.size() - i); len >= 1; len--) {
            List<Token> span = tokens.subList(i, i + len);
            if (span.stream().anyMatch(Token::quoted) || Words.FILLER.contains(span.get(0).lower())
                    && len > 1 && !span.get(0).isCapitalised()) {
                continue;
            }
            String text = String.join(" ", span.stream().map(Token::text).toList());
            boolean plainWord = len == 1 && (Words.FILLER.contains(span.get(0).lower()) || span.get(0).isNumber()
                    || grammar(tokens, i) != null);
            if (!plainWord) {
                List<SchemaLexicon.Link> values = index.valueLinks(text);
                List<SchemaLexicon.Link> names = index.schemaLinks(span.stream().map(Token::stem).toList());
                if (!names.isEmpty() && (values.isEmpty() || best(names) >= 0.95)) {
                    return new Item.Schema(i, i + len, text, sorted(names));
                }
                if (!values.isEmpty()) {
                    return new Item.Schema(i, i + len, text, values);
                }
            }
        }
        return null;
    }

    private static double best(List<SchemaLexicon.Link> links) {
        return links.stream().mapToDouble(SchemaLexicon.Link::quality).max().orElse(0);
    }

    /** Links of the best kind (tables before columns at equal quality), best quality first. */
    private static List<SchemaLexicon.Link> sorted(List<SchemaLexicon.Link> links) {
        List<SchemaLexicon.Link> s = new ArrayList<>(links);
        s.sort(Comparator.comparingDouble((SchemaLexicon.Link l) -> -l.quality())
                .thenComparing(l -> l.kind() == SchemaLexicon.Link.Kind.TABLE ? 0 : 1));
        SchemaLexicon.Link.Kind kind = s.get(0).kind();
        return s.stream().filter(l -> l.kind() == kind).toList();
    }

    private static final Set<String> YEAR_PREPOSITIONS = Set.of("in", "during", "of", "for");

    /** Dates and periods: "in 2024", "before 2023", "since March", "last month", "between 2022 and 2023". */
    private Item period(List<Token> tokens, int i) {
        String w = tokens.get(i).lower();
        Item.Period dated = datePeriod(tokens, i, w);
        if (dated != null) {
            return dated;
        }
        Integer y1 = year(tokens, i + 1);
        if (YEAR_PREPOSITIONS.contains(w) && matches(tokens, i + 1, List.of("year")) && year(tokens, i + 2) != null) {
            int y = year(tokens, i + 2);
            return new Item.Period(i, i + 3, "in year " + y, LocalDate.of(y, 1, 1), LocalDate.of(y + 1, 1, 1), y);
        }
        if (YEAR_PREPOSITIONS.contains(w) && y1 != null) {
            return new Item.Period(i, i + 2, w + " " + y1, LocalDate.of(y1, 1, 1), LocalDate.of(y1 + 1, 1, 1), y1);
        }
        if ((w.equals("in") || w.equals("during")) && i + 1 < tokens.size() && month(tokens.get(i + 1)) != null) {
            Month m = month(tokens.get(i + 1));
            Integer y = year(tokens, i + 2);
            LocalDate start = LocalDate.of(y != null ? y : today.getYear(), m, 1);
            if (y == null && start.isAfter(today)) {
                start = start.minusYears(1);
            }
            return new Item.Period(i, i + (y != null ? 3 : 2), w + " " + m, start, start.plusMonths(1), null);
        }
        if (w.equals("before") && y1 != null) {
            return new Item.Period(i, i + 2, "before " + y1, null, LocalDate.of(y1, 1, 1), null);
        }
        if (w.equals("after") && y1 != null) {
            return new Item.Period(i, i + 2, "after " + y1, LocalDate.of(y1 + 1, 1, 1), null, null);
        }
        if (w.equals("since") && y1 != null) {
            return new Item.Period(i, i + 2, "since " + y1, LocalDate.of(y1, 1, 1), null, null);
        }
        if (w.equals("since") && i + 1 < tokens.size() && month(tokens.get(i + 1)) != null) {
            Month m = month(tokens.get(i + 1));
            Integer y = year(tokens, i + 2);
            LocalDate start = LocalDate.of(y != null ? y : today.getYear(), m, 1);
            if (y == null && start.isAfter(today)) {
                start = start.minusYears(1);
            }
            return new Item.Period(i, i + (y != null ? 3 : 2), "since " + m, start, null, null);
        }
        if (w.equals("between") && y1 != null && matches(tokens, i + 2, List.of("and"))
                && year(tokens, i + 3) != null) {
            int y2 = year(tokens, i + 3);
            return new Item.Period(i, i + 4, "between " + y1 + " and " + y2, LocalDate.of(Math.min(y1, y2), 1, 1),
                    LocalDate.of(Math.max(y1, y2) + 1, 1, 1), null);
        }
        LocalDate month = today.withDayOfMonth(1);
        if (matches(tokens, i, List.of("last", "month")) || matches(tokens, i, List.of("previous", "month"))
                || matches(tokens, i, List.of("past", "month"))) {
            return new Item.Period(i, i + 2, "last month", month.minusMonths(1), month, null);
        }
        if (matches(tokens, i, List.of("this", "month"))) {
            return new Item.Period(i, i + 2, "this month", month, month.plusMonths(1), null);
        }
        if (matches(tokens, i, List.of("last", "year")) || matches(tokens, i, List.of("previous", "year"))) {
            int y = today.getYear() - 1;
            return new Item.Period(i, i + 2, "last year", LocalDate.of(y, 1, 1), LocalDate.of(y + 1, 1, 1), y);
        }
        if (matches(tokens, i, List.of("this", "year"))) {
            int y = today.getYear();
            return new Item.Period(i, i + 2, "this year", LocalDate.of(y, 1, 1), LocalDate.of(y + 1, 1, 1), y);
        }
        if ((w.equals("last") || w.equals("past")) && i + 2 < tokens.size() && tokens.get(i + 1).isNumber()
                && tokens.get(i + 1).lower().matches("\\d{1,3}")) {
            int n = Integer.parseInt(tokens.get(i + 1).lower());
            String unit = tokens.get(i + 2).stem();
            LocalDate end = today.plusDays(1);
            LocalDate start = switch (unit) {
                case "day" -> end.minusDays(n);
                case "week" -> end.minusWeeks(n);
                case "month" -> end.minusMonths(n);
                case "year" -> end.minusYears(n);
                default -> null;
            };
            if (start != null) {
                return new Item.Period(i, i + 3, "last " + n + " " + unit + "s", start, end, null);
            }
        }
        return null;
    }

    /**
     * A period bounded by ISO dates, as a bound date parameter reads: "since / from 2024-03-01" (inclusive),
     * "after 2024-03-01" (the day after on), "before 2024-03-01" (exclusive), "until / through 2024-03-01"
     * (inclusive), "on 2024-03-01", "between 2024-01-01 and 2024-03-31" (both inclusive).
     */
    private static Item.Period datePeriod(List<Token> tokens, int i, String w) {
        LocalDate d = date(tokens, i + 1);
        if (d == null) {
            return null;
        }
        String text = w + " " + d;
        return switch (w) {
            case "since", "from" -> new Item.Period(i, i + 2, text, d, null, null);
            case "after" -> new Item.Period(i, i + 2, text, d.plusDays(1), null, null);
            case "before" -> new Item.Period(i, i + 2, text, null, d, null);
            case "until", "through" -> new Item.Period(i, i + 2, text, null, d.plusDays(1), null);
            case "on" -> new Item.Period(i, i + 2, text, d, d.plusDays(1), null);
            case "between" -> {
                LocalDate to = matches(tokens, i + 2, List.of("and")) ? date(tokens, i + 3) : null;
                if (to == null) {
                    yield null;
                }
                LocalDate lo = d.isBefore(to) ? d : to;
                LocalDate hi = d.isBefore(to) ? to : d;
                yield new Item.Period(i, i + 4, "between " + lo + " and " + hi, lo, hi.plusDays(1), null);
            }
            default -> null;
        };
    }

    private static LocalDate date(List<Token> tokens, int i) {
        if (i >= tokens.size() || tokens.get(i).quoted() || !QuestionLexer.isIsoDate(tokens.get(i).lower(), 0)) {
            return null;
        }
        try {
            return LocalDate.parse(tokens.get(i).lower());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static Integer year(List<Token> tokens, int i) {
        if (i >= tokens.size() || tokens.get(i).quoted() || !tokens.get(i).lower().matches("(19|20)\\d\\d")) {
            return null;
        }
        return Integer.parseInt(tokens.get(i).lower());
    }

    private static Month month(Token t) {
        return t.quoted() ? null : MONTHS.get(t.lower().toLowerCase(Locale.ROOT));
    }
}
