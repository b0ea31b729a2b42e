package org.nljdbc.translator.internal.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.symbolic.Composer.CannotCompose;
import org.nljdbc.translator.internal.symbolic.QueryModel.Column;
import org.nljdbc.translator.internal.symbolic.QueryModel.ColumnRef;
import org.nljdbc.translator.internal.symbolic.QueryModel.Condition;
import org.nljdbc.translator.internal.symbolic.QueryModel.ValueKind;

/**
 * Reads the conditions on rows: values of columns ("in Brazil", "status delivered", "named 'Joe'"), their negation
 * and alternatives ("not 'France'", "Brazil or Chile"), and comparisons with numbers ("older than 30", "above age
 * 20", "between 5 and 10", "with more than 5 orders").
 */
final class FilterReader {
    private static final Set<String> NEGATING = Set.of("not", "isn't", "aren't", "wasn't", "weren't");

    private final Draft d;
    private final LinkResolver links;
    /** Positions of "or" between two values, checked once the values are linked to their columns. */
    private final List<Integer> alternatives = new ArrayList<>();

    FilterReader(Draft draft, LinkResolver links) {
        this.d = draft;
        this.links = links;
    }

    /**
     * "or" between two values, and "not" before a value, read before the values are linked; returns false for
     * any other word the translator does not support.
     */
    boolean connective(int k, Item.Unsupported u) {
        if (u.text().equals("or") && k > 0 && k + 1 < d.items.size() && isValue(d.items.get(k - 1))
                && isValue(d.items.get(k + 1))) {
            alternatives.add(k); // "in Brazil or Chile", if both are values of one column (checked below)
            d.use(k, u.text());
            return true;
        }
        if (u.reason().equals("negation") && NEGATING.contains(u.text()) && k + 1 < d.items.size()
                && (isValue(d.items.get(k + 1)) || d.items.get(k + 1) instanceof Item.Literal l && l.quoted())) {
            // "whose citizenship is not 'France'": a value filter turned around, nothing more
            d.negated.add(k + 1);
            d.use(k, u.text());
            d.doubt(Doubt.NEGATED_VALUE, u.text());
            return true;
        }
        return false;
    }

    /** Each "or" joins two values of one column, neither negated. */
    void checkAlternatives() throws CannotCompose {
        for (int k : alternatives) {
            ColumnRef before = d.columnAt.get(k - 1);
            if (before == null || !before.equals(d.columnAt.get(k + 1)) || d.negated.contains(k - 1)
                    || d.negated.contains(k + 1)) {
                throw new CannotCompose("a combination of conditions or of result sets", List.of("or"));
            }
            d.orColumns.add(new Column(before));
        }
    }

    private static boolean isValue(Item it) {
        return it instanceof Item.Schema s && s.kind() == SchemaLexicon.Link.Kind.VALUE;
    }

    /** A sampled value of a column: an equality (or, negated, an inequality) on it. */
    void value(int k, Item.Schema s) {
        ColumnRef col = d.columnAt.get(k);
        d.where.add(new Condition(new Column(col), d.negated.contains(k) ? "<>" : "=", s.links().stream()
                .filter(l -> l.column() == col.column())
                .findFirst().orElseThrow().value(), ValueKind.STRING));
        // a column named just before its value is part of the filter ("with status delivered")
        for (int j = k - 1; j >= Math.max(0, k - 2); j--) {
            if (!d.used(j) && col.equals(d.columnAt.get(j))) {
                d.use(j, d.items.get(j).text());
            }
        }
        d.use(k, "'" + s.text() + "'");
    }

    private ColumnRef previousNumericColumn(int k) {
        if (k > 0 && d.columnAt.containsKey(k - 1) && !d.used(k - 1) && d.isColumn(k - 1)) {
            ColumnRef c = d.columnAt.get(k - 1);
            if (SchemaLexicon.isNumeric(c.column())) {
                d.use(k - 1, d.items.get(k - 1).text());
                return c;
            }
        }
        return null;
    }

    void comparison(int k, Item.Comparison c) throws CannotCompose {
        if (k + 1 < d.items.size() && d.items.get(k + 1) instanceof Item.Aggregate) {
            throw new CannotCompose("a comparison with an aggregate of other rows (a nested query)",
                    List.of(c.text(), d.items.get(k + 1).text()));
        }
        if (k + 2 < d.items.size() && d.isColumn(k + 1) && SchemaLexicon.isNumeric(d.columnAt.get(k + 1).column())
                && d.items.get(k + 2) instanceof Item.Number number) {
            // "singers above age 20"
            d.where.add(new Condition(new Column(d.columnAt.get(k + 1)), c.operator(), number.text(),
                    ValueKind.NUMBER));
            d.use(k, c.text());
            d.use(k + 1, d.items.get(k + 1).text());
            d.use(k + 2, number.text());
            return;
        }
        if (k + 1 >= d.items.size() || !(d.items.get(k + 1) instanceof Item.Number n)) {
            throw new CannotCompose("\"" + c.text() + "\" is not followed by a number", List.of(c.text()));
        }
        boolean tableAfter = k + 2 < d.items.size() && d.tableAt.containsKey(k + 2) && !d.used(k + 2);
        ColumnRef col = tableAfter ? null : previousNumericColumn(k);
        if (col == null && k + 2 < d.items.size() && d.columnAt.containsKey(k + 2) && !d.used(k + 2)
                && d.isColumn(k + 2) && SchemaLexicon.isNumeric(d.columnAt.get(k + 2).column())) {
            col = d.columnAt.get(k + 2);
            d.use(k + 2, d.items.get(k + 2).text());
        }
        if (col == null && k + 2 < d.items.size() && d.tableAt.containsKey(k + 2) && !d.used(k + 2)) {
            // "customers with more than 5 orders": a condition on how many related rows each has
            d.counted = d.tableAt.get(k + 2);
            d.orderByCount = true;
            d.having.add(new Condition(new QueryModel.Aggregate("COUNT", null, false), c.operator(), n.text(),
                    ValueKind.NUMBER));
            d.use(k, c.text());
            d.use(k + 1, n.text());
            d.use(k + 2, d.items.get(k + 2).text());
            d.doubt(Doubt.COUNT_OF_RELATED_ROWS, c.text());
            return;
        }
        if (col == null) {
            throw new CannotCompose("cannot tell which column \"" + c.text() + " " + n.text() + "\" is about",
                    List.of(c.text()));
        }
        d.where.add(new Condition(new Column(col), c.operator(), n.text(), ValueKind.NUMBER));
        d.use(k, c.text());
        d.use(k + 1, n.text());
    }

    void impliedComparison(int k, Item.ImpliedComparison c) throws CannotCompose {
        if (k + 1 >= d.items.size() || !(d.items.get(k + 1) instanceof Item.Number n)) {
            throw new CannotCompose("\"" + c.text() + "\" is not followed by a number", List.of(c.text()));
        }
        ColumnRef col = links.impliedColumn(c.columnWords(), c.text());
        if (k > 0 && !d.used(k - 1) && col.equals(d.columnAt.get(k - 1))) {
            d.use(k - 1, d.items.get(k - 1).text()); // "whose weight is heavier than 10"
        }
        d.where.add(new Condition(new Column(col), c.operator(), n.text(), ValueKind.NUMBER));
        d.use(k, c.text());
        d.use(k + 1, n.text());
    }

    void between(int k, Item.Between b) throws CannotCompose {
        if (k + 2 >= d.items.size() || !(d.items.get(k + 1) instanceof Item.Number lo)
                || !(d.items.get(k + 2) instanceof Item.Number hi)) {
            throw new CannotCompose("\"between\" without two numbers", List.of(b.text()));
        }
        ColumnRef col = previousNumericColumn(k);
        if (col == null) {
            throw new CannotCompose("cannot tell which column \"between\" is about", List.of(b.text()));
        }
        d.where.add(new Condition(new Column(col), ">=", lo.text(), ValueKind.NUMBER));
        d.where.add(new Condition(new Column(col), "<=", hi.text(), ValueKind.NUMBER));
        d.use(k, b.text());
        d.use(k + 1, lo.text());
        d.use(k + 2, hi.text());
    }

    /** A quoted or capitalised value: of the name column after "named", or of the text column named before it. */
    void literal(int k, Item.Literal l) throws CannotCompose {
        ColumnRef col = null;
        if (k > 0 && d.items.get(k - 1) instanceof Item.Named && d.used(k - 1)) {
            col = nameColumnNear(k);
        } else if (d.negated.contains(k) && k > 1 && d.columnAt.containsKey(k - 2) && !d.used(k - 2)
                && SchemaLexicon.isText(d.columnAt.get(k - 2).column())) {
            col = d.columnAt.get(k - 2); // "citizenship is not 'France'"
            d.use(k - 2, d.items.get(k - 2).text());
        } else if (k > 0 && d.columnAt.containsKey(k - 1) && !d.used(k - 1)
                && SchemaLexicon.isText(d.columnAt.get(k - 1).column())
                && (l.quoted() || d.items.get(k - 1).to() == l.from())) {
            // "abbreviation 'UAL'", "status Delivered"; but not "names of French singers"
            col = d.columnAt.get(k - 1);
            d.use(k - 1, d.items.get(k - 1).text());
        }
        if (col == null) {
            throw new CannotCompose("cannot tell which column holds \"" + l.text() + "\"", List.of(l.text()));
        }
        d.where.add(new Condition(new Column(col), d.negated.contains(k) ? "<>" : "=", l.text(), ValueKind.STRING));
        d.mentioned.add(col.table());
        d.doubt(l.quoted() ? Doubt.QUOTED_VALUE_COLUMN : Doubt.VALUE_COLUMN, l.text());
        d.use(k, "'" + l.text() + "'");
    }

    private ColumnRef nameColumnNear(int k) throws CannotCompose {
        for (int j = k - 1; j >= 0; j--) {
            TableInfo t = d.tableAt.get(j);
            if (t != null) {
                List<ColumnInfo> names = QueryAssembler.nameColumns(t);
                if (names.size() == 1) {
                    return new ColumnRef(t, names.get(0));
                }
                break;
            }
        }
        throw new CannotCompose("cannot tell which name is meant", List.of(d.items.get(k).text()));
    }

    /** "named": understood when a name (a literal) or a value follows. */
    void named(int k, Item.Named n) throws CannotCompose {
        d.use(k, n.text());
        if (k + 1 < d.items.size() && isValue(d.items.get(k + 1))) {
            return;
        }
        if (!(k + 1 < d.items.size() && d.items.get(k + 1) instanceof Item.Literal)) {
            throw new CannotCompose("\"" + n.text() + "\" is not followed by a name", List.of(n.text()));
        }
    }
}
