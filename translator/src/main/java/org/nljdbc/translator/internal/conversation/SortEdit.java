package org.nljdbc.translator.internal.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.SelectItem;

/** Sorting: "sorted by name", "descending", "reversed". */
final class SortEdit extends FollowUpEdit {
    private static final Pattern SORT = Pattern.compile("\\b(?:sorted|sort|order|ordered)\\s+(?:it\\s+|them\\s+)?by\\s+"
            + "((?:the\\s+)?[a-z_]+(?:\\s+(?!desc|asc)[a-z_]+)?)(?:\\s+(desc|descending|asc|ascending))?\\b");
    private static final Pattern DIRECTION = Pattern.compile("\\b(descending|ascending|desc|asc|reversed?)\\b");

    SortEdit(Refinement r) {
        super(r);
    }

    @Override
    void apply() throws UnclearEditException {
        Matcher m = r.find(SORT);
        if (m != null) {
            String phrase = m.group(1).replaceFirst("^the\\s+", "");
            Expression key = selectedOrColumn(phrase);
            if (key == null) {
                throw new UnclearEditException("no column \"" + phrase + "\" to sort by");
            }
            boolean desc = m.group(2) != null && m.group(2).startsWith("desc");
            OrderByElement o = new OrderByElement();
            o.setExpression(key);
            o.setAsc(!desc);
            o.setAscDescPresent(true);
            ps.setOrderByElements(new ArrayList<>(List.of(o)));
            r.consume(m.start(), m.end());
            r.edits.add("order: " + o);
            return;
        }
        m = r.find(DIRECTION);
        if (m != null) {
            List<OrderByElement> order = ps.getOrderByElements();
            if (order == null || order.isEmpty()) {
                Expression measure = r.rankKey();
                if (measure == null) {
                    throw new UnclearEditException("nothing to sort " + m.group(1));
                }
                OrderByElement o = new OrderByElement();
                o.setExpression(measure);
                order = new ArrayList<>(List.of(o));
                ps.setOrderByElements(order);
            }
            String d = m.group(1);
            boolean asc = d.startsWith("rev") ? !order.get(0).isAsc() : d.startsWith("asc");
            order.get(0).setAsc(asc);
            order.get(0).setAscDescPresent(true);
            r.consume(m.start(), m.end());
            r.edits.add("order: " + order.get(0));
        }
    }

    /** A selected item named {@code phrase} (by alias or column), else a column of a table the query reads. */
    private Expression selectedOrColumn(String phrase) {
        for (SelectItem<?> item : ps.getSelectItems()) {
            if (item.getAlias() != null && Names.sameNoun(phrase.replace(' ', '_'), item.getAlias().getName())) {
                return new Column(item.getAlias().getName());
            }
        }
        for (SelectItem<?> item : ps.getSelectItems()) {
            if (item.getExpression() instanceof Column c && Names.sameNoun(phrase.replace(' ', '_'),
                    c.getColumnName())) {
                return c;
            }
        }
        return r.columnInQuery(phrase).map(c -> (Expression) c.node()).orElse(null);
    }
}
