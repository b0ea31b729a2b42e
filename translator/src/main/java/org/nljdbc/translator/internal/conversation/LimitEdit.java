package org.nljdbc.translator.internal.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;

/** Top or bottom N ("top 5": ordered by the measure, limited) and plain limits ("only 10"). */
final class LimitEdit extends FollowUpEdit {
    private static final Pattern TOP_N = Pattern.compile(
            "\\b(top|bottom|highest|lowest|best|worst|largest|smallest|biggest)\\s+(\\d{1,6})\\b");
    private static final Pattern LIMIT_N = Pattern.compile(
            "\\b(?:limit(?:\\s+to)?|first|only|just)\\s+(\\d{1,6})(?:\\s+(?:rows|results|lines|ones))?\\b");

    LimitEdit(Refinement r) {
        super(r);
    }

    @Override
    void apply() throws UnclearEditException {
        Matcher m = r.find(TOP_N);
        if (m != null) {
            boolean desc = Set.of("top", "highest", "best", "largest", "biggest").contains(m.group(1));
            long n = Long.parseLong(m.group(2));
            Expression measure = r.rankKey();
            if (measure == null) {
                throw new UnclearEditException("\"" + m.group(1) + "\" needs a measure to rank by");
            }
            OrderByElement o = new OrderByElement();
            o.setExpression(measure);
            o.setAsc(!desc);
            o.setAscDescPresent(true);
            ps.setOrderByElements(new ArrayList<>(List.of(o)));
            setLimit(n);
            r.consume(m.start(), m.end());
            r.edits.add("order: " + o);
            r.edits.add("limit: " + n);
            return;
        }
        m = r.find(LIMIT_N);
        if (m != null) {
            long n = Long.parseLong(m.group(1));
            if (PeriodEdit.YEAR.matcher(m.group(1)).matches()) {
                return; // "only 2023" is a period, not a limit
            }
            setLimit(n);
            r.consume(m.start(), m.end());
            r.edits.add("limit: " + n);
        }
    }

    private void setLimit(long n) {
        if (ps.getFetch() != null) {
            ps.getFetch().setExpression(new LongValue(n));
        } else if (ps.getTop() != null) {
            ps.getTop().setExpression(new LongValue(n));
        } else {
            Limit limit = new Limit();
            limit.setRowCount(new LongValue(n));
            ps.setLimit(limit);
        }
    }
}
