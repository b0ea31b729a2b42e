package org.nljdbc.translator.internal.conversation;

import static org.nljdbc.translator.internal.conversation.QueryRefiner.upper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.SelectItem;

/** Swaps the measure: "the average instead", "instead of the count, the total". */
final class MeasureEdit extends FollowUpEdit {
    static final String MEASURE_WORDS = "count|number|sum|total|average|avg|mean|maximum|max|minimum|min";
    private static final Pattern MEASURE_INSTEAD = Pattern.compile("\\b(?:the\\s+|an?\\s+)?(" + MEASURE_WORDS
            + ")(?:\\s+(?:of\\s+)?[a-z_]+)?\\s+instead(?:\\s+of\\s+(?:the\\s+)?(" + MEASURE_WORDS + "))?\\b");
    private static final Pattern INSTEAD_OF_MEASURE = Pattern.compile("\\binstead\\s+of\\s+(?:the\\s+)?("
            + MEASURE_WORDS + ")\\s*,?\\s*(?:use|show|give|take)?\\s*(?:the\\s+|an?\\s+)?(" + MEASURE_WORDS + ")\\b");

    MeasureEdit(Refinement r) {
        super(r);
    }

    @Override
    void apply() throws UnclearEditException {
        Matcher m = r.find(INSTEAD_OF_MEASURE);
        String target;
        String source;
        if (m != null) {
            source = m.group(1);
            target = m.group(2);
        } else {
            m = r.find(MEASURE_INSTEAD);
            if (m == null) {
                return;
            }
            target = m.group(1);
            source = m.group(2);
        }
        String to = function(target);
        if (source != null && function(source).equals(to)) {
            throw new UnclearEditException("\"" + target + " instead of " + source + "\" changes nothing");
        }
        List<SelectItem<?>> candidates = new ArrayList<>();
        for (SelectItem<?> item : ps.getSelectItems()) {
            if (item.getExpression() instanceof Function f && QueryRefiner.AGGREGATES.contains(upper(f.getName()))
                    && (source == null || upper(f.getName()).equals(function(source)))) {
                candidates.add(item);
            }
        }
        if (candidates.size() != 1) {
            throw new UnclearEditException(candidates.isEmpty() ? "the previous query has no " + (source == null
                    ? "measure" : source) + " to replace" : "the previous query has several measures");
        }
        SelectItem<?> item = candidates.get(0);
        Function f = (Function) item.getExpression();
        String before = f.toString();
        String column = argumentName(f);
        Expression replaced = f;
        if (to.equals("COUNT")) {
            replaced = new Function("COUNT", new AllColumns());
            @SuppressWarnings("unchecked")
            SelectItem<Expression> typed = (SelectItem<Expression>) item;
            typed.setExpression(replaced);
        } else {
            if (f.isAllColumns()) {
                throw new UnclearEditException("a " + target + " needs a column, and the previous query counts rows");
            }
            f.setName(to);
        }
        String oldAlias = item.getAlias() == null ? null : item.getAlias().getName();
        String newAlias = to.toLowerCase(Locale.ROOT) + "_" + (column == null ? "all" : column);
        item.setAlias(new Alias(newAlias, true));
        replaceMeasureReferences(before, oldAlias, item);
        r.consume(m.start(), m.end());
        r.edits.add("measure: " + before + " -> " + replaced);
    }

    private static String argumentName(Function f) {
        if (f.getParameters() != null && f.getParameters().size() == 1
                && f.getParameters().get(0) instanceof Column c) {
            return c.getColumnName().replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private void replaceMeasureReferences(String before, String oldAlias, SelectItem<?> item) {
        if (ps.getOrderByElements() != null) {
            for (OrderByElement o : ps.getOrderByElements()) {
                String e = o.getExpression().toString();
                if (e.equalsIgnoreCase(before) || (oldAlias != null && e.equalsIgnoreCase(oldAlias))) {
                    o.setExpression(new Column(item.getAlias().getName()));
                }
            }
        }
    }

    private static String function(String word) {
        return switch (word) {
            case "count", "number" -> "COUNT";
            case "sum", "total" -> "SUM";
            case "average", "avg", "mean" -> "AVG";
            case "maximum", "max" -> "MAX";
            default -> "MIN";
        };
    }
}
