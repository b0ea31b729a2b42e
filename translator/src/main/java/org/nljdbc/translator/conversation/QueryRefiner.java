package org.nljdbc.translator.conversation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.SqlLiterals;
import org.nljdbc.translator.catalog.Catalog;
import org.nljdbc.translator.catalog.ColumnInfo;
import org.nljdbc.translator.catalog.TableInfo;

/**
 * Refines the previous turn's SQL as edits to its parsed AST: measure swap, top/bottom N and limits, sorting, an
 * added (or replaced) grouping dimension joined along foreign keys, a year filter added or moved to another year,
 * a comparison on a column or on the measure, and a value filter. Every word of the follow-up must be explained by
 * an edit; anything left over makes the refinement unclear, and the model is asked instead.
 */
final class QueryRefiner {
    sealed interface Outcome permits Refined, Unclear {
    }

    /** @param edits what was changed, each {@code kind: detail} */
    record Refined(String sql, List<String> edits) implements Outcome {
    }

    record Unclear(String why) implements Outcome {
    }

    private static final Set<String> AGGREGATES = Set.of("SUM", "COUNT", "AVG", "MIN", "MAX");
    private static final String MEASURE_WORDS = "count|number|sum|total|average|avg|mean|maximum|max|minimum|min";
    private static final Pattern MEASURE_INSTEAD = Pattern.compile("\\b(?:the\\s+|an?\\s+)?(" + MEASURE_WORDS
            + ")(?:\\s+(?:of\\s+)?[a-z_]+)?\\s+instead(?:\\s+of\\s+(?:the\\s+)?(" + MEASURE_WORDS + "))?\\b");
    private static final Pattern INSTEAD_OF_MEASURE = Pattern.compile("\\binstead\\s+of\\s+(?:the\\s+)?("
            + MEASURE_WORDS + ")\\s*,?\\s*(?:use|show|give|take)?\\s*(?:the\\s+|an?\\s+)?(" + MEASURE_WORDS + ")\\b");
    private static final Pattern TOP_N = Pattern.compile(
            "\\b(top|bottom|highest|lowest|best|worst|largest|smallest|biggest)\\s+(\\d{1,6})\\b");
    private static final Pattern LIMIT_N = Pattern.compile(
            "\\b(?:limit(?:\\s+to)?|first|only|just)\\s+(\\d{1,6})(?:\\s+(?:rows|results|lines|ones))?\\b");
    private static final Pattern SORT = Pattern.compile("\\b(?:sorted|sort|order|ordered)\\s+(?:it\\s+|them\\s+)?by\\s+"
            + "((?:the\\s+)?[a-z_]+(?:\\s+(?!desc|asc)[a-z_]+)?)(?:\\s+(desc|descending|asc|ascending))?\\b");
    private static final Pattern DIRECTION = Pattern.compile("\\b(descending|ascending|desc|asc|reversed?)\\b");
    private static final Pattern GROUP = Pattern.compile("\\b(?:by|per|for\\s+each|split\\s+by|broken\\s+down\\s+by|"
            + "break\\s+down\\s+by|grouped\\s+by|group\\s+by)\\s+([a-z_]+(?:\\s+[a-z_]+)?)");
    private static final Pattern COMPARISON = Pattern.compile("(?:\\b([a-z_]+(?:\\s+[a-z_]+)?)\\s+)?"
            + "\\b(over|above|more\\s+than|greater\\s+than|at\\s+least|under|below|less\\s+than|fewer\\s+than|"
            + "at\\s+most)\\s+\\$?(\\d+(?:\\.\\d+)?)\\b");
    private static final Pattern YEAR = Pattern.compile("\\b(19\\d\\d|20\\d\\d)\\b");
    private static final Pattern COMPARE = Pattern.compile("\\b(compare(?:d)?(?:\\s+(?:it\\s+)?(?:with|to))?|vs|versus|against)\\b");
    private static final Set<String> FILLER = Set.copyOf(List.of("now", "only", "just", "and", "also", "but", "then", "show",
            "me", "please", "the", "a", "an", "of", "for", "in", "to", "with", "what", "about", "how", "instead",
            "same", "it", "them", "those", "these", "that", "this", "their", "its", "rows", "results", "result",
            "again", "give", "list", "let", "lets", "see", "is", "are", "be", "on", "from", "year", "years", "ones",
            "one", "all", "make", "use", "do", "did", "can", "you", "please", "same", "thing", "but", "where",
            "each", "by", "was", "were", "during", "within", "limited", "keep", "rather", "than", "us", "i",
            "want", "would", "like", "value", "values", "data", "numbers", "equal", "equals", "as", "well",
            "too", "filter", "filtered", "restrict", "restricted", "limit", "sorted", "order", "sort", "ordered",
            "period", "one", "ones", "have", "has", "there"));

    private QueryRefiner() {
    }

    static Outcome refine(String question, Turn previous, Catalog catalog, Dialect dialect) {
        PlainSelect select;
        try {
            // Read with the guard's lexical settings for the dialect (backslash escapes, # comments, [names]), so
            // that the literals of the previous query end where the database ends them.
            Statement st = CCJSqlParserUtil.parse(previous.baseSql(), p -> lexicalSettings(p, dialect));
            if (!(st instanceof PlainSelect ps) || (ps.getWithItemsList() != null && !ps.getWithItemsList().isEmpty())) {
                return new Unclear("the previous query is not a single SELECT that can be edited");
            }
            select = ps;
        } catch (JSQLParserException | RuntimeException e) {
            return new Unclear("the previous query could not be parsed for editing");
        }
        Edit edit = new Edit(question, select, catalog, dialect);
        if (edit.tables.isEmpty()) {
            return new Unclear("the previous query reads no table the catalog knows");
        }
        try {
            edit.measure();
            edit.topOrLimit();
            edit.sort();
            edit.group();
            edit.comparison();
            edit.period();
            edit.value();
        } catch (UnclearException e) {
            return new Unclear(e.getMessage());
        }
        String left = edit.leftover();
        if (edit.edits.isEmpty()) {
            return new Unclear("no edit of the previous query matched \"" + question.trim() + "\"");
        }
        if (!left.isEmpty()) {
            return new Unclear("\"" + left + "\" is not an edit of the previous query");
        }
        return new Refined(select.toString(), edit.edits);
    }

    /** The same lexical settings the guard parses this dialect with. */
    static void lexicalSettings(CCJSqlParser parser, Dialect dialect) {
        switch (dialect) {
            case MYSQL, MARIADB -> parser.withBackslashEscapeCharacter(true).withHashLineComments(true);
            case SNOWFLAKE -> parser.withBackslashEscapeCharacter(true);
            case SQLSERVER, SQLITE -> parser.withSquareBracketQuotation(true);
            default -> {
            }
        }
    }

    /** Thrown when a recognised edit cannot be applied unambiguously. */
    private static final class UnclearException extends Exception {
        UnclearException(String why) {
            super(why, null, false, false);
        }
    }

    /** A table the query reads, and how the query refers to it. */
    private record TableRef(TableInfo info, String ref) {
    }

    /**
     * A column the edit refers to: its qualifier and name as written in SQL (each already quoted where needed), and
     * its catalog description.
     */
    private record ColumnRef(String qualifier, String name, TableInfo table, ColumnInfo column) {
        /** How the column is written, e.g. {@code t1.country}: for comparing with the previous query's text. */
        String sql() {
            return qualifier == null ? name : qualifier + "." + name;
        }

        /** A new syntax-tree node for the column: edits build nodes, never SQL text to parse. */
        Column node() {
            return new Column(qualifier == null ? null : new Table(qualifier), name);
        }
    }

    /** One refinement in progress: the AST being edited and the words of the question not yet explained. */
    private static final class Edit {
        final PlainSelect ps;
        final Catalog catalog;
        final Dialect dialect;
        final String original;
        final StringBuilder rest;
        final Map<String, TableRef> tables = new LinkedHashMap<>();
        final List<String> edits = new ArrayList<>();
        final boolean instead;

        Edit(String question, PlainSelect ps, Catalog catalog, Dialect dialect) {
            this.ps = ps;
            this.catalog = catalog;
            this.dialect = dialect;
            String o = question.replaceAll("[?!,;:]+", " ").replaceAll("(?<!\\d)\\.|\\.(?!\\d)", " ")
                    .replaceAll("\\s+", " ").trim();
            String lower = o.toLowerCase(Locale.ROOT);
            this.original = lower.length() == o.length() ? o : lower;
            this.rest = new StringBuilder(lower);
            this.instead = lower.matches(".*\\b(instead|rather)\\b.*");
            addTable(ps.getFromItem());
            if (ps.getJoins() != null) {
                ps.getJoins().forEach(j -> addTable(j.getRightItem()));
            }
        }

        private void addTable(FromItem item) {
            if (item instanceof Table t) {
                catalog.table(t.getName().replace("\"", "").replace("`", "")).ifPresent(info -> tables.putIfAbsent(
                        info.name().toLowerCase(Locale.ROOT),
                        new TableRef(info, t.getAlias() != null ? t.getAlias().getName() : t.getName())));
            }
        }

        private Matcher find(Pattern p) {
            Matcher m = p.matcher(rest);
            return m.find() ? m : null;
        }

        private void consume(int start, int end) {
            for (int i = start; i < end; i++) {
                rest.setCharAt(i, ' ');
            }
        }

        String leftover() {
            List<String> left = new ArrayList<>();
            for (String w : rest.toString().trim().split("\\s+")) {
                if (w.isEmpty() || FILLER.contains(w) || tables.keySet().stream().anyMatch(t -> Names.sameNoun(w, t))) {
                    continue;
                }
                left.add(w);
            }
            return String.join(" ", left);
        }

        // ---- measure swap ----------------------------------------------------------------------

        void measure() throws UnclearException {
            Matcher m = find(INSTEAD_OF_MEASURE);
            String target;
            String source;
            if (m != null) {
                source = m.group(1);
                target = m.group(2);
            } else {
                m = find(MEASURE_INSTEAD);
                if (m == null) {
                    return;
                }
                target = m.group(1);
                source = m.group(2);
            }
            String to = function(target);
            if (source != null && function(source).equals(to)) {
                throw new UnclearException("\"" + target + " instead of " + source + "\" changes nothing");
            }
            List<SelectItem<?>> candidates = new ArrayList<>();
            for (SelectItem<?> item : ps.getSelectItems()) {
                if (item.getExpression() instanceof Function f && AGGREGATES.contains(upper(f.getName()))
                        && (source == null || upper(f.getName()).equals(function(source)))) {
                    candidates.add(item);
                }
            }
            if (candidates.size() != 1) {
                throw new UnclearException(candidates.isEmpty() ? "the previous query has no " + (source == null
                        ? "measure" : source) + " to replace" : "the previous query has several measures");
            }
            SelectItem<?> item = candidates.get(0);
            Function f = (Function) item.getExpression();
            String before = f.toString();
            String column = argumentName(f);
            Expression replaced = f;
            if (to.equals("COUNT")) {
                replaced = parseExpression("COUNT(*)");
                @SuppressWarnings("unchecked")
                SelectItem<Expression> typed = (SelectItem<Expression>) item;
                typed.setExpression(replaced);
            } else {
                if (f.isAllColumns()) {
                    throw new UnclearException("a " + target + " needs a column, and the previous query counts rows");
                }
                f.setName(to);
            }
            String oldAlias = item.getAlias() == null ? null : item.getAlias().getName();
            String newAlias = to.toLowerCase(Locale.ROOT) + "_" + (column == null ? "all" : column);
            item.setAlias(new Alias(newAlias, true));
            replaceMeasureReferences(before, oldAlias, item);
            consume(m.start(), m.end());
            edits.add("measure: " + before + " -> " + replaced);
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

        // ---- top / bottom N and limits ---------------------------------------------------------

        void topOrLimit() throws UnclearException {
            Matcher m = find(TOP_N);
            if (m != null) {
                boolean desc = Set.of("top", "highest", "best", "largest", "biggest").contains(m.group(1));
                long n = Long.parseLong(m.group(2));
                Expression measure = rankKey();
                if (measure == null) {
                    throw new UnclearException("\"" + m.group(1) + "\" needs a measure to rank by");
                }
                OrderByElement o = new OrderByElement();
                o.setExpression(measure);
                o.setAsc(!desc);
                o.setAscDescPresent(true);
                ps.setOrderByElements(new ArrayList<>(List.of(o)));
                setLimit(n);
                consume(m.start(), m.end());
                edits.add("order: " + o);
                edits.add("limit: " + n);
                return;
            }
            m = find(LIMIT_N);
            if (m != null) {
                long n = Long.parseLong(m.group(1));
                if (YEAR.matcher(m.group(1)).matches()) {
                    return; // "only 2023" is a period, not a limit
                }
                setLimit(n);
                consume(m.start(), m.end());
                edits.add("limit: " + n);
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

        /** What "top" ranks by: the aggregate's alias (or itself), else the current sort key, else a numeric column. */
        private Expression rankKey() {
            for (SelectItem<?> item : ps.getSelectItems()) {
                if (isAggregate(item.getExpression())) {
                    return item.getAlias() != null ? new Column(item.getAlias().getName()) : item.getExpression();
                }
            }
            if (ps.getOrderByElements() != null && !ps.getOrderByElements().isEmpty()) {
                return ps.getOrderByElements().get(0).getExpression();
            }
            return null;
        }

        // ---- sorting ---------------------------------------------------------------------------

        void sort() throws UnclearException {
            Matcher m = find(SORT);
            if (m != null) {
                String phrase = m.group(1).replaceFirst("^the\\s+", "");
                Expression key = selectedOrColumn(phrase);
                if (key == null) {
                    throw new UnclearException("no column \"" + phrase + "\" to sort by");
                }
                boolean desc = m.group(2) != null && m.group(2).startsWith("desc");
                OrderByElement o = new OrderByElement();
                o.setExpression(key);
                o.setAsc(!desc);
                o.setAscDescPresent(true);
                ps.setOrderByElements(new ArrayList<>(List.of(o)));
                consume(m.start(), m.end());
                edits.add("order: " + o);
                return;
            }
            m = find(DIRECTION);
            if (m != null) {
                List<OrderByElement> order = ps.getOrderByElements();
                if (order == null || order.isEmpty()) {
                    Expression measure = rankKey();
                    if (measure == null) {
                        throw new UnclearException("nothing to sort " + m.group(1));
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
                consume(m.start(), m.end());
                edits.add("order: " + order.get(0));
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
            return columnInQuery(phrase).map(c -> (Expression) c.node()).orElse(null);
        }

        // ---- grouping --------------------------------------------------------------------------

        void group() throws UnclearException {
            Matcher m = find(GROUP);
            if (m == null) {
                return;
            }
            String phrase = m.group(1).replaceFirst("^the\\s+", "");
            String first = phrase.split(" ")[0];
            if (Set.of("month", "year", "quarter", "week", "day", "date").contains(Names.singular(first))) {
                throw new UnclearException("grouping by a period (" + first + ") needs the model");
            }
            boolean aggregated = ps.getGroupBy() != null
                    || ps.getSelectItems().stream().anyMatch(i -> isAggregate(i.getExpression()));
            if (!aggregated) {
                throw new UnclearException("the previous query has no measure to break down by " + phrase);
            }
            // Two words that are not one column ("region instead") fall back to the first word.
            ColumnRef dim = dimension(phrase);
            int end = m.end();
            if (dim == null && phrase.contains(" ")) {
                dim = dimension(first);
                end = m.start(1) + first.length();
            }
            if (dim == null) {
                throw new UnclearException("no column or table \"" + phrase + "\" to group by");
            }
            Expression expr = dim.node();
            String alias = Names.singular(first).replaceAll("[^a-z0-9_]", "");
            if (instead) {
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
                edits.add("group: " + dim.sql() + " instead of " + old);
            } else {
                if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList().stream()
                        .anyMatch(e -> e.toString().equalsIgnoreCase(expr.toString()))) {
                    throw new UnclearException("the previous query already groups by " + dim.sql());
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
                edits.add("group: " + dim.sql());
            }
            consume(m.start(), end);
        }

        /** A dimension: a column of a read or joinable table, or a joinable table's label column. */
        private ColumnRef dimension(String phrase) throws UnclearException {
            Optional<ColumnRef> c = columnInQuery(phrase);
            if (c.isPresent()) {
                return c.get();
            }
            for (TableInfo t : catalog.tables()) {
                if (Names.sameNoun(phrase.replace(' ', '_'), t.name())) {
                    ColumnInfo label = label(t);
                    if (label != null) {
                        return join(t, label);
                    }
                }
            }
            for (TableInfo t : catalog.tables()) {
                for (ColumnInfo col : t.columns()) {
                    if (Names.sameNoun(phrase.replace(' ', '_'), col.name()) && !isKey(t, col)) {
                        return join(t, col);
                    }
                }
            }
            return null;
        }

        // ---- comparisons -----------------------------------------------------------------------

        void comparison() throws UnclearException {
            Matcher m = find(COMPARISON);
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
            Optional<ColumnRef> column = phrase == null ? Optional.empty() : columnInQuery(phrase)
                    .filter(c -> !isText(c.column()) && !isTemporal(c.column()));
            if (column.isPresent()) {
                Expression cond = compare(column.get().node(), op, bound);
                ps.setWhere(replaceOrAdd(ps.getWhere(), cond, column.get()));
                edits.add("filter: " + cond);
            } else {
                Expression measure = aggregateNamed(phrase);
                if (measure == null) {
                    throw new UnclearException("no column or measure \"" + (phrase == null ? "" : phrase)
                            + "\" to compare with " + number);
                }
                // A copy of the measure (it is the previous query's own expression, never the question's text).
                Expression cond = compare(parseExpression(measure.toString()), op, bound);
                ps.setHaving(replaceOrAdd(ps.getHaving(), cond, measure.toString()));
                edits.add("having: " + cond);
            }
            consume(m.start(), m.end());
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
            return aggs.size() == 1 && (phrase == null || phrase.isBlank() || MEASURE_WORDS.contains(phrase)
                    || phrase.matches("revenue|sales|amount|value|it|they")) ? aggs.get(0).getExpression() : null;
        }

        // ---- periods -----------------------------------------------------------------------------

        void period() throws UnclearException {
            List<Integer> years = new ArrayList<>();
            List<int[]> spans = new ArrayList<>();
            Matcher m = YEAR.matcher(rest);
            while (m.find()) {
                years.add(Integer.parseInt(m.group(1)));
                spans.add(new int[] {m.start(), m.end()});
            }
            Matcher compare = find(COMPARE);
            if (years.isEmpty()) {
                if (compare != null) {
                    throw new UnclearException("comparing needs the periods to compare");
                }
                return;
            }
            List<YearLiteral> existing = new ArrayList<>();
            walkConditions(ps.getWhere(), e -> collectYearLiterals(e, existing));
            int oldYear = existing.stream().mapToInt(YearLiteral::year).min().orElse(-1);
            if (compare != null || years.size() > 1) {
                comparePeriods(years, oldYear, existing);
                if (compare != null) {
                    consume(compare.start(), compare.end());
                }
                spans.forEach(s -> consume(s[0], s[1]));
                return;
            }
            int year = years.get(0);
            if (oldYear > 0) {
                int delta = year - oldYear;
                existing.forEach(y -> y.shift(delta));
                edits.add("period: " + oldYear + " -> " + year);
            } else {
                ColumnRef date = dateColumn().orElseThrow(() -> new UnclearException("no date column to filter by "
                        + year));
                Expression cond = yearRange(date, year, year);
                ps.setWhere(ps.getWhere() == null ? cond : new AndExpression(parenthesize(ps.getWhere()), cond));
                edits.add("filter: " + cond);
            }
            spans.forEach(s -> consume(s[0], s[1]));
        }

        /** Widens the year filter to every year asked about and adds the year as a dimension. */
        private void comparePeriods(List<Integer> asked, int oldYear, List<YearLiteral> existing)
                throws UnclearException {
            List<Integer> years = new ArrayList<>(asked);
            if (oldYear > 0 && !years.contains(oldYear)) {
                years.add(oldYear);
            }
            if (years.size() < 2) {
                throw new UnclearException("comparing needs two periods");
            }
            int from = years.stream().mapToInt(Integer::intValue).min().orElseThrow();
            int to = years.stream().mapToInt(Integer::intValue).max().orElseThrow();
            ColumnRef date = existing.stream().map(YearLiteral::column).filter(c -> c != null).findFirst()
                    .or(this::dateColumn).orElseThrow(() -> new UnclearException("no date column to compare periods by"));
            boolean aggregated = ps.getGroupBy() != null
                    || ps.getSelectItems().stream().anyMatch(i -> isAggregate(i.getExpression()));
            if (!aggregated) {
                throw new UnclearException("the previous query has no measure to compare between periods");
            }
            // Drop the old year conditions (whole comparisons on the date column) and add the wider range.
            Expression where = removeConditionsOn(ps.getWhere(), date.sql());
            Expression range = yearRange(date, from, to);
            if (to - from + 1 != years.size()) {
                ExpressionList<Expression> list = new ExpressionList<>();
                years.stream().sorted().forEach(y -> list.add(new LongValue(y)));
                InExpression in = new InExpression(yearOf(date), new ParenthesedExpressionList<>(list));
                range = new AndExpression(range, in);
            }
            ps.setWhere(where == null ? range : new AndExpression(parenthesize(where), range));
            Expression year = yearOf(date);
            ps.getSelectItems().add(0, SelectItem.from(year, new Alias("period_year", true)));
            if (ps.getGroupBy() == null) {
                ps.setGroupByElement(new GroupByElement());
            }
            ps.getGroupBy().addGroupByExpression(yearOf(date));
            OrderByElement o = new OrderByElement();
            o.setExpression(new Column("period_year"));
            List<OrderByElement> order = new ArrayList<>(List.of(o));
            if (ps.getOrderByElements() != null) {
                order.addAll(ps.getOrderByElements());
            }
            ps.setOrderByElements(order);
            edits.add("compare: years " + years.stream().sorted().toList() + " side by side by " + year);
        }

        private Expression yearOf(ColumnRef column) {
            return switch (dialect) {
                case SQLITE -> new CastExpression(new Function("strftime", new StringValue("'%Y'"), column.node()),
                        "INTEGER");
                case SQLSERVER -> new Function("YEAR", column.node());
                default -> {
                    ExtractExpression x = new ExtractExpression();
                    x.setName("YEAR");
                    x.setExpression(column.node());
                    yield x;
                }
            };
        }

        private Expression yearRange(ColumnRef column, int from, int to) {
            return new AndExpression(compare(column.node(), ">=", dateText(from)),
                    compare(column.node(), "<", dateText(to + 1)));
        }

        /** January 1st of {@code year} as a text literal, as the previous turns compare their date columns. */
        private StringValue dateText(int year) {
            return new StringValue(SqlLiterals.string(String.format(Locale.ROOT, "%04d-01-01", year), dialect));
        }

        private Optional<ColumnRef> dateColumn() {
            List<ColumnRef> found = new ArrayList<>();
            for (TableRef t : tables.values()) {
                for (ColumnInfo c : t.info().columns()) {
                    if (isTemporal(c)) {
                        found.add(new ColumnRef(t.ref(), Names.sql(c.name(), dialect), t.info(), c));
                    }
                }
            }
            // The first table's date columns first; within them, the one named after the table ("order_date").
            String main = tables.keySet().iterator().next();
            return found.stream().sorted((a, b) -> Integer.compare(dateRank(a, main), dateRank(b, main))).findFirst();
        }

        private static int dateRank(ColumnRef c, String mainTable) {
            int rank = c.table().name().equalsIgnoreCase(mainTable) ? 0 : 10;
            String stem = Names.singular(c.table().name().toLowerCase(Locale.ROOT));
            return rank + (c.column().name().toLowerCase(Locale.ROOT).contains(stem) ? 0 : 1);
        }

        /** A literal year (or date) compared with a date column or a year function, which a new year shifts. */
        private record YearLiteral(Expression literal, int year, ColumnRef column) {
            void shift(int delta) {
                if (literal instanceof LongValue l) {
                    l.setValue(l.getValue() + delta);
                } else if (literal instanceof StringValue s) {
                    s.setValue(shifted(s.getValue(), delta));
                } else if (literal instanceof DateTimeLiteralExpression d) {
                    d.setValue(shifted(d.getValue(), delta));
                }
            }

            private static String shifted(String text, int delta) {
                Matcher m = Pattern.compile("(\\d{4})").matcher(text);
                if (!m.find()) {
                    return text;
                }
                int y = Integer.parseInt(m.group(1)) + delta;
                return text.substring(0, m.start()) + y + text.substring(m.end());
            }
        }

        private void collectYearLiterals(Expression e, List<YearLiteral> out) {
            List<Expression> sides = new ArrayList<>();
            if (e instanceof ComparisonOperator c) {
                sides.add(c.getLeftExpression());
                sides.add(c.getRightExpression());
            } else if (e instanceof Between b) {
                sides.add(b.getLeftExpression());
                sides.add(b.getBetweenExpressionStart());
                sides.add(b.getBetweenExpressionEnd());
            } else if (e instanceof InExpression in && in.getRightExpression() instanceof ExpressionList<?> list) {
                sides.add(in.getLeftExpression());
                sides.addAll(list);
            } else {
                return;
            }
            Expression dated = sides.stream().filter(this::isDateSide).findFirst().orElse(null);
            if (dated == null) {
                return;
            }
            ColumnRef column = dated instanceof Column c ? resolve(c) : dateColumnInside(dated);
            for (Expression s : sides) {
                Integer y = yearOf(s);
                if (y != null && s != dated) {
                    out.add(new YearLiteral(s, y, column));
                }
            }
        }

        private static Integer yearOf(Expression literal) {
            String text = null;
            if (literal instanceof LongValue l && l.getValue() >= 1900 && l.getValue() <= 2099) {
                return (int) l.getValue();
            }
            if (literal instanceof StringValue s) {
                text = s.getValue();
            } else if (literal instanceof DateTimeLiteralExpression d) {
                text = d.getValue().replace("'", "");
            }
            if (text != null && text.matches("(19|20)\\d\\d(-\\d\\d(-\\d\\d.*)?)?")) {
                return Integer.parseInt(text.substring(0, 4));
            }
            return null;
        }

        private boolean isDateSide(Expression e) {
            if (e instanceof ExtractExpression) {
                return true;
            }
            if (e instanceof Function f) {
                String n = upper(f.getName());
                return Set.of("YEAR", "STRFTIME", "DATE_PART", "DATEPART", "TO_CHAR", "DATE_FORMAT", "EXTRACT", "DATE")
                        .contains(n);
            }
            if (e instanceof Column c) {
                ColumnRef r = resolve(c);
                return r != null && isTemporal(r.column());
            }
            return false;
        }

        private ColumnRef dateColumnInside(Expression e) {
            Expression inner = null;
            if (e instanceof ExtractExpression x) {
                inner = x.getExpression();
            } else if (e instanceof Function f && f.getParameters() != null) {
                for (Object p : f.getParameters()) {
                    if (p instanceof Column c) {
                        inner = c;
                    }
                }
            }
            return inner instanceof Column c ? resolve(c) : null;
        }

        // ---- value filters -----------------------------------------------------------------------

        void value() throws UnclearException {
            List<String> words = new ArrayList<>();
            List<int[]> spans = new ArrayList<>();
            Matcher w = Pattern.compile("[^\\s]+").matcher(rest);
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
                String value = known(original.substring(spans.get(v)[0], spans.get(end)[1]), col.column());
                if (value == null) {
                    throw new UnclearException("\"" + original.substring(spans.get(v)[0], spans.get(end)[1])
                            + "\" is not a value sampled from " + col.column().name() + "; quote it to filter by it");
                }
                addValueFilter(col, value);
                consume(spans.get(i)[0], spans.get(end)[1]);
                value();
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
                        consume(spans.get(i)[0], spans.get(i + n - 1)[1]);
                        value();
                        return;
                    }
                }
            }
            // 3. The previous query filters one text column by equality: a bare value replaces its value.
            String left = leftover();
            if (left.isEmpty() || left.split(" ").length > 3) {
                return;
            }
            List<EqualsTo> textFilters = new ArrayList<>();
            walkConditions(ps.getWhere(), e -> {
                if (e instanceof EqualsTo eq && eq.getRightExpression() instanceof StringValue
                        && eq.getLeftExpression() instanceof Column c && resolve(c) != null
                        && !isTemporal(resolve(c).column())) {
                    textFilters.add(eq);
                }
            });
            if (textFilters.size() == 1) {
                int start = rest.indexOf(left.split(" ")[0]);
                String lastWord = left.substring(left.lastIndexOf(' ') + 1);
                int end = rest.lastIndexOf(lastWord) + lastWord.length();
                if (start < 0 || end < start) {
                    return;
                }
                EqualsTo filter = textFilters.get(0);
                String value = known(original.substring(start, end),
                        resolve((Column) filter.getLeftExpression()).column());
                if (value == null) {
                    return; // left over, so not an edit: never a value because nothing else explained the words
                }
                Expression before = filter.getRightExpression();
                filter.setRightExpression(text(value));
                consume(start, end);
                edits.add("filter: " + filter + " instead of " + before);
            }
        }

        private void addValueFilter(ColumnRef col, String value) throws UnclearException {
            Expression cond = new EqualsTo(col.node(), text(value));
            ps.setWhere(replaceOrAdd(ps.getWhere(), cond, col));
            edits.add("filter: " + cond);
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
         * {@code where} without the conditions on {@code column}, however the previous query wrote it (qualified by
         * table or alias, quoted or bare), and {@code cond} added: a column is compared by what it resolves to.
         */
        private Expression replaceOrAdd(Expression where, Expression cond, ColumnRef column) {
            if (where == null) {
                return cond;
            }
            List<Expression> conjuncts = new ArrayList<>();
            splitAnd(where, conjuncts);
            Expression kept = null;
            for (Expression c : conjuncts) {
                if (!comparesSameColumn(c, column)) {
                    kept = kept == null ? c : new AndExpression(kept, c);
                }
            }
            return kept == null ? cond : new AndExpression(parenthesize(kept), cond);
        }

        private boolean comparesSameColumn(Expression e, ColumnRef column) {
            Expression left = e instanceof ComparisonOperator c ? c.getLeftExpression()
                    : e instanceof Between b ? b.getLeftExpression()
                    : e instanceof InExpression in ? in.getLeftExpression() : null;
            ColumnRef r = left instanceof Column c ? resolve(c) : null;
            return r != null && r.table().name().equalsIgnoreCase(column.table().name())
                    && r.column().name().equalsIgnoreCase(column.column().name());
        }

        /**
         * {@code value} as a string literal node, escaped for the dialect by {@link SqlLiterals}: the only way a word
         * of the question enters the query. (JSqlParser's {@code StringValue} prints its body as it is.)
         */
        private StringValue text(String value) throws UnclearException {
            try {
                return new StringValue(SqlLiterals.string(value, dialect));
            } catch (IllegalArgumentException e) {
                throw new UnclearException("\"" + value + "\" cannot be a value: " + e.getMessage());
            }
        }

        private boolean namesTextColumn(String word) {
            if (columnInQuery(word).filter(c -> isText(c.column())).isPresent()) {
                return true;
            }
            return catalog.tables().stream().anyMatch(t -> Names.sameNoun(word, t.name()) && label(t) != null
                    || t.columns().stream().anyMatch(c -> Names.sameNoun(word, c.name()) && isText(c)));
        }

        /** A text column named by {@code word}: a column of a read or joinable table, or a table's label column. */
        private ColumnRef namedTextColumn(String word) throws UnclearException {
            Optional<ColumnRef> c = columnInQuery(word);
            if (c.isPresent() && isText(c.get().column())) {
                return c.get();
            }
            for (TableInfo t : catalog.tables()) {
                if (Names.sameNoun(word, t.name())) {
                    ColumnInfo label = label(t);
                    return label == null ? null : join(t, label);
                }
            }
            for (TableInfo t : catalog.tables()) {
                for (ColumnInfo col : t.columns()) {
                    if (Names.sameNoun(word, col.name()) && isText(col)) {
                        return join(t, col);
                    }
                }
            }
            return null;
        }

        private Optional<ColumnRef> sampledColumn(String phrase) throws UnclearException {
            for (TableRef t : tables.values()) {
                for (ColumnInfo c : t.info().columns()) {
                    if (c.sampleValues().stream().anyMatch(v -> v.equalsIgnoreCase(phrase))) {
                        return Optional.of(new ColumnRef(t.ref(), Names.sql(c.name(), dialect), t.info(), c));
                    }
                }
            }
            for (TableInfo t : catalog.tables()) {
                for (ColumnInfo c : t.columns()) {
                    if (c.sampleValues().stream().anyMatch(v -> v.equalsIgnoreCase(phrase))) {
                        return Optional.of(join(t, c));
                    }
                }
            }
            return Optional.empty();
        }

        private static String sampledValue(ColumnInfo c, String phrase) {
            return c.sampleValues().stream().filter(v -> v.equalsIgnoreCase(phrase)).findFirst().orElse(phrase);
        }

        // ---- columns, tables and joins -------------------------------------------------------------

        /** A column of a table the query reads, named by {@code phrase}; the first table wins a tie. */
        private Optional<ColumnRef> columnInQuery(String phrase) {
            String p = phrase.trim().replace(' ', '_');
            for (TableRef t : tables.values()) {
                for (ColumnInfo c : t.info().columns()) {
                    if (Names.sameNoun(p, c.name())) {
                        return Optional.of(new ColumnRef(t.ref(), Names.sql(c.name(), dialect), t.info(), c));
                    }
                }
            }
            // "category" names a read table: its label column.
            for (TableRef t : tables.values()) {
                if (Names.sameNoun(p, t.info().name())) {
                    ColumnInfo label = label(t.info());
                    if (label != null) {
                        return Optional.of(new ColumnRef(t.ref(), Names.sql(label.name(), dialect), t.info(),
                                label));
                    }
                }
            }
            return Optional.empty();
        }

        /** {@code column} of {@code table}, joining the table along foreign keys when the query does not read it. */
        private ColumnRef join(TableInfo table, ColumnInfo column) throws UnclearException {
            TableRef present = tables.get(table.name().toLowerCase(Locale.ROOT));
            if (present == null) {
                List<JoinPlanner.Step> steps;
                try {
                    steps = JoinPlanner.path(catalog, tables.values().stream().map(t -> t.info().name()).toList(),
                            table.name()).orElseThrow(() -> new UnclearException("no foreign-key path joins "
                            + table.name() + " to the previous query"));
                } catch (JoinPlanner.Ambiguous e) {
                    throw new UnclearException(e.getMessage());
                }
                keepOnlyTheMainTablesColumns();
                for (JoinPlanner.Step s : steps) {
                    TableRef from = tables.get(s.from().toLowerCase(Locale.ROOT));
                    TableInfo to = catalog.table(s.table()).orElseThrow();
                    String ref = Names.sql(to.name(), dialect);
                    Expression on = null;
                    for (int i = 0; i < s.fromColumns().size(); i++) {
                        Expression eq = new EqualsTo(new Column(new Table(ref), Names.sql(s.tableColumns().get(i),
                                dialect)), new Column(new Table(from.ref()), Names.sql(s.fromColumns().get(i), dialect)));
                        on = on == null ? eq : new AndExpression(on, eq);
                    }
                    Join j = new Join();
                    j.setInner(true);
                    j.setRightItem(new Table(ref));
                    j.addOnExpression(on);
                    ps.addJoins(j);
                    tables.put(to.name().toLowerCase(Locale.ROOT), new TableRef(to, ref));
                    edits.add("join: " + to.name() + " ON " + on);
                }
                present = tables.get(table.name().toLowerCase(Locale.ROOT));
            }
            return new ColumnRef(present.ref(), Names.sql(column.name(), dialect), table, column);
        }

        /** {@code SELECT *} keeps meaning the previous rows' columns once tables are joined in for a filter. */
        private void keepOnlyTheMainTablesColumns() {
            if (ps.getSelectItems().size() == 1
                    && ps.getSelectItems().get(0).getExpression() instanceof net.sf.jsqlparser.statement.select.AllColumns all
                    && !(all instanceof net.sf.jsqlparser.statement.select.AllTableColumns)
                    && ps.getFromItem() instanceof Table from) {
                String ref = from.getAlias() != null ? from.getAlias().getName() : from.getFullyQualifiedName();
                ps.getSelectItems().set(0, new net.sf.jsqlparser.statement.select.SelectItem<>(
                        new net.sf.jsqlparser.statement.select.AllTableColumns(new Table(ref))));
            }
        }

        private ColumnRef resolve(Column c) {
            String name = c.getColumnName().replace("\"", "").replace("`", "");
            String qualifier = c.getTable() == null ? null : c.getTable().getName();
            for (TableRef t : tables.values()) {
                if (qualifier != null && !qualifier.replace("\"", "").equalsIgnoreCase(t.ref().replace("\"", ""))
                        && !qualifier.replace("\"", "").equalsIgnoreCase(t.info().name())) {
                    continue;
                }
                Optional<ColumnInfo> col = t.info().column(name);
                if (col.isPresent()) {
                    return new ColumnRef(c.getTable() == null || c.getTable().getName() == null ? null
                            : c.getTable().getFullyQualifiedName(), c.getColumnName(), t.info(), col.get());
                }
            }
            return null;
        }

        /** The column that names a row of {@code t}: {@code name} or {@code title}, else its first text column. */
        private static ColumnInfo label(TableInfo t) {
            for (String n : List.of("name", "title", "label")) {
                Optional<ColumnInfo> c = t.column(n);
                if (c.isPresent()) {
                    return c.get();
                }
            }
            return t.columns().stream().filter(QueryRefiner::isText).filter(c -> !isKey(t, c)).findFirst().orElse(null);
        }

        private static boolean isKey(TableInfo t, ColumnInfo c) {
            return t.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(c.name()))
                    || t.importedKeys().stream().anyMatch(fk -> fk.fromColumns().stream()
                    .anyMatch(k -> k.equalsIgnoreCase(c.name())));
        }

        // ---- conditions --------------------------------------------------------------------------

        /** {@code where} without conditions on {@code column}, and {@code cond} added. */
        private static Expression replaceOrAdd(Expression where, Expression cond, String column) {
            Expression kept = removeConditionsOn(where, column);
            return kept == null ? cond : new AndExpression(parenthesize(kept), cond);
        }

        /** Drops top-level AND conjuncts that compare {@code column} (or the same measure) with a literal. */
        private static Expression removeConditionsOn(Expression where, String column) {
            if (where == null) {
                return null;
            }
            List<Expression> conjuncts = new ArrayList<>();
            splitAnd(where, conjuncts);
            List<Expression> kept = conjuncts.stream().filter(c -> !comparesColumn(c, column)).toList();
            if (kept.size() == conjuncts.size()) {
                return where;
            }
            Expression out = null;
            for (Expression c : kept) {
                out = out == null ? c : new AndExpression(out, c);
            }
            return out;
        }

        private static void splitAnd(Expression e, List<Expression> out) {
            if (e instanceof AndExpression a) {
                splitAnd(a.getLeftExpression(), out);
                splitAnd(a.getRightExpression(), out);
            } else if (e instanceof Parenthesis p && p.getExpression() instanceof AndExpression) {
                splitAnd(p.getExpression(), out);
            } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1
                    && p.get(0) instanceof AndExpression a) {
                splitAnd(a, out);
            } else {
                out.add(e);
            }
        }

        private static boolean comparesColumn(Expression e, String column) {
            Expression left;
            if (e instanceof ComparisonOperator c) {
                left = c.getLeftExpression();
            } else if (e instanceof Between b) {
                left = b.getLeftExpression();
            } else if (e instanceof InExpression in) {
                left = in.getLeftExpression();
            } else {
                return false;
            }
            return left.toString().equalsIgnoreCase(column) || unqualified(left).equalsIgnoreCase(unqualified(column));
        }

        private static String unqualified(Object e) {
            String s = e.toString();
            return s.contains(".") && !s.contains("(") ? s.substring(s.lastIndexOf('.') + 1) : s;
        }

        private static void walkConditions(Expression e, Consumer<Expression> visit) {
            if (e == null) {
                return;
            }
            if (e instanceof AndExpression a) {
                walkConditions(a.getLeftExpression(), visit);
                walkConditions(a.getRightExpression(), visit);
            } else if (e instanceof OrExpression o) {
                walkConditions(o.getLeftExpression(), visit);
                walkConditions(o.getRightExpression(), visit);
            } else if (e instanceof Parenthesis p) {
                walkConditions(p.getExpression(), visit);
            } else if (e instanceof ParenthesedExpressionList<?> p) {
                p.forEach(x -> walkConditions(x, visit));
            } else {
                visit.accept(e);
            }
        }

        private static Expression parenthesize(Expression e) {
            return e instanceof OrExpression ? new ParenthesedExpressionList<>(e) : e;
        }

        /** {@code left op right} as a node; {@code op} is one of the refiner's own operators. */
        private static ComparisonOperator compare(Expression left, String op, Expression right) {
            ComparisonOperator c = switch (op) {
                case ">" -> new GreaterThan();
                case ">=" -> new GreaterThanEquals();
                case "<" -> new MinorThan();
                case "<=" -> new MinorThanEquals();
                case "=" -> new EqualsTo();
                default -> throw new IllegalArgumentException("not a comparison operator: " + op);
            };
            c.setLeftExpression(left);
            c.setRightExpression(right);
            return c;
        }

        /** A number of the question as a numeric literal node; {@link SqlLiterals} checks it is a plain numeral. */
        private static Expression numberNode(String numeral) {
            String checked = SqlLiterals.number(numeral);
            return numeral.contains(".") || numeral.contains("e") || numeral.contains("E")
                    ? parseExpression(checked) : new LongValue(numeral);
        }

        private static Expression parseExpression(String sql) {
            try {
                return CCJSqlParserUtil.parseExpression(sql);
            } catch (JSQLParserException e) {
                throw new IllegalStateException("generated an unparsable expression: " + sql, e);
            }
        }

    }

    static boolean isAggregate(Expression e) {
        if (e instanceof Function f) {
            if (AGGREGATES.contains(upper(f.getName()))) {
                return true;
            }
            if (f.getParameters() != null) {
                for (Object p : f.getParameters()) {
                    if (p instanceof Expression x && isAggregate(x)) {
                        return true;
                    }
                }
            }
        }
        if (e instanceof net.sf.jsqlparser.expression.BinaryExpression b) {
            return isAggregate(b.getLeftExpression()) || isAggregate(b.getRightExpression());
        }
        if (e instanceof Parenthesis p) {
            return isAggregate(p.getExpression());
        }
        if (e instanceof ParenthesedExpressionList<?> p) {
            return p.stream().anyMatch(x -> isAggregate((Expression) x));
        }
        if (e instanceof net.sf.jsqlparser.expression.CastExpression c) {
            return isAggregate(c.getLeftExpression());
        }
        return false;
    }

    static boolean isText(ColumnInfo c) {
        return switch (c.jdbcType()) {
            case java.sql.Types.CHAR, java.sql.Types.VARCHAR, java.sql.Types.LONGVARCHAR, java.sql.Types.NCHAR,
                 java.sql.Types.NVARCHAR, java.sql.Types.LONGNVARCHAR, java.sql.Types.CLOB -> true;
            default -> c.typeName() != null && c.typeName().toLowerCase(Locale.ROOT).matches(".*(char|text|string).*");
        };
    }

    static boolean isTemporal(ColumnInfo c) {
        return switch (c.jdbcType()) {
            case java.sql.Types.DATE, java.sql.Types.TIMESTAMP, java.sql.Types.TIMESTAMP_WITH_TIMEZONE -> true;
            default -> c.typeName() != null && c.typeName().toLowerCase(Locale.ROOT).matches("date|datetime|timestamp.*");
        };
    }

    private static String upper(String s) {
        return s == null ? "" : s.toUpperCase(Locale.ROOT);
    }
}
