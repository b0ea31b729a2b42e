package org.nljdbc.translator.internal.conversation;

import static org.nljdbc.translator.internal.conversation.Conditions.parenthesize;
import static org.nljdbc.translator.internal.conversation.Conditions.splitAnd;
import static org.nljdbc.translator.internal.conversation.QueryRefiner.isAggregate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.JoinGraph;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * One refinement in progress: the AST being edited, the words of the question not yet explained, the tables the
 * query reads, and the edits made so far. The edits ({@link EditKind}) share it; it resolves columns and joins tables.
 */
final class Refinement {
    /** Words that need no edit to explain them. */
    static final Set<String> FILLER = Set.copyOf(List.of("now", "only", "just", "and", "also", "but", "then", "show",
            "me", "please", "the", "a", "an", "of", "for", "in", "to", "with", "what", "about", "how", "instead",
            "same", "it", "them", "those", "these", "that", "this", "their", "its", "rows", "results", "result",
            "again", "give", "list", "let", "lets", "see", "is", "are", "be", "on", "from", "year", "years", "ones",
            "one", "all", "make", "use", "do", "did", "can", "you", "please", "same", "thing", "but", "where",
            "each", "by", "was", "were", "during", "within", "limited", "keep", "rather", "than", "us", "i",
            "want", "would", "like", "value", "values", "data", "numbers", "equal", "equals", "as", "well",
            "too", "filter", "filtered", "restrict", "restricted", "limit", "sorted", "order", "sort", "ordered",
            "period", "one", "ones", "have", "has", "there"));

    final PlainSelect ps;
    final Catalog catalog;
    final Dialect dialect;
    final String original;
    final StringBuilder rest;
    final Map<String, TableRef> tables = new LinkedHashMap<>();
    final List<String> edits = new ArrayList<>();
    final boolean instead;

    Refinement(String question, PlainSelect ps, Catalog catalog, Dialect dialect) {
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

    Matcher find(Pattern p) {
        Matcher m = p.matcher(rest);
        return m.find() ? m : null;
    }

    void consume(int start, int end) {
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

    /** What "top" ranks by: the aggregate's alias (or itself), else the current sort key, else a numeric column. */
    Expression rankKey() {
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

    /**
     * {@code where} without the conditions on {@code column}, however the previous query wrote it (qualified by
     * table or alias, quoted or bare), and {@code cond} added: a column is compared by what it resolves to.
     */
    Expression replaceOrAdd(Expression where, Expression cond, ColumnRef column) {
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
        Expression left = Conditions.comparedSide(e);
        ColumnRef r = left instanceof Column c ? resolve(c) : null;
        return r != null && r.table().name().equalsIgnoreCase(column.table().name())
                && r.column().name().equalsIgnoreCase(column.column().name());
    }

    /** A column of a table the query reads, named by {@code phrase}; the first table wins a tie. */
    Optional<ColumnRef> columnInQuery(String phrase) {
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
    ColumnRef join(TableInfo table, ColumnInfo column) throws UnclearEditException {
        TableRef present = tables.get(table.name().toLowerCase(Locale.ROOT));
        if (present == null) {
            // The follow-up reading of the graph: a tie between shortest paths (the region of a customer or of a
            // supplier?) is the user's to settle, so it is refused with the candidates named.
            TableInfo target = catalog.table(table.name()).orElse(table);
            JoinGraph.Path found = catalog.joinGraph().path(tables.values().stream().map(TableRef::info).toList(),
                    target);
            if (found instanceof JoinGraph.Ambiguous a) {
                throw new UnclearEditException(table.name() + " joins the query along " + a.count()
                        + " equally short paths: " + String.join(" or ", a.examples().stream()
                        .map(Refinement::describe).toList()));
            }
            if (!(found instanceof JoinGraph.Unique unique)) {
                throw new UnclearEditException("no foreign-key path joins " + table.name() + " to the previous query");
            }
            keepOnlyTheMainTablesColumns();
            for (JoinGraph.Step s : unique.steps()) {
                TableRef from = tables.get(s.from().name().toLowerCase(Locale.ROOT));
                TableInfo to = s.to();
                String ref = Names.sql(to.name(), dialect);
                Expression on = null;
                for (int i = 0; i < s.fromColumns().size(); i++) {
                    Expression eq = new EqualsTo(new Column(new Table(ref), Names.sql(s.toColumns().get(i),
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

    private static String describe(List<JoinGraph.Step> path) {
        StringBuilder sb = new StringBuilder(path.get(0).from().name());
        path.forEach(s -> sb.append(" -> ").append(s.to().name()));
        return sb.toString();
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

    ColumnRef resolve(Column c) {
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
    static ColumnInfo label(TableInfo t) {
        for (String n : List.of("name", "title", "label")) {
            Optional<ColumnInfo> c = t.column(n);
            if (c.isPresent()) {
                return c.get();
            }
        }
        return t.columns().stream().filter(QueryRefiner::isText).filter(c -> !isKey(t, c)).findFirst().orElse(null);
    }

    static boolean isKey(TableInfo t, ColumnInfo c) {
        return t.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(c.name()))
                || t.importedKeys().stream().anyMatch(fk -> fk.fromColumns().stream()
                .anyMatch(k -> k.equalsIgnoreCase(c.name())));
    }
}
