package org.nljdbc.translator.internal.symbolic;

import java.util.List;
import org.nljdbc.translator.internal.symbolic.Composer.CannotCompose;
import org.nljdbc.translator.internal.symbolic.QueryModel.Column;

/**
 * Reads "by", "for each", "per": a grouping by the column or the table after it, or by what was listed before it;
 * a ranking after "top N" ({@link RankingReader#rankBy}); a relationship after a verb ("owned by"); nothing at all
 * where there is nothing to aggregate ("the name of each singer").
 */
final class GroupingReader {
    private final Draft d;
    private final RankingReader ranking;

    GroupingReader(Draft draft, RankingReader ranking) {
        this.d = draft;
        this.ranking = ranking;
    }

    /** @param hasAggregate whether the question aggregates anything (or names a measure that adds up) */
    void groupBy(int k, Item.GroupBy g, boolean hasAggregate) throws CannotCompose {
        if (g.text().equals("by") && k > 0 && d.items.get(k - 1) instanceof Item.Relation) {
            d.use(k, g.text()); // "owned by students": a relationship, not a grouping
            return;
        }
        if (ranking.rankBy(k, g)) {
            return;
        }
        if (!hasAggregate) {
            if (g.text().contains("each") || g.text().contains("every") || g.text().equals("for all")) {
                d.use(k, g.text()); // "the name of each singer": nothing to group
                return;
            }
            throw new CannotCompose("\"" + g.text() + "\" with nothing to aggregate", List.of(g.text()));
        }
        if (k + 1 < d.items.size() && d.columnAt.containsKey(k + 1) && d.isColumn(k + 1)) {
            d.groupKeys.put(d.items.get(k + 1).from(), new Column(d.columnAt.get(k + 1)));
            d.use(k, g.text());
            d.use(k + 1, d.items.get(k + 1).text());
            return;
        }
        if (k + 1 < d.items.size() && d.tableAt.containsKey(k + 1)) {
            d.groupTables.put(d.items.get(k + 1).from(), d.tableAt.get(k + 1));
            d.use(k, g.text());
            d.use(k + 1, d.items.get(k + 1).text());
            d.doubt(Doubt.GROUP_BY_TABLE, d.items.get(k + 1).text());
            return;
        }
        if (k + 1 == d.items.size() || d.items.get(k + 1) instanceof Item.Aggregate) {
            // "template type codes and the number of templates for each": by what was listed
            d.groupedByListing = true;
            d.use(k, g.text());
            d.doubt(Doubt.FOR_EACH_LISTED, g.text());
            return;
        }
        throw new CannotCompose("cannot tell what to group by", List.of(g.text()));
    }
}
