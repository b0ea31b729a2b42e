package org.nljdbc.translator.internal.symbolic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ForeignKey;
import org.nljdbc.translator.internal.catalog.JoinGraph;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.knowledge.Semantics;

/**
 * The metrics and named filters of a semantics file that a question names. A metric ("average order value") is a
 * measure: the question is composed with a count of the metric's own table in its place ("number of orders"), and
 * that count becomes the metric's expression; a named filter ("active customers") is its table, and its condition is
 * added to the query. It answers only when the rest of the question is understood as the translator understands any
 * other, and abstains, rather than guess, when the metric cannot stand where the count stood: a metric or filter over
 * a table the catalog does not show, two measures in one question, a metric expression that is no aggregate of its
 * declared tables, or a join that would repeat the metric's rows (revenue per order summed over order items).
 */
final class SemanticsReader {
    private static final Set<String> AGGREGATES = Set.of("sum", "avg", "count", "min", "max");

    /** A phrase of the question that names a metric or a filter of the file. */
    private record Mention(int start, int end, String phrase, Semantics.Metric metric, Semantics.Filter filter) {
    }

    /** Thrown inside when the question names what cannot be composed; the abstention says why. */
    static final class Refused extends Exception {
        final Abstention abstention;

        Refused(String reason, String phrase) {
            super(reason, null, false, false);
            this.abstention = new Abstention(reason, phrase == null ? List.of() : List.of(phrase), 0);
        }
    }

    private final Semantics file;
    private final Semantics visible;
    private final Catalog catalog;
    private final Dialect dialect;
    private final Function<String, SymbolicTranslator.Attempt> composer;

    SemanticsReader(Semantics file, Catalog catalog, Dialect dialect,
                    Function<String, SymbolicTranslator.Attempt> composer) {
        this.file = file;
        this.visible = file.visibleIn(catalog);
        this.catalog = catalog;
        this.dialect = dialect;
        this.composer = composer;
    }

    /** Empty when the question names no metric or filter of the file; else the answer, or why there is none. */
    Optional<SymbolicOutcome> attempt(String question) {
        List<Mention> mentions = mentions(question);
        if (mentions.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(answer(question, mentions));
        } catch (Refused r) {
            return Optional.of(r.abstention);
        }
    }

    /** The metric and filter names (and metric synonyms) in the question, longest first, never overlapping. */
    private List<Mention> mentions(String question) {
        List<Mention> candidates = new ArrayList<>();
        for (Semantics.Metric m : file.metrics()) {
            List<String> names = new ArrayList<>(m.synonyms());
            names.add(m.name());
            for (String n : names) {
                find(question, n, m, null, candidates);
            }
        }
        for (Semantics.Filter f : file.filters()) {
            find(question, f.name(), null, f, candidates);
        }
        candidates.sort(Comparator.comparingInt((Mention x) -> x.end() - x.start()).reversed()
                .thenComparingInt(Mention::start));
        List<Mention> taken = new ArrayList<>();
        for (Mention c : candidates) {
            if (taken.stream().noneMatch(t -> c.start() < t.end() && t.start() < c.end())) {
                taken.add(c);
            }
        }
        taken.sort(Comparator.comparingInt(Mention::start));
        return taken;
    }

    private static void find(String question, String name, Semantics.Metric m, Semantics.Filter f,
                             List<Mention> out) {
        List<String> words = new ArrayList<>();
        for (String w : name.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(Pattern.quote(w));
            }
        }
        if (words.isEmpty()) {
            return;
        }
        Matcher matcher = Pattern.compile("(?<![\\p{L}\\p{N}])" + String.join("[^\\p{L}\\p{N}]+", words)
                + "(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(question);
        while (matcher.find()) {
            out.add(new Mention(matcher.start(), matcher.end(), matcher.group(), m, f));
        }
    }

    private SymbolicOutcome answer(String question, List<Mention> mentions) throws Refused {
        Semantics.Metric metric = null;
        String metricPhrase = null;
        List<Semantics.Filter> filters = new ArrayList<>();
        for (Mention m : mentions) {
            if (m.metric() != null) {
                if (visible.metrics().stream().noneMatch(v -> v.name().equals(m.metric().name()))) {
                    throw new Refused("the metric \"" + m.metric().name() + "\" of the semantics file reads a table "
                            + "this connection may not use", m.phrase());
                }
                if (metric != null && !metric.name().equals(m.metric().name())) {
                    throw new Refused("the question names two metrics (\"" + metric.name() + "\", \""
                            + m.metric().name() + "\"); the LLM-free translator composes one at a time", m.phrase());
                }
                metric = m.metric();
                metricPhrase = m.phrase();
            } else {
                if (visible.filters().stream().noneMatch(v -> v.name().equals(m.filter().name()))) {
                    throw new Refused("the filter \"" + m.filter().name() + "\" of the semantics file reads a table "
                            + "this connection may not use", m.phrase());
                }
                if (!filters.contains(m.filter())) {
                    filters.add(m.filter());
                }
            }
        }
        TableInfo grain = metric == null ? null : grain(metric, metricPhrase);
        Map<Semantics.Filter, String> filterTable = new HashMap<>();
        for (Semantics.Filter f : filters) {
            filterTable.put(f, outerTable(f));
        }
        SymbolicTranslator.Attempt attempt = composer.apply(rewrite(question, mentions, grain, null, filterTable));
        String timeTable = grain == null || grain.columns().stream().anyMatch(SchemaLexicon::isTemporal) ? null
                : timeTable(grain);
        if (attempt.abstention() != null && timeTable != null) {
            // a metric of rows with no date of their own ("units sold in 2024"): its periods are of the nearest
            // table it reaches many-to-one, so the count is said of that table's rows; the checks below still apply
            SymbolicTranslator.Attempt dated = composer.apply(rewrite(question, mentions, grain, timeTable,
                    filterTable));
            if (dated.abstention() == null) {
                attempt = dated;
            }
        }
        if (attempt.abstention() != null) {
            Abstention a = attempt.abstention();
            return new Abstention(a.reason() + " (read with " + names(metric, filters) + " from the semantics file)",
                    a.notUnderstood(), a.confidence());
        }
        QueryModel.Query q = attempt.composed().query();
        Map<String, TableInfo> inQuery = new HashMap<>();
        inQuery.put(key(q.from().name()), q.from());
        q.joins().forEach(e -> inQuery.put(key(e.to().name()), e.to()));
        int counts = 0;
        if (metric != null) {
            counts = checkMeasure(q, metric, metricPhrase, grain, inQuery);
        }
        for (Semantics.Filter f : filters) {
            if (!inQuery.containsKey(key(filterTable.get(f)))) {
                throw new Refused("the filter \"" + f.name() + "\" is over " + filterTable.get(f)
                        + ", which the rest of the question does not read", f.name());
            }
        }
        String sql = MetricSplice.splice(new SqlRenderer(dialect).render(q), metric,
                metric == null ? null : label(metric.name()), counts, filters);
        List<String> tables = new ArrayList<>(SymbolicTranslator.tables(q));
        filters.forEach(f -> f.tables().forEach(t -> {
            if (tables.stream().noneMatch(t::equalsIgnoreCase)) {
                tables.add(t);
            }
        }));
        List<String> understood = new ArrayList<>();
        understood.add(names(metric, filters) + " (semantics file)");
        understood.addAll(attempt.composed().understood());
        return new SymbolicAnswer(sql, attempt.composed().confidence(), understood, tables,
                attempt.composed().guesses());
    }

    /**
     * The question with each metric said as a count of its table's rows ("number of order items", or "number of
     * order items of orders" when {@code dated} names the table its periods are of) and each filter as its table.
     */
    private static String rewrite(String question, List<Mention> mentions, TableInfo grain, String dated,
                                  Map<Semantics.Filter, String> filterTable) {
        StringBuilder rewritten = new StringBuilder();
        int at = 0;
        for (Mention m : mentions) {
            rewritten.append(question, at, m.start());
            rewritten.append(m.metric() != null ? "number of " + words(grain.name())
                    + (dated == null ? "" : " of " + words(dated)) : words(filterTable.get(m.filter())));
            at = m.end();
        }
        rewritten.append(question.substring(at));
        return rewritten.toString();
    }

    private static String names(Semantics.Metric metric, List<Semantics.Filter> filters) {
        List<String> out = new ArrayList<>();
        if (metric != null) {
            out.add("metric \"" + metric.name() + "\"");
        }
        filters.forEach(f -> out.add("filter \"" + f.name() + "\""));
        return String.join(", ", out);
    }

    /**
     * The metric's count stands only as COUNT(*) of the metric's rows: the one measure of the query, over a join
     * that reaches every other table many-to-one from the metric's table, so that each joined row is one of its rows.
     *
     * @return how many times the count occurs (select, order, having)
     */
    private int checkMeasure(QueryModel.Query q, Semantics.Metric metric, String phrase, TableInfo grain,
                             Map<String, TableInfo> inQuery) throws Refused {
        List<QueryModel.Expr> measures = new ArrayList<>();
        q.select().stream().filter(e -> e instanceof QueryModel.Aggregate).forEach(measures::add);
        q.orderBy().stream().map(QueryModel.Order::expr).filter(e -> e instanceof QueryModel.Aggregate)
                .forEach(measures::add);
        q.having().stream().map(QueryModel.Condition::left).filter(e -> e instanceof QueryModel.Aggregate)
                .forEach(measures::add);
        boolean onlyTheCount = !measures.isEmpty() && measures.stream().allMatch(e ->
                e instanceof QueryModel.Aggregate a && a.column() == null && !a.distinct()
                        && a.function().equals("COUNT"));
        boolean distinctRows = measures.stream().anyMatch(e -> e instanceof QueryModel.Aggregate a && a.distinct()
                && a.column() != null && key(a.column().table().name()).equals(key(grain.name())));
        if (distinctRows) {
            // the composer counts the metric's rows once each because the join repeats them; the metric cannot
            throw new Refused("the metric \"" + metric.name() + "\" is one value per row of " + grain.name()
                    + ", and the rest of the question joins tables with many rows for each: the join would repeat "
                    + "them and add the metric up more than once", phrase);
        }
        if (!onlyTheCount) {
            throw new Refused("the metric \"" + metric.name() + "\" cannot be combined with another measure or "
                    + "aggregate in one question yet", phrase);
        }
        for (String t : metric.tables()) {
            if (!inQuery.containsKey(key(t))) {
                throw new Refused("the metric \"" + metric.name() + "\" reads " + t + ", which the rest of the "
                        + "question does not join", phrase);
            }
        }
        // walk the join tree from the metric's table: every step away from it must be many-to-one
        Deque<TableInfo> todo = new ArrayDeque<>();
        Set<String> seen = new LinkedHashSet<>();
        todo.add(inQuery.get(key(grain.name())));
        seen.add(key(grain.name()));
        while (!todo.isEmpty()) {
            TableInfo at = todo.poll();
            for (JoinGraph.Step e : q.joins()) {
                boolean forward = e.from().equals(at);
                boolean backward = e.to().equals(at);
                TableInfo next = forward ? e.to() : backward ? e.from() : null;
                if (next == null || seen.contains(key(next.name()))) {
                    continue;
                }
                boolean manyToOne = forward ? e.forward() : !e.forward();
                if (!manyToOne) {
                    throw new Refused("the metric \"" + metric.name() + "\" is one value per row of "
                            + grain.name() + ", and " + next.name() + " has many rows for each: the join would "
                            + "repeat them and count the metric more than once", phrase);
                }
                seen.add(key(next.name()));
                todo.add(next);
            }
        }
        checkTime(q, metric, phrase, grain);
        return measures.size();
    }

    /**
     * A period or time bucket of a metric's question is about the metric's own time: a date of its table, or when
     * it has none, of the nearest table it reaches many-to-one ("top customers by units sold in 2024" is about the
     * orders' dates, never the customers' sign-up dates).
     */
    private void checkTime(QueryModel.Query q, Semantics.Metric metric, String phrase, TableInfo grain)
            throws Refused {
        List<QueryModel.ColumnRef> used = new ArrayList<>();
        for (QueryModel.Condition c : q.where()) {
            if (c.kind() == QueryModel.ValueKind.DATE && c.left() instanceof QueryModel.Column col) {
                used.add(col.ref());
            }
        }
        List<QueryModel.Expr> exprs = new ArrayList<>(q.select());
        exprs.addAll(q.groupBy());
        q.orderBy().forEach(o -> exprs.add(o.expr()));
        exprs.stream().filter(e -> e instanceof QueryModel.Bucket).forEach(e -> used.add(((QueryModel.Bucket) e)
                .column()));
        if (used.isEmpty()) {
            return;
        }
        String time = timeTable(grain);
        for (QueryModel.ColumnRef ref : used) {
            if (time == null || !key(ref.table().name()).equals(time)) {
                throw new Refused("the period in the question would be read on " + ref.table().name() + "."
                        + ref.column().name() + ", which is not the time of the metric \"" + metric.name() + "\"",
                        phrase);
            }
        }
    }

    /** The table whose dates a metric's periods are about, or null when two are equally near. */
    private String timeTable(TableInfo grain) {
        List<TableInfo> level = List.of(grain);
        Set<String> seen = new LinkedHashSet<>(List.of(key(grain.name())));
        while (!level.isEmpty()) {
            List<TableInfo> dated = level.stream().filter(t -> t.columns().stream()
                    .anyMatch(SchemaLexicon::isTemporal)).toList();
            if (!dated.isEmpty()) {
                return dated.size() == 1 ? key(dated.get(0).name()) : null;
            }
            List<TableInfo> next = new ArrayList<>();
            for (TableInfo t : level) {
                for (ForeignKey fk : t.importedKeys()) {
                    catalog.table(fk.toTable()).ifPresent(n -> {
                        if (seen.add(key(n.name()))) {
                            next.add(n);
                        }
                    });
                }
            }
            level = next;
        }
        return null;
    }

    /** The metric's table whose rows it aggregates: the one that reaches the other declared tables many-to-one. */
    private TableInfo grain(Semantics.Metric metric, String phrase) throws Refused {
        Expression e = parseMetric(metric, phrase);
        if (!aggregates(e)) {
            throw new Refused("the metric \"" + metric.name() + "\" is not an aggregate (SUM, AVG, COUNT, MIN, MAX) "
                    + "the LLM-free translator can compose", phrase);
        }
        checkReads(metric.sql(), metric.tables(), "metric \"" + metric.name() + "\"", phrase);
        List<TableInfo> declared = new ArrayList<>();
        for (String t : metric.tables()) {
            declared.add(catalog.table(t).orElseThrow(() -> new Refused("the metric \"" + metric.name()
                    + "\" reads a table this connection may not use", phrase)));
        }
        for (TableInfo candidate : declared) {
            Set<String> reached = reachedManyToOne(candidate);
            if (declared.stream().allMatch(t -> reached.contains(key(t.name())))) {
                return candidate;
            }
        }
        throw new Refused("the tables of the metric \"" + metric.name() + "\" are not joined many-to-one from one "
                + "of them", phrase);
    }

    private Set<String> reachedManyToOne(TableInfo from) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<TableInfo> todo = new ArrayDeque<>(List.of(from));
        seen.add(key(from.name()));
        while (!todo.isEmpty()) {
            for (ForeignKey fk : todo.poll().importedKeys()) {
                catalog.table(fk.toTable()).ifPresent(t -> {
                    if (seen.add(key(t.name()))) {
                        todo.add(t);
                    }
                });
            }
        }
        return seen;
    }

    /** The one table whose columns a filter's condition compares outside its subqueries ("customers.id IN ..."). */
    private String outerTable(Semantics.Filter f) throws Refused {
        Expression e;
        try {
            e = CCJSqlParserUtil.parseCondExpression(f.sql());
        } catch (JSQLParserException | RuntimeException ex) {
            throw new Refused("the filter \"" + f.name() + "\" of the semantics file is not an SQL condition",
                    f.name());
        }
        checkReads(f.sql(), f.tables(), "filter \"" + f.name() + "\"", f.name());
        Set<String> qualifiers = new LinkedHashSet<>();
        boolean[] bare = {false};
        outerColumns(e, c -> {
            if (c.getTable() == null || c.getTable().getName() == null) {
                bare[0] = true;
            } else {
                qualifiers.add(key(c.getTable().getName()));
            }
        });
        if (bare[0] && f.tables().size() == 1) {
            qualifiers.add(key(f.tables().get(0)));
        } else if (bare[0]) {
            throw new Refused("the filter \"" + f.name() + "\" names a column without its table", f.name());
        }
        if (qualifiers.size() != 1 || f.tables().stream().noneMatch(t -> key(t).equals(qualifiers.iterator()
                .next()))) {
            throw new Refused("the filter \"" + f.name() + "\" must compare the columns of one of its tables",
                    f.name());
        }
        String name = qualifiers.iterator().next();
        return catalog.table(name).map(TableInfo::name).orElseThrow(() -> new Refused("the filter \"" + f.name()
                + "\" reads a table this connection may not use", f.name()));
    }

    /** Every table the definition reads, subqueries included, is one it declares (the policy checked those). */
    private static void checkReads(String sql, List<String> declared, String what, String phrase) throws Refused {
        Set<String> read;
        try {
            read = TablesNamesFinder.findTablesInExpression(sql);
        } catch (JSQLParserException | RuntimeException e) {
            throw new Refused("the " + what + " of the semantics file is not an SQL expression", phrase);
        }
        for (String t : read) {
            if (declared.stream().noneMatch(d -> key(d).equals(key(t)))) {
                throw new Refused("the " + what + " of the semantics file reads " + t + ", which it does not "
                        + "declare in its tables", phrase);
            }
        }
    }

    private static Expression parseMetric(Semantics.Metric metric, String phrase) throws Refused {
        try {
            return CCJSqlParserUtil.parseExpression(metric.sql());
        } catch (JSQLParserException | RuntimeException e) {
            throw new Refused("the metric \"" + metric.name() + "\" of the semantics file is not an SQL expression "
                    + "the LLM-free translator can compose", phrase);
        }
    }


    /** Calls {@code each} on every column of {@code e} outside its subqueries. */
    static void outerColumns(Expression e, java.util.function.Consumer<Column> each) {
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                each.accept(column);
                return null;
            }

            @Override
            public <S> Void visit(ParenthesedSelect select, S context) {
                return null;
            }

            @Override
            public <S> Void visit(Select select, S context) {
                return null;
            }
        }, null);
    }

    /** Whether {@code e} calls an aggregate function outside any subquery. */
    private static boolean aggregates(Expression e) {
        boolean[] found = {false};
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(net.sf.jsqlparser.expression.Function f, S context) {
                String name = f.getName() == null ? "" : f.getName();
                if (AGGREGATES.contains(name.toLowerCase(Locale.ROOT))) {
                    found[0] = true;
                    return null;
                }
                return super.visit(f, context);
            }

            @Override
            public <S> Void visit(ParenthesedSelect select, S context) {
                return null;
            }

            @Override
            public <S> Void visit(Select select, S context) {
                return null;
            }
        }, null);
        return found[0];
    }

    /** The metric's name as a column label, cased as the dialect shows unquoted names. */
    private String label(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        boolean upper = dialect == Dialect.H2 || dialect == Dialect.ORACLE || dialect == Dialect.SNOWFLAKE;
        return new SqlRenderer(dialect).ident(upper ? lower.toUpperCase(Locale.ROOT) : lower);
    }

    private static String words(String table) {
        return table.replace('_', ' ');
    }

    static String key(String name) {
        String n = name.replace("\"", "").replace("`", "").replace("[", "").replace("]", "");
        return n.substring(n.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }
}
