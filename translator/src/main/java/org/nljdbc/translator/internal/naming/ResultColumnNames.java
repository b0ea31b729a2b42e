package org.nljdbc.translator.internal.naming;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import org.nljdbc.guard.Dialect;

/**
 * Names the result columns of an NL query from the question's words and the schema, the same way every time, so a
 * report designed against {@code category, revenue} keeps working whatever alias a model or the LLM-free translator
 * chose. An AST rewrite of the outermost select list (JSqlParser), applied to SQL the guard accepted; the caller
 * guards the result again before it runs.
 *
 * <p>The rule, per item of the outermost select list (of the first branch of a UNION), in order:
 * <ol>
 *   <li>{@code *} and {@code t.*} are left alone.</li>
 *   <li>A column: a label column ({@code name}, {@code title}, {@code label}) of a table the question names, when
 *       the question does not say "name", is named after that table in the singular ({@code categories.name} for
 *       "revenue by category" is {@code category}); a column the question names, by its name; else by the given
 *       alias, else by its name.</li>
 *   <li>{@code COUNT(*)} or {@code COUNT(t.c)}: the counted table ({@code orders}); {@code COUNT(DISTINCT t.id)} or
 *       {@code COUNT(DISTINCT customer_id)}: the table of those ids ({@code customers}).</li>
 *   <li>The one other aggregate of the list: the question's words before {@code by / per / since / of ...},
 *       filler and table words dropped ({@code revenue}, {@code average_price}, {@code total_amount}); with several
 *       aggregates, or no such words, the words of the given alias that the question uses, else the given alias,
 *       else {@code <function>_<column>} ({@code sum_amount}).</li>
 *   <li>Anything else: the given alias, else {@code <function>_<column>}, else {@code column_<n>}.</li>
 * </ol>
 * Names are lower-case {@code [a-z0-9_]}, unquoted (a database that folds names reports them as it reports any
 * other name, and a query around them can use them unquoted) except keywords such as {@code count} or
 * {@code year}, and made unique with {@code _2, _3}. {@code ORDER BY} references to a renamed alias follow
 * it; a {@code GROUP BY} on one (where it is not a table's column) groups by the aliased expression. SQL this cannot parse is returned unchanged.
 */
public final class ResultColumnNames {
    private static final Set<String> LABEL_COLUMNS = Set.of("name", "title", "label");
    private static final Set<String> AGGREGATES = Set.of("sum", "avg", "min", "max", "count", "total", "stddev",
            "variance", "median");
    private static final Set<String> BREAKS = Set.of("by", "per", "for", "each", "in", "since", "from", "after",
            "before", "over", "during", "where", "with", "between", "on", "at", "grouped", "group", "across",
            "within", "of", "until", "to", "broken", "split", "and");
    private static final Set<String> FILLERS = Set.of("how", "many", "much", "what", "which", "is", "are", "was",
            "were", "the", "a", "an", "show", "list", "give", "me", "us", "get", "find", "tell", "compute",
            "calculate", "report", "display", "all", "our", "my", "their", "its", "s", "number", "count", "do",
            "does", "did", "have", "has", "had", "we", "there", "please", "overall", "made", "earned", "generated",
            "brought", "got", "top", "bottom", "highest", "lowest", "most", "least", "best", "worst", "largest",
            "smallest", "biggest", "fewest", "greatest", "first", "last", "rank", "ranked", "order", "sorted");
    /** Names that are keywords to some database: quoted, so that they stay names. */
    private static final Set<String> KEYWORDS = Set.of("order", "group", "user", "select", "from", "where", "table",
            "limit", "offset", "by", "desc", "asc", "end", "case", "when", "all", "and", "or", "not", "null",
            "default", "check", "column", "primary", "key", "to", "value", "values", "year", "month", "day", "date",
            "time", "timestamp", "interval", "position", "rank", "row", "rows", "level", "comment", "range", "count",
            "sum", "avg", "min", "max", "number", "size", "type", "index", "left", "right", "full", "cross", "top");
    /** Function words alone do not name a measure ("sum of amount" is named after the column, not "sum"). */
    private static final Set<String> FUNCTION_WORDS = Set.of("total", "average", "avg", "mean", "sum", "maximum",
            "minimum", "max", "min");
    private static final Map<String, String> ALIAS_WORDS = Map.of("avg", "average", "sum", "total", "cnt", "count",
            "qty", "quantity", "amt", "amount", "num", "number");

    private ResultColumnNames() {
    }

    /**
     * {@code sql} with its result columns named by the rule above, or {@code sql} unchanged when it has nothing
     * to name or cannot be parsed.
     *
     * @param tableColumns the visible tables (bare names, any case) and their column names
     */
    public static String apply(String sql, String question, Dialect dialect, Map<String, Set<String>> tableColumns) {
        return apply(sql, question, dialect, index(tableColumns));
    }

    /** The visible tables and their columns as the rule looks them up; build it once per catalog. */
    public static final class Index {
        private final Map<String, Set<String>> lowerCase;

        private Index(Map<String, Set<String>> lowerCase) {
            this.lowerCase = lowerCase;
        }
    }

    /** @param tableColumns the visible tables (bare names, any case) and their column names */
    public static Index index(Map<String, Set<String>> tableColumns) {
        return new Index(lowerKeys(tableColumns));
    }

    /** As {@link #apply(String, String, Dialect, Map)}, over an {@link #index} built once for the catalog. */
    public static String apply(String sql, String question, Dialect dialect, Index tables) {
        Statement st;
        try {
            st = org.nljdbc.guard.SqlParsing.parse(sql);
        } catch (JSQLParserException | RuntimeException e) {
            return sql;
        }
        PlainSelect first = firstPlainSelect(st);
        if (first == null || first.getSelectItems() == null) {
            return sql;
        }
        Naming naming = new Naming(question, dialect, tables.lowerCase, first);
        if (!naming.rename()) {
            return sql;
        }
        naming.followReferences(orderBy(st, first), first.getGroupBy() == null ? List.of()
                : first.getGroupBy().getGroupByExpressionList());
        return st.toString();
    }

    private static PlainSelect firstPlainSelect(Statement st) {
        Object s = st;
        while (true) {
            if (s instanceof PlainSelect p) {
                return p;
            }
            if (s instanceof ParenthesedSelect p) {
                s = p.getSelect();
            } else if (s instanceof SetOperationList l && !l.getSelects().isEmpty()) {
                s = l.getSelects().get(0);
            } else {
                return null;
            }
        }
    }

    /** The ORDER BY that sorts the result: the union's own for a union, else the first select's. */
    private static List<OrderByElement> orderBy(Statement st, PlainSelect first) {
        List<OrderByElement> out = new ArrayList<>();
        if (st instanceof Select s && s != first && s.getOrderByElements() != null) {
            out.addAll(s.getOrderByElements());
        }
        if (first.getOrderByElements() != null) {
            out.addAll(first.getOrderByElements());
        }
        return out;
    }

    private static Map<String, Set<String>> lowerKeys(Map<String, Set<String>> in) {
        Map<String, Set<String>> out = new HashMap<>();
        in.forEach((t, cols) -> {
            Set<String> lower = new LinkedHashSet<>();
            cols.forEach(c -> lower.add(c.toLowerCase(Locale.ROOT)));
            out.merge(t.toLowerCase(Locale.ROOT), lower, (a, b) -> {
                a.addAll(b);
                return a;
            });
        });
        return out;
    }

    /** One naming pass over one select list. */
    private static final class Naming {
        private final List<String> words;
        private final Set<String> stems = new LinkedHashSet<>();
        private final Dialect dialect;
        private final Map<String, Set<String>> tableColumns;
        private final PlainSelect select;
        /** FROM aliases (and bare names) to the table they read, lower case. */
        private final Map<String, String> tables = new HashMap<>();
        private String baseTable;
        private final Map<String, String> renamed = new HashMap<>();
        /** The expression of each renamed alias, which a GROUP BY on the old alias groups by instead. */
        private final Map<String, Expression> renamedExpressions = new HashMap<>();

        Naming(String question, Dialect dialect, Map<String, Set<String>> tableColumns, PlainSelect select) {
            this.words = words(question == null ? "" : question);
            words.forEach(w -> stems.add(singular(w)));
            this.dialect = dialect;
            this.tableColumns = tableColumns;
            this.select = select;
            baseTable = addTable(select.getFromItem());
            if (select.getJoins() != null) {
                for (Join j : select.getJoins()) {
                    addTable(j.getFromItem());
                }
            }
        }

        private String addTable(FromItem item) {
            if (!(item instanceof Table t)) {
                return null;
            }
            String name = bare(t.getName());
            tables.put(name, name);
            if (t.getAlias() != null) {
                tables.put(bare(t.getAlias().getName()), name);
            }
            return name;
        }

        /** Names every item; false when nothing changed. */
        boolean rename() {
            List<SelectItem<?>> items = select.getSelectItems();
            long measures = items.stream().filter(i -> isMeasure(i.getExpression())).count();
            Set<String> used = new LinkedHashSet<>();
            boolean changed = false;
            for (int i = 0; i < items.size(); i++) {
                SelectItem<?> item = items.get(i);
                Expression e = item.getExpression();
                if (e instanceof AllColumns) {
                    continue;
                }
                String given = item.getAlias() == null ? null : bare(item.getAlias().getName());
                String name = unique(clean(nameOf(e, given, measures == 1), i + 1), used);
                String quoted = quote(name);
                boolean sameColumn = e instanceof Column c && item.getAlias() == null
                        && bare(c.getColumnName()).equals(name);
                if (!sameColumn && (item.getAlias() == null || !item.getAlias().getName().equals(quoted))) {
                    if (given != null) {
                        renamed.put(given, quoted);
                        renamedExpressions.put(given, e);
                    }
                    item.setAlias(new Alias(quoted, true));
                    changed = true;
                }
            }
            return changed;
        }

        private String nameOf(Expression e, String given, boolean onlyMeasure) {
            if (e instanceof Column c) {
                return columnName(c, given);
            }
            if (e instanceof Function f && isCount(f)) {
                return countName(f);
            }
            if (isMeasure(e)) {
                String phrase = onlyMeasure ? measurePhrase() : null;
                if (phrase != null) {
                    return phrase;
                }
                String fromAlias = given == null ? null : questionWordsOf(given);
                if (fromAlias != null) {
                    return fromAlias;
                }
                return given != null ? given : functionName((Function) e);
            }
            if (given != null) {
                return given;
            }
            if (e instanceof Function f) {
                return functionName(f);
            }
            return null;
        }

        private String columnName(Column c, String given) {
            String column = bare(c.getColumnName());
            if (LABEL_COLUMNS.contains(column) && !stems.contains("name") && !stems.contains(column)) {
                String table = tableOf(c);
                if (table != null && stems.contains(singular(table))) {
                    return singular(table);
                }
            }
            return stems.contains(singular(column)) || given == null ? column : given;
        }

        private String tableOf(Column c) {
            if (c.getTable() != null && c.getTable().getName() != null) {
                return tables.get(bare(c.getTable().getName()));
            }
            String column = bare(c.getColumnName());
            String found = null;
            for (String t : new LinkedHashSet<>(tables.values())) {
                if (tableColumns.getOrDefault(t, Set.of()).contains(column)) {
                    if (found != null) {
                        return null;
                    }
                    found = t;
                }
            }
            return found != null ? found : tables.size() == 1 ? baseTable : null;
        }

        private String countName(Function f) {
            List<?> args = f.getParameters() == null ? List.of() : f.getParameters();
            if (f.isAllColumns() || args.isEmpty() || args.get(0) instanceof AllColumns) {
                return baseTable != null ? baseTable : "count";
            }
            if (args.size() == 1 && args.get(0) instanceof Column c) {
                String column = bare(c.getColumnName());
                if (!f.isDistinct() || column.equals("id")) {
                    String t = tableOf(c);
                    return t != null ? t : "count_" + column;
                }
                if (column.endsWith("_id")) {
                    String of = column.substring(0, column.length() - 3);
                    for (String t : tableColumns.keySet()) {
                        if (singular(t).equals(of)) {
                            return t;
                        }
                    }
                }
                return "count_" + column;
            }
            return "count";
        }

        /** The question's words for the measure: those before the first break word, fillers and tables dropped. */
        private String measurePhrase() {
            List<String> kept = new ArrayList<>();
            for (String w : words) {
                if (BREAKS.contains(w)) {
                    if (kept.isEmpty()) {
                        continue;
                    }
                    break;
                }
                if (FILLERS.contains(w) || Character.isDigit(w.charAt(0)) || isTableWord(w)) {
                    continue;
                }
                kept.add(w);
            }
            if (kept.isEmpty() || kept.size() > 4 || FUNCTION_WORDS.containsAll(kept)) {
                return null;
            }
            return String.join("_", kept);
        }

        private boolean isTableWord(String w) {
            String s = singular(w);
            for (String t : tableColumns.keySet()) {
                if (t.equals(w) || singular(t).equals(s)) {
                    return true;
                }
            }
            return false;
        }

        /** The words of a given alias that the question also uses ({@code total_revenue} -> {@code revenue}). */
        private String questionWordsOf(String alias) {
            List<String> kept = new ArrayList<>();
            for (String part : alias.split("[^a-z0-9]+")) {
                String w = ALIAS_WORDS.getOrDefault(part, part);
                if (!w.isEmpty() && stems.contains(singular(w)) && !FILLERS.contains(w)) {
                    kept.add(w);
                }
            }
            return kept.isEmpty() || FUNCTION_WORDS.containsAll(kept) ? null : String.join("_", kept);
        }

        private static String functionName(Function f) {
            StringBuilder sb = new StringBuilder(f.getName() == null ? "value" : f.getName().toLowerCase(Locale.ROOT));
            if (f.getParameters() != null) {
                for (Object p : f.getParameters()) {
                    if (p instanceof Column c) {
                        sb.append('_').append(bare(c.getColumnName()));
                    }
                }
            }
            return sb.toString();
        }

        /**
         * ORDER BY references follow a renamed alias; a GROUP BY on an old alias (where that name is no table's
         * column) groups by the aliased expression itself, which every database reads the same way whatever the new
         * name happens to collide with.
         */
        void followReferences(List<OrderByElement> orderBy, List<Expression> groupBy) {
            if (renamed.isEmpty()) {
                return;
            }
            for (OrderByElement o : orderBy) {
                if (o.getExpression() instanceof Column c && c.getTable() == null) {
                    String to = renamed.get(bare(c.getColumnName()));
                    if (to != null) {
                        o.setExpression(new Column(to));
                    }
                }
            }
            for (int i = 0; i < groupBy.size(); i++) {
                if (groupBy.get(i) instanceof Column c && c.getTable() == null) {
                    String name = bare(c.getColumnName());
                    Expression to = renamedExpressions.get(name);
                    if (to != null && !isColumnOfFrom(name)) {
                        groupBy.set(i, to);
                    }
                }
            }
        }

        private boolean isColumnOfFrom(String column) {
            for (String t : tables.values()) {
                if (tableColumns.getOrDefault(t, Set.of()).contains(column)) {
                    return true;
                }
            }
            return false;
        }

        /** Unquoted, so that the database folds it as it folds every other name a query around it may use. */
        private String quote(String name) {
            if (!KEYWORDS.contains(name)) {
                return name;
            }
            return dialect == Dialect.MYSQL || dialect == Dialect.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
        }
    }

    private static boolean isMeasure(Expression e) {
        return e instanceof Function f && f.getName() != null
                && AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT)) && !isCount(f);
    }

    private static boolean isCount(Function f) {
        return f.getName() != null && f.getName().equalsIgnoreCase("count");
    }

    private static String unique(String name, Set<String> used) {
        String out = name;
        for (int n = 2; !used.add(out); n++) {
            out = name + "_" + n;
        }
        return out;
    }

    /** Lower-case {@code [a-z0-9_]}, starting with a letter, at most 60 characters. */
    private static String clean(String name, int position) {
        String s = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        if (s.isEmpty()) {
            return "column_" + position;
        }
        if (!Character.isLetter(s.charAt(0))) {
            s = "c_" + s;
        }
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    /** An identifier without its quotes or schema, lower case. */
    static String bare(String name) {
        String n = name.replace("\"", "").replace("`", "").replace("[", "").replace("]", "");
        return n.substring(n.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    static List<String> words(String question) {
        List<String> out = new ArrayList<>();
        for (String w : question.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** English singular, enough for table names: categories -> category, statuses -> status, orders -> order. */
    static String singular(String w) {
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("uses") || w.endsWith("xes") || w.endsWith("ches")
                || w.endsWith("shes")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is") && w.length() > 3) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
