package org.nljdbc.translator.internal.conversation;

import static org.nljdbc.translator.internal.conversation.QueryRefiner.isAggregate;
import static org.nljdbc.translator.internal.conversation.Refinement.isKey;
import static org.nljdbc.translator.internal.conversation.Refinement.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.SelectItem;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/** A grouping dimension added, or replacing the previous one ("by region instead"), joined along foreign keys. */
final class GroupEdit extends FollowUpEdit {
    private static final Pattern GROUP = Pattern.compile("\\b(?:by|per|for\\s+each|split\\s+by|broken\\s+down\\s+by|"
            + "break\\s+down\\s+by|grouped\\s+by|group\\s+by)\\s+([a-z_]+(?:\\s+[a-z_]+)?)");

    GroupEdit(Refinement r) {
        super(r);
    }

    @Override
    void apply() throws UnclearEditException {
        Matcher m = r.find(GROUP);
        if (m == null) {
            return;
        }
        String phrase = m.group(1).replaceFirst("^the\\s+", "");
        String first = phrase.split(" ")[0];
        if (Set.of("month", "year", "quarter", "week", "day", "date").contains(Names.singular(first))) {
            throw new UnclearEditException("grouping by a period (" + first + ") needs the model");
        }
        boolean aggregated = ps.getGroupBy() != null
                || ps.getSelectItems().stream().anyMatch(i -> isAggregate(i.getExpression()));
        if (!aggregated) {
            throw new UnclearEditException("the previous query has no measure to break down by " + phrase);
        }
        // Two words that are not one column ("region instead") fall back to the first word.
        ColumnRef dim = dimension(phrase);
        int end = m.end();
        if (dim == null && phrase.contains(" ")) {
            dim = dimension(first);
            end = m.start(1) + first.length();
        }
        if (dim == null) {
            throw new UnclearEditException("no column or table \"" + phrase + "\" to group by");
        }
        Expression expr = dim.node();
        String alias = Names.singular(first).replaceAll("[^a-z0-9_]", "");
        if (r.instead) {
            List<Expression> old = ps.getGroupBy() == null ? List.of()
                    : new ArrayList<>(ps.getGroupBy().getGroupByExpressionList());
            ps.getSelectItems().removeIf(i -> !isAggregate(i.getExpression())
                    && old.stream().anyMatch(o -> o.toString().equalsIgnoreCase(i.getExpression().toString())));
            GroupByElement g = new GroupByElement();
            g.addGroupByExpression(expr);
            ps.setGroupByElement(g);
            ps.getSelectItems().add(0, SelectItem.from(expr, new Alias(alias, true)));
            if (ps.getOrderByElements() != null) {
                ps.getOrderByElements().removeIf(o -> old.stream().anyMatch(x -> x.toString()
                        .equalsIgnoreCase(o.getExpression().toString())));
            }
            r.edits.add("group: " + dim.sql() + " instead of " + old);
        } else {
            if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList().stream()
                    .anyMatch(e -> e.toString().equalsIgnoreCase(expr.toString()))) {
                throw new UnclearEditException("the previous query already groups by " + dim.sql());
            }
            int at = 0;
            while (at < ps.getSelectItems().size() && !isAggregate(ps.getSelectItems().get(at).getExpression())) {
                at++;
            }
            ps.getSelectItems().add(at, SelectItem.from(expr, new Alias(alias, true)));
            if (ps.getGroupBy() == null) {
                ps.setGroupByElement(new GroupByElement());
            }
            ps.getGroupBy().addGroupByExpression(expr);
            r.edits.add("group: " + dim.sql());
        }
        r.consume(m.start(), end);
    }

    /** A dimension: a column of a read or joinable table, or a joinable table's label column. */
    private ColumnRef dimension(String phrase) throws UnclearEditException {
        Optional<ColumnRef> c = r.columnInQuery(phrase);
        if (c.isPresent()) {
            return c.get();
        }
        for (TableInfo t : r.catalog.tables()) {
            if (Names.sameNoun(phrase.replace(' ', '_'), t.name())) {
                ColumnInfo label = label(t);
                if (label != null) {
                    return r.join(t, label);
                }
            }
        }
        for (TableInfo t : r.catalog.tables()) {
            for (ColumnInfo col : t.columns()) {
                if (Names.sameNoun(phrase.replace(' ', '_'), col.name()) && !isKey(t, col)) {
                    return r.join(t, col);
                }
            }
        }
        return null;
    }
}
