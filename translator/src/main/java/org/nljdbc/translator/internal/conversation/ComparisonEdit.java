package org.nljdbc.translator.internal.conversation;

import static org.nljdbc.translator.internal.conversation.Conditions.compare;
import static org.nljdbc.translator.internal.conversation.Conditions.numberNode;
import static org.nljdbc.translator.internal.conversation.QueryRefiner.isAggregate;
import static org.nljdbc.translator.internal.conversation.QueryRefiner.isTemporal;
import static org.nljdbc.translator.internal.conversation.QueryRefiner.isText;
import static org.nljdbc.translator.internal.conversation.Refinement.FILLER;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.select.SelectItem;

/** A comparison with a number, on a column (WHERE) or on the measure (HAVING): "over 100". */
final class ComparisonEdit extends FollowUpEdit {
    private static final Pattern COMPARISON = Pattern.compile("(?:\\b([a-z_]+(?:\\s+[a-z_]+)?)\\s+)?"
            + "\\b(over|above|more\\s+than|greater\\s+than|at\\s+least|under|below|less\\s+than|fewer\\s+than|"
            + "at\\s+most)\\s+\\$?(\\d+(?:\\.\\d+)?)\\b");

    ComparisonEdit(Refinement r) {
        super(r);
    }

    @Override
    void apply() throws UnclearEditException {
        Matcher m = r.find(COMPARISON);
        if (m == null) {
            return;
        }
        String op = switch (m.group(2).replaceAll("\\s+", " ")) {
            case "over", "above", "more than", "greater than" -> ">";
            case "at least" -> ">=";
            case "at most" -> "<=";
            default -> "<";
        };
        String number = m.group(3);
        Expression bound = numberNode(number);
        String phrase = m.group(1) == null ? null : m.group(1).replaceFirst("^(?:the|with|a|an|of|only|just|now)\\s+", "");
        if (phrase != null && FILLER.contains(phrase)) {
            phrase = null;
        }
        Optional<ColumnRef> column = phrase == null ? Optional.empty() : r.columnInQuery(phrase)
                .filter(c -> !isText(c.column()) && !isTemporal(c.column()));
        if (column.isPresent()) {
            Expression cond = compare(column.get().node(), op, bound);
            ps.setWhere(r.replaceOrAdd(ps.getWhere(), cond, column.get()));
            r.edits.add("filter: " + cond);
        } else {
            Expression measure = aggregateNamed(phrase);
            if (measure == null) {
                throw new UnclearEditException("no column or measure \"" + (phrase == null ? "" : phrase)
                        + "\" to compare with " + number);
            }
            // The previous query's own measure node, never the question's text; no later edit changes the select
            // list's aggregates, so HAVING may share the node.
            Expression cond = compare(measure, op, bound);
            ps.setHaving(Conditions.replaceOrAdd(ps.getHaving(), cond, measure.toString()));
            r.edits.add("having: " + cond);
        }
        r.consume(m.start(), m.end());
    }

    /** The single aggregate of the select list, or the one whose alias is {@code phrase}. */
    private Expression aggregateNamed(String phrase) {
        List<SelectItem<?>> aggs = ps.getSelectItems().stream().filter(i -> isAggregate(i.getExpression())).toList();
        for (SelectItem<?> i : aggs) {
            if (phrase != null && i.getAlias() != null && Names.sameNoun(phrase.replace(' ', '_'),
                    i.getAlias().getName())) {
                return i.getExpression();
            }
        }
        return aggs.size() == 1 && (phrase == null || phrase.isBlank() || MeasureEdit.MEASURE_WORDS.contains(phrase)
                || phrase.matches("revenue|sales|amount|value|it|they")) ? aggs.get(0).getExpression() : null;
    }
}
