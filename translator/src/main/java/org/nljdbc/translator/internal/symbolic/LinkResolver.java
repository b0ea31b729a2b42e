package org.nljdbc.translator.internal.symbolic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.JoinGraph;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.symbolic.Composer.CannotCompose;
import org.nljdbc.translator.internal.symbolic.QueryModel.ColumnRef;

/**
 * Links each schema item of a question to one table, column or value: tables first, then columns (near a named
 * table, or in the tables of the question's unambiguous columns), then values (of the column named just before).
 * Each choice the question did not make explicit is a {@link Doubt}.
 */
final class LinkResolver {
    private final Draft d;

    LinkResolver(Draft draft) {
        this.d = draft;
    }

    void resolve() throws CannotCompose {
        for (int k = 0; k < d.items.size(); k++) {
            if (d.items.get(k) instanceof Item.Schema s && s.kind() == SchemaLexicon.Link.Kind.TABLE) {
                List<SchemaLexicon.Link> best = best(s.links());
                if (best.size() > 1) {
                    throw new CannotCompose("\"" + s.text() + "\" could mean several tables", List.of(s.text()));
                }
                d.tableAt.put(k, best.get(0).table());
                d.mentioned.add(best.get(0).table());
                d.linked(best.get(0));
            }
        }
        // columns that can only be one column put their table in context for the others ("age for each pet type")
        for (Item it : d.items) {
            if (it instanceof Item.Schema s && s.kind() == SchemaLexicon.Link.Kind.COLUMN
                    && s.links().stream().map(SchemaLexicon.Link::table).distinct().count() == 1) {
                d.columnContext.add(s.links().get(0).table());
            }
        }
        for (SchemaLexicon.Link.Kind kind : List.of(SchemaLexicon.Link.Kind.COLUMN, SchemaLexicon.Link.Kind.VALUE)) {
            for (int k = 0; k < d.items.size(); k++) {
                if (d.items.get(k) instanceof Item.Schema s && s.kind() == kind) {
                    ColumnRef ref = choose(k, s);
                    if (s.kind() == SchemaLexicon.Link.Kind.COLUMN && s.links().stream()
                            .allMatch(l -> l.quality() < SchemaLexicon.DIRECT_QUALITY)) {
                        d.measureWords.add(s.from()); // "revenue", "sales": words for a total, not for a column
                    }
                    d.columnAt.put(k, ref);
                    if (s.kind() == SchemaLexicon.Link.Kind.VALUE) {
                        d.mentioned.add(ref.table());
                    }
                }
            }
        }
    }

    private ColumnRef choose(int k, Item.Schema s) throws CannotCompose {
        Set<TableInfo> mentioned = d.mentioned;
        if (s.kind() == SchemaLexicon.Link.Kind.COLUMN && s.links().size() > 1) {
            List<SchemaLexicon.Link> near = best(adjacentTable(k, s.links()));
            if (near.size() == 1) {
                d.linked(near.get(0));
                return new ColumnRef(near.get(0).table(), near.get(0).column());
            }
        }
        if (s.kind() == SchemaLexicon.Link.Kind.COLUMN && mentioned.isEmpty() && !d.columnContext.isEmpty()) {
            List<SchemaLexicon.Link> sameTable = s.links().stream().filter(l -> d.columnContext.contains(l.table()))
                    .toList();
            if (sameTable.stream().map(SchemaLexicon.Link::table).distinct().count() == 1
                    && s.links().stream().map(SchemaLexicon.Link::table).distinct().count() > 1) {
                SchemaLexicon.Link l = best(sameTable).get(0);
                d.doubtOfLink(Doubt.COLUMN_OF_CONTEXT_TABLE, l.quality(), s.text());
                return new ColumnRef(l.table(), l.column());
            }
        }
        List<SchemaLexicon.Link> candidates = best(s.links());
        TableInfo nextTo = adjacentTableOf(k);
        if (s.kind() == SchemaLexicon.Link.Kind.COLUMN && nextTo != null && adjacentTable(k, s.links()).isEmpty()) {
            // "descriptions for templates", and templates has no description: some other table's is a guess;
            // a synonym ("revenue from customers") names a measure that lives elsewhere, a milder guess; and the
            // one table the named one refers to is where its attributes live ("names of poker players", people)
            boolean attribute = candidates.size() == 1 && attributeOf(nextTo, candidates.get(0).table());
            d.doubt(attribute ? Doubt.LOOKUP_OF_ADJACENT_TABLE : best(s.links()).get(0).quality() < 0.9
                    ? Doubt.SYNONYM_NOT_OF_ADJACENT_TABLE : Doubt.NOT_OF_ADJACENT_TABLE, s.text());
        }
        if (candidates.size() > 1 && s.kind() == SchemaLexicon.Link.Kind.VALUE) {
            // a column named just before the value decides ("with status delivered")
            ColumnRef previous = null;
            for (int j = k - 1; j >= Math.max(0, k - 2) && previous == null; j--) {
                ColumnRef named = d.columnAt.get(j); // columns are resolved before values
                if (named != null && d.isColumn(j)
                        && candidates.stream().anyMatch(c -> c.column() == named.column())) {
                    previous = named;
                }
            }
            if (previous != null) {
                return previous;
            }
        }
        long mentionedTablesWithIt = s.links().stream().filter(l -> mentioned.contains(l.table()))
                .map(SchemaLexicon.Link::table).distinct().count();
        if (s.kind() == SchemaLexicon.Link.Kind.COLUMN && mentionedTablesWithIt > 1) {
            // "names ... singers ... concert": several named tables have such a column
            d.doubt(Doubt.COLUMN_OF_SEVERAL_TABLES, s.text());
        }
        if (candidates.size() > 1) {
            List<SchemaLexicon.Link> inContext = candidates.stream().filter(l -> mentioned.contains(l.table()))
                    .toList();
            if (inContext.size() == 1) {
                candidates = inContext;
            } else if (inContext.size() > 1) {
                List<SchemaLexicon.Link> near = adjacentTable(k, inContext);
                if (near.size() == 1) {
                    candidates = near;
                } else {
                    candidates = nearestTable(k, inContext);
                    d.doubt(Doubt.COLUMNS_OF_SEVERAL_TABLES, s.text());
                }
            } else {
                List<SchemaLexicon.Link> adjacent = candidates.stream().filter(l -> mentioned.stream()
                        .anyMatch(t -> d.index.adjacent(t, l.table())))
                        .toList();
                if (adjacent.size() == 1) {
                    candidates = adjacent;
                    d.doubt(Doubt.TABLE_NOT_NAMED, s.text());
                }
            }
        }
        if (candidates.size() != 1) {
            throw new CannotCompose("\"" + s.text() + "\" matches " + candidates.size()
                    + " columns and the question does not say which", List.of(s.text()));
        }
        SchemaLexicon.Link l = candidates.get(0);
        d.linked(l);
        Set<TableInfo> subjects = new LinkedHashSet<>();
        d.tableAt.forEach((j, t) -> {
            if (j == 0 || !(d.items.get(j - 1) instanceof Item.GroupBy)) {
                subjects.add(t); // "by region" names a dimension, not what the column belongs to
            }
        });
        if (!subjects.isEmpty() && !subjects.contains(l.table()) && s.kind() == SchemaLexicon.Link.Kind.COLUMN) {
            // tables are named, and this column belongs to none of them: plausible when it is one join away
            // ("revenue from customers"), a guess otherwise
            boolean near = subjects.stream().anyMatch(t -> d.index.adjacent(t, l.table()));
            boolean attribute = subjects.stream().anyMatch(t -> attributeOf(t, l.table()));
            if (near && rankedBy(k)) {
                return new ColumnRef(l.table(), l.column()); // "top 5 customers by revenue": RANKED_BY_RELATED_ROWS
            }
            d.doubt(attribute ? Doubt.LOOKUP_OF_NAMED_TABLE : near ? Doubt.NEXT_TO_NAMED_TABLE
                    : Doubt.OUTSIDE_NAMED_TABLES, s.text());
        }
        return new ColumnRef(l.table(), l.column());
    }

    /** The one column of the tables in scope that {@code words} name ("oldest": age), or "date" any date. */
    ColumnRef impliedColumn(List<String> words, String said) throws CannotCompose {
        List<ColumnRef> found = new ArrayList<>();
        Set<TableInfo> scope = d.scope();
        for (String w : words) {
            if (w.equals("date")) {
                for (TableInfo t : scope) {
                    t.columns().stream().filter(SchemaLexicon::isTemporal).forEach(c -> found.add(new ColumnRef(t, c)));
                }
                continue;
            }
            for (SchemaLexicon.Link l : d.index.schemaLinks(List.of(Words.stem(w)))) {
                if (l.kind() == SchemaLexicon.Link.Kind.COLUMN && scope.contains(l.table())) {
                    found.add(new ColumnRef(l.table(), l.column()));
                }
            }
        }
        if (found.size() != 1) {
            throw new CannotCompose("cannot tell which column \"" + said + "\" is about", List.of(said));
        }
        d.doubt(Doubt.IMPLIED_COLUMN, said);
        return found.get(0);
    }

    /**
     * Of several candidate columns, those of the table named right after the column (over other columns: "the name
     * and theme of concerts") or right before it ("singer name").
     */
    private List<SchemaLexicon.Link> adjacentTable(int k, List<SchemaLexicon.Link> candidates) {
        TableInfo t = adjacentTableOf(k);
        return t == null ? List.of() : candidates.stream().filter(l -> l.table() == t).toList();
    }

    private TableInfo adjacentTableOf(int k) {
        for (int j = k + 1; j < d.items.size(); j++) {
            TableInfo t = d.tableAt.get(j);
            if (t != null) {
                return t;
            }
            if (!(d.items.get(j) instanceof Item.Schema s) || s.kind() != SchemaLexicon.Link.Kind.COLUMN) {
                break;
            }
        }
        return d.tableAt.get(k - 1);
    }

    /** Of several candidate columns, the one whose table is mentioned nearest to the column. */
    private List<SchemaLexicon.Link> nearestTable(int k, List<SchemaLexicon.Link> candidates) {
        for (int dist = 1; dist < d.items.size(); dist++) {
            for (int j : new int[] {k + dist, k - dist}) {
                TableInfo t = d.tableAt.get(j);
                if (t != null) {
                    List<SchemaLexicon.Link> near = candidates.stream().filter(l -> l.table() == t).toList();
                    if (!near.isEmpty()) {
                        return near;
                    }
                }
            }
        }
        return candidates;
    }

    /** Whether the item at {@code k} follows "top N ... by": what ranks the entities named before it. */
    private boolean rankedBy(int k) {
        return k > 0 && d.items.get(k - 1) instanceof Item.GroupBy g && g.text().equals("by")
                && d.items.subList(0, k).stream().anyMatch(it -> it instanceof Item.Top);
    }

    /** Whether {@code owner} refers to {@code table} by one foreign key: its rows' attributes live there. */
    private boolean attributeOf(TableInfo owner, TableInfo table) {
        return d.index.path(owner, table) instanceof JoinGraph.Unique u && u.steps().size() == 1
                && u.steps().get(0).forward();
    }

    private static List<SchemaLexicon.Link> best(List<SchemaLexicon.Link> links) {
        double q = links.stream().mapToDouble(SchemaLexicon.Link::quality).max().orElse(0);
        return links.stream().filter(l -> l.quality() >= q - 1e-9).toList();
    }
}
