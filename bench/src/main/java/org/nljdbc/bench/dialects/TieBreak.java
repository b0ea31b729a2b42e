package org.nljdbc.bench.dialects;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * The same ordered query with every selected column appended to its ORDER BY ({@code ORDER BY count(*) DESC, 1, 2}),
 * so that rows tied on the original sort keys come out in one order on every engine. When two engines disagree on
 * an ordered query but agree on its tie-broken form, they differed only in how they broke ties: both answers are
 * valid for the query as written (typically {@code ORDER BY count(*) DESC LIMIT 1} with several top groups).
 */
final class TieBreak {
    private TieBreak() {
    }

    static Optional<String> of(String sql) {
        try {
            if (!(CCJSqlParserUtil.parse(sql) instanceof Select select)) {
                return Optional.empty();
            }
            List<OrderByElement> order = select.getOrderByElements();
            List<SelectItem<?>> items;
            if (select instanceof PlainSelect ps) {
                items = ps.getSelectItems();
            } else if (select instanceof SetOperationList set && set.getSelects().get(0) instanceof PlainSelect first) {
                items = first.getSelectItems();
            } else {
                return Optional.empty();
            }
            if (order == null || order.isEmpty() || items.stream().anyMatch(i -> i.getExpression() instanceof AllColumns)) {
                return Optional.empty();
            }
            List<OrderByElement> broken = new ArrayList<>(order);
            for (int i = 1; i <= items.size(); i++) {
                OrderByElement e = new OrderByElement();
                e.setExpression(new LongValue(i));
                broken.add(e);
            }
            select.setOrderByElements(broken);
            return Optional.of(select.toString());
        } catch (JSQLParserException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
