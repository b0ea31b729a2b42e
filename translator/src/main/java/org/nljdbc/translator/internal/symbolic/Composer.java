package org.nljdbc.translator.internal.symbolic;

import java.util.List;

/**
 * Composes the understood items of a question into one query over the linked tables and their foreign-key join
 * tree, or explains why it cannot. The schema items are linked first ({@link LinkResolver}); then each item is read,
 * in question order, by the reader of its element (measures, rankings, groupings, filters, time) into a
 * {@link Draft}, grammar first so that filters, aggregates and orderings take their columns; what is left is
 * projected; the {@link QueryAssembler} makes the query. Each choice the question did not make explicit lowers the
 * confidence ({@link Doubt}).
 */
final class Composer {
    /**
     * A composed query and how sure the composer is of it.
     *
     * @param doubts the guesses that lowered the confidence most, for the user when it is too low
     */
    record Composed(QueryModel.Query query, double confidence, List<String> understood, List<String> doubts) {
    }

    /** Thrown inside composition when the question cannot be composed; carries the words responsible. */
    static final class CannotCompose extends Exception {
        final List<String> words;

        CannotCompose(String reason, List<String> words) {
            super(reason, null, false, false);
            this.words = List.copyOf(words);
        }
    }

    private final Draft draft;
    private final List<Item> items;
    private final LinkResolver links;
    private final AggregateReader aggregates;
    private final RankingReader ranking;
    private final GroupingReader grouping;
    private final FilterReader filters;
    private final TimeReader time;

    Composer(SchemaLexicon index, List<Item> items, boolean startsWithWhich) {
        this.draft = new Draft(index, items, startsWithWhich);
        this.items = items;
        this.links = new LinkResolver(draft);
        this.aggregates = new AggregateReader(draft);
        this.ranking = new RankingReader(draft, links);
        this.grouping = new GroupingReader(draft, ranking);
        this.filters = new FilterReader(draft, links);
        this.time = new TimeReader(draft);
    }

    Composed compose() throws CannotCompose {
        for (int k = 0; k < items.size(); k++) {
            if (items.get(k) instanceof Item.Unsupported u && !filters.connective(k, u)) {
                throw new CannotCompose(u.reason(), List.of(u.text()));
            }
        }
        links.resolve();
        filters.checkAlternatives();
        boolean hasAggregate = items.stream().anyMatch(it -> it instanceof Item.Aggregate
                || it instanceof Item.MostCommon)
                || draft.columnAt.values().stream().anyMatch(c -> AggregateReader.additive(c.column()));
        for (int k = 0; k < items.size(); k++) {
            boolean linkOnly = items.get(k) instanceof Item.Schema s && s.kind() != SchemaLexicon.Link.Kind.VALUE;
            if (!draft.used(k) && !linkOnly) {
                read(k, items.get(k), hasAggregate);
            }
        }
        for (int k = 0; k < items.size(); k++) {
            if (!draft.used(k) && items.get(k) instanceof Item.Schema s) {
                schema(k, s);
            }
        }
        QueryModel.Query query = new QueryAssembler(draft, time).build();
        return new Composed(query, draft.confidence(), draft.understood(), draft.doubts());
    }

    /** The item at {@code k}, given to the reader of its element. */
    private void read(int k, Item it, boolean hasAggregate) throws CannotCompose {
        if (it instanceof Item.Aggregate a) {
            aggregates.aggregate(k, a);
        } else if (it instanceof Item.MostCommon m) {
            aggregates.mostCommon(k, m);
        } else if (it instanceof Item.Superlative s) {
            ranking.superlative(k, s);
        } else if (it instanceof Item.ImpliedSuperlative s) {
            ranking.impliedSuperlative(k, s);
        } else if (it instanceof Item.OrderBy o) {
            ranking.orderBy(k, o);
        } else if (it instanceof Item.Top t) {
            ranking.top(k, t);
        } else if (it instanceof Item.Direction dir) {
            ranking.direction(k, dir);
        } else if (it instanceof Item.Number n) {
            ranking.number(k, n);
        } else if (it instanceof Item.GroupBy g) {
            grouping.groupBy(k, g, hasAggregate);
        } else if (it instanceof Item.Comparison c) {
            filters.comparison(k, c);
        } else if (it instanceof Item.ImpliedComparison c) {
            filters.impliedComparison(k, c);
        } else if (it instanceof Item.Between b) {
            filters.between(k, b);
        } else if (it instanceof Item.Literal l) {
            filters.literal(k, l);
        } else if (it instanceof Item.Named n) {
            filters.named(k, n);
        } else if (it instanceof Item.TimeBucket b) {
            time.bucket(k, b);
        } else if (it instanceof Item.Period p) {
            time.period(k, p);
        } else if (it instanceof Item.Distinct dis) {
            distinct(k, dis);
        } else if (it instanceof Item.Relation r) {
            draft.use(k, r.text());
            if (!r.text().isEmpty()) {
                draft.doubt(Doubt.RELATION_VERB, r.text()); // the empty text marks filler phrases ("in total")
            }
        } else if (it instanceof Item.Schema s) {
            schema(k, s);
        } else {
            throw new CannotCompose("not understood", List.of(it.text()));
        }
    }

    /** A value is a filter; a column is shown; a table is understood (it is joined where its columns are used). */
    private void schema(int k, Item.Schema s) {
        if (s.kind() == SchemaLexicon.Link.Kind.VALUE) {
            filters.value(k, s);
            return;
        }
        if (s.kind() == SchemaLexicon.Link.Kind.COLUMN) {
            draft.select.put(s.from(), new QueryModel.Column(draft.columnAt.get(k)));
        }
        draft.use(k, s.text());
    }

    /** "distinct" before a column: the rows shown once each. */
    private void distinct(int k, Item.Distinct dis) throws CannotCompose {
        if (k + 1 < items.size() && draft.columnAt.containsKey(k + 1)) {
            draft.distinct = true;
            draft.use(k, dis.text());
            return;
        }
        throw new CannotCompose("cannot tell what \"" + dis.text() + "\" refers to", List.of(dis.text()));
    }
}
