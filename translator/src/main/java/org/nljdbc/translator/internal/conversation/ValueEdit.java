package org.nljdbc.translator.internal.conversation;

import static org.nljdbc.translator.internal.conversation.Conditions.walkConditions;
import static org.nljdbc.translator.internal.conversation.QueryRefiner.isTemporal;
import static org.nljdbc.translator.internal.conversation.QueryRefiner.isText;
import static org.nljdbc.translator.internal.conversation.Refinement.FILLER;
import static org.nljdbc.translator.internal.conversation.Refinement.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import org.nljdbc.guard.SqlLiterals;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/** A value filter: a named text column and its value, a value the catalog sampled, or a bare value replacing the previous one. */
final class ValueEdit extends FollowUpEdit {

    ValueEdit(Refinement r) {
        super(r);
    }

    @Override
    void apply() throws UnclearEditException {
        List<String> words = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        Matcher w = Pattern.compile("[^\\s]+").matcher(r.rest);
        while (w.find()) {
            words.add(w.group());
            spans.add(new int[] {w.start(), w.end()});
        }
        // 1. "<column or table> <value>" / "<column> is <value>": a named column.
        for (int i = 0; i + 1 < words.size(); i++) {
            if (FILLER.contains(words.get(i))) {
                continue;
            }
            int v = i + 1;
            if (v < words.size() && Set.of("is", "=", "equals", "of").contains(words.get(v))) {
                v++;
            }
            if (v >= words.size() || FILLER.contains(words.get(v)) || !namesTextColumn(words.get(i))) {
                continue;
            }
            ColumnRef col = namedTextColumn(words.get(i));
            int end = v;
            // A value runs to the end of the question or the next filler word, at most three words.
            while (end + 1 < words.size() && end - v < 2 && !FILLER.contains(words.get(end + 1))) {
                end++;
            }
            String value = known(r.original.substring(spans.get(v)[0], spans.get(end)[1]), col.column());
            if (value == null) {
                throw new UnclearEditException("\"" + r.original.substring(spans.get(v)[0], spans.get(end)[1])
                        + "\" is not a value sampled from " + col.column().name() + "; quote it to filter by it");
            }
            addValueFilter(col, value);
            r.consume(spans.get(i)[0], spans.get(end)[1]);
            apply();
            return;
        }
        // 2. A value the catalog sampled.
        for (int n = 3; n >= 1; n--) {
            for (int i = 0; i + n <= words.size(); i++) {
                String phrase = String.join(" ", words.subList(i, i + n));
                if (FILLER.contains(phrase)) {
                    continue;
                }
                Optional<ColumnRef> sampled = sampledColumn(phrase);
                if (sampled.isPresent()) {
                    String value = sampledValue(sampled.get().column(), phrase);
                    addValueFilter(sampled.get(), value);
                    r.consume(spans.get(i)[0], spans.get(i + n - 1)[1]);
                    apply();
                    return;
                }
            }
        }
        // 3. The previous query filters one text column by equality: a bare value replaces its value.
        String left = r.leftover();
        if (left.isEmpty() || left.split(" ").length > 3) {
            return;
        }
        List<EqualsTo> textFilters = new ArrayList<>();
        walkConditions(ps.getWhere(), e -> {
            if (e instanceof EqualsTo eq && eq.getRightExpression() instanceof StringValue
                    && eq.getLeftExpression() instanceof Column c && r.resolve(c) != null
                    && !isTemporal(r.resolve(c).column())) {
                textFilters.add(eq);
            }
        });
        if (textFilters.size() == 1) {
            int start = r.rest.indexOf(left.split(" ")[0]);
            String lastWord = left.substring(left.lastIndexOf(' ') + 1);
            int end = r.rest.lastIndexOf(lastWord) + lastWord.length();
            if (start < 0 || end < start) {
                return;
            }
            EqualsTo filter = textFilters.get(0);
            String value = known(r.original.substring(start, end),
                    r.resolve((Column) filter.getLeftExpression()).column());
            if (value == null) {
                return; // left over, so not an edit: never a value because nothing else explained the words
            }
            Expression before = filter.getRightExpression();
            filter.setRightExpression(text(value));
            r.consume(start, end);
            r.edits.add("filter: " + filter + " instead of " + before);
        }
    }

    private void addValueFilter(ColumnRef col, String value) throws UnclearEditException {
        Expression cond = new EqualsTo(col.node(), text(value));
        ps.setWhere(r.replaceOrAdd(ps.getWhere(), cond, col));
        r.edits.add("filter: " + cond);
    }

    /**
     * The value {@code words} stand for in a filter on {@code column}, or null: a value sampled from the column,
     * a literal the question quotes ('...' or "..."), or a number or date. Words are never a value just because
     * nothing else explained them.
     */
    private static String known(String words, ColumnInfo column) {
        String w = words.trim();
        if (w.length() >= 2 && (w.charAt(0) == '\'' || w.charAt(0) == '"') && w.charAt(w.length() - 1) == w.charAt(0)) {
            String inner = w.substring(1, w.length() - 1);
            return inner.isBlank() ? null : inner;
        }
        Optional<String> sampled = column.sampleValues().stream().filter(v -> v.equalsIgnoreCase(w)).findFirst();
        if (sampled.isPresent()) {
            return sampled.get();
        }
        return w.matches("-?\\d+(\\.\\d+)?|\\d{4}-\\d\\d-\\d\\d") ? w : null;
    }

    /**
     * {@code value} as a string literal node, escaped for the dialect by {@link SqlLiterals}: the only way a word
     * of the question enters the query. (JSqlParser's {@code StringValue} prints its body as it is.)
     */
    private StringValue text(String value) throws UnclearEditException {
        try {
            return new StringValue(SqlLiterals.string(value, r.dialect));
        } catch (IllegalArgumentException e) {
            throw new UnclearEditException("\"" + value + "\" cannot be a value: " + e.getMessage());
        }
    }

    private boolean namesTextColumn(String word) {
        if (r.columnInQuery(word).filter(c -> isText(c.column())).isPresent()) {
            return true;
        }
        return r.catalog.tables().stream().anyMatch(t -> Names.sameNoun(word, t.name()) && label(t) != null
                || t.columns().stream().anyMatch(c -> Names.sameNoun(word, c.name()) && isText(c)));
    }

    /** A text column named by {@code word}: a column of a read or joinable table, or a table's label column. */
    private ColumnRef namedTextColumn(String word) throws UnclearEditException {
        Optional<ColumnRef> c = r.columnInQuery(word);
        if (c.isPresent() && isText(c.get().column())) {
            return c.get();
        }
        for (TableInfo t : r.catalog.tables()) {
            if (Names.sameNoun(word, t.name())) {
                ColumnInfo label = label(t);
                return label == null ? null : r.join(t, label);
            }
        }
        for (TableInfo t : r.catalog.tables()) {
            for (ColumnInfo col : t.columns()) {
                if (Names.sameNoun(word, col.name()) && isText(col)) {
                    return r.join(t, col);
                }
            }
        }
        return null;
    }

    private Optional<ColumnRef> sampledColumn(String phrase) throws UnclearEditException {
        for (TableRef t : r.tables.values()) {
            for (ColumnInfo c : t.info().columns()) {
                if (c.sampleValues().stream().anyMatch(v -> v.equalsIgnoreCase(phrase))) {
                    return Optional.of(new ColumnRef(t.ref(), Names.sql(c.name(), r.dialect), t.info(), c));
                }
            }
        }
        for (TableInfo t : r.catalog.tables()) {
            for (ColumnInfo c : t.columns()) {
                if (c.sampleValues().stream().anyMatch(v -> v.equalsIgnoreCase(phrase))) {
                    return Optional.of(r.join(t, c));
                }
            }
        }
        return Optional.empty();
    }

    private static String sampledValue(ColumnInfo c, String phrase) {
        return c.sampleValues().stream().filter(v -> v.equalsIgnoreCase(phrase)).findFirst().orElse(phrase);
    }
}
