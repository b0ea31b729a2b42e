package org.nljdbc.guard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import org.nljdbc.guard.Verdict.Reason;

/**
 * The scope-aware pass: resolves every table reference (CTE or real table, through aliases), checks it
 * against the catalog rules and the policy, resolves columns for masking, and rewrites the AST for
 * masks and tenant filters. One instance per check; not thread-safe, never shared.
 */
final class QueryAnalyzer {
    private static final Set<String> SELECT_SKIP = Set.of("selectItems", "fromItem", "joins", "withItemsList",
            "intoTables", "mySqlSelectIntoClause", "intoTempTable", "forUpdateTables");
    private static final Set<String> SETOP_SKIP = Set.of("selects", "withItemsList", "forUpdateTables");
    private static final Set<String> PAREN_SKIP = Set.of("select", "withItemsList", "forUpdateTables");

    private final Dialect dialect;
    private final Policy policy;
    private final VisibleSchema schema;
    private final Denylists lists;
    private final List<MaskRule> masks = new ArrayList<>();
    private final List<NamePattern> allow = new ArrayList<>();
    private final List<NamePattern> deny = new ArrayList<>();

    final Set<Object> handledTables = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Object> visitedSelects = Collections.newSetFromMap(new IdentityHashMap<>());
    final Set<String> rewrites = new LinkedHashSet<>();
    boolean astChanged;
    int tenantParameters;

    private record MaskRule(NamePattern table, String column) {
    }

    private static final class Source {
        final String name;       // range name, lower case, unquoted; null when the item has no name
        final String display;    // for messages
        final List<String> columns; // null when unknown
        final Set<String> masked;   // lower-case column names whose values are masked
        String qualifierRewrite;

        Source(String name, String display, List<String> columns, Set<String> masked) {
            this.name = name;
            this.display = display;
            this.columns = columns;
            this.masked = masked;
        }

        boolean has(String column) {
            if (columns == null) {
                return false;
            }
            for (String c : columns) {
                if (c != null && c.equalsIgnoreCase(column)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Scope {
        final Scope outer;
        final List<Source> sources = new ArrayList<>();

        Scope(Scope outer) {
            this.outer = outer;
        }
    }

    /** Common table expressions visible at a point, innermost first. */
    private record Ctes(Ctes parent, String name, List<String> columns, boolean alsoRealTable) {
        Ctes find(String n) {
            for (Ctes c = this; c != null; c = c.parent) {
                if (c.name != null && c.name.equals(n)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** What an expression reveals: the first masked column it uses, if any. */
    private static final class Taint {
        final boolean filter;
        String masked;

        Taint(boolean filter) {
            this.filter = filter;
        }
    }

    QueryAnalyzer(Dialect dialect, Policy policy, VisibleSchema schema, Denylists lists) {
        this.dialect = dialect;
        this.policy = policy;
        this.schema = schema;
        this.lists = lists;
        for (String m : policy.maskColumns()) {
            int dot = m.lastIndexOf('.');
            if (dot > 0 && dot < m.length() - 1) {
                masks.add(new MaskRule(NamePattern.of(m.substring(0, dot)), m.substring(dot + 1).trim().toLowerCase(Locale.ROOT)));
            }
        }
        policy.allowTables().forEach(g -> allow.add(NamePattern.of(g)));
        policy.denyTables().forEach(g -> deny.add(NamePattern.of(g)));
    }

    void analyzeRoot(Select root) {
        visitSelect(root, null, null, true);
    }

    // ---- selects -------------------------------------------------------------------------------

    private List<String> visitSelect(Select s, Scope outer, Ctes ctes, boolean top) {
        if (!visitedSelects.add(s)) {
            return null;
        }
        Ctes cs = ctes;
        List<WithItem<?>> withItems = s.getWithItemsList();
        if (withItems != null && !withItems.isEmpty()) {
            boolean recursive = withItems.stream().anyMatch(WithItem::isRecursive);
            // SQL Server and Oracle have no RECURSIVE keyword: a CTE naming itself may be recursion or the real
            // table, so such a reference is checked as both.
            boolean implicitRecursion = dialect == Dialect.SQLSERVER || dialect == Dialect.ORACLE;
            for (WithItem<?> w : withItems) {
                if (!(w.getStatement() instanceof ParenthesedSelect body)) {
                    throw new Refusal(Reason.DATA_MODIFYING_CTE, "refused: the common table expression "
                            + w.getAliasName() + " modifies data; only queries may appear in WITH");
                }
                String name = lower(Identifiers.unquote(w.getAliasName()));
                Ctes bodyCtes = recursive ? new Ctes(cs, name, null, false)
                        : implicitRecursion ? new Ctes(cs, name, null, true) : cs;
                List<String> cols = visitSelect(body, outer, bodyCtes, false);
                if (w.getWithItemList() != null && !w.getWithItemList().isEmpty()) {
                    cols = new ArrayList<>();
                    for (SelectItem<?> item : w.getWithItemList()) {
                        cols.add(Identifiers.unquote(String.valueOf(item.getExpression())));
                    }
                }
                cs = new Ctes(cs, name, cols, false);
            }
        }
        List<String> out;
        if (s instanceof PlainSelect ps) {
            out = visitPlain(ps, outer, cs, top);
        } else if (s instanceof SetOperationList sol) {
            out = null;
            boolean first = true;
            for (Select branch : sol.getSelects()) {
                List<String> cols = visitSelect(branch, outer, cs, false);
                if (first) {
                    out = cols;
                    first = false;
                }
            }
            walkRest(sol, SETOP_SKIP, new Scope(outer), cs);
        } else if (s instanceof ParenthesedSelect p) {
            out = visitSelect(p.getSelect(), outer, cs, top);
            walkRest(p, PAREN_SKIP, new Scope(outer), cs);
        } else if (s instanceof Values v) {
            walkRest(v, Set.of(), new Scope(outer), cs);
            out = null;
        } else {
            throw new Refusal(Reason.UNSUPPORTED, "refused: the guard cannot check a query of the form "
                    + s.getClass().getSimpleName());
        }
        return out;
    }

    private List<String> visitPlain(PlainSelect ps, Scope outer, Ctes cs, boolean top) {
        Scope sc = new Scope(outer);
        List<Join> joins = new ArrayList<>();
        if (ps.getFromItem() != null) {
            addFromItem(sc, ps.getFromItem(), cs, ps::setFromItem, joins);
        }
        if (ps.getJoins() != null) {
            for (Join j : ps.getJoins()) {
                joins.add(j);
                addFromItem(sc, j.getFromItem(), cs, j::setFromItem, joins);
            }
        }
        for (Join j : joins) {
            if (j.isNatural() && sc.sources.stream().anyMatch(src -> !src.masked.isEmpty())) {
                // A natural join compares every column the two sides share, a masked one included.
                throw new Refusal(Reason.MASKED_COLUMN_FILTER, "refused: NATURAL JOIN over a table with masked columns "
                        + "could compare a masked column; join with ON");
            }
            walkRest(j, Set.of("fromItem"), sc, cs);
        }
        List<String> out = new ArrayList<>();
        List<SelectItem<?>> items = new ArrayList<>();
        boolean changed = false;
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllTableColumns atc) {
                Source src = findQualifier(sc, atc.getTable());
                if (src != null && !src.masked.isEmpty()) {
                    items.addAll(expand(src, top, joins));
                    changed = true;
                    addColumns(out, src);
                } else {
                    items.add(item);
                    addColumns(out, src);
                }
                continue;
            }
            if (e instanceof AllColumns ac) {
                boolean anyMasked = sc.sources.stream().anyMatch(src -> !src.masked.isEmpty());
                if (anyMasked) {
                    if (ac.getExceptColumns() != null || ac.getReplaceExpressions() != null) {
                        throw new Refusal(Reason.UNSUPPORTED, "refused: * with EXCEPT/REPLACE over a table with masked "
                                + "columns; list the columns instead");
                    }
                    for (Source src : sc.sources) {
                        if (src.masked.isEmpty()) {
                            if (src.name == null) {
                                throw new Refusal(Reason.UNSUPPORTED, "refused: * over a table with masked columns "
                                        + "and an unnamed subquery; give the subquery an alias or list the columns");
                            }
                            items.add(new SelectItem<>(new AllTableColumns(new Table(src.name))));
                        } else {
                            items.addAll(expand(src, top, joins));
                        }
                    }
                    changed = true;
                } else {
                    items.add(item);
                }
                for (Source src : sc.sources) {
                    addColumns(out, src);
                }
                continue;
            }
            Taint t = new Taint(false);
            walkExpr(e, sc, cs, t);
            String outName = item.getAlias() != null ? Identifiers.unquote(item.getAlias().getName())
                    : e instanceof Column c ? Identifiers.unquote(c.getColumnName()) : null;
            out.add(outName);
            if (t.masked != null) {
                String aliasText = item.getAlias() != null ? item.getAlias().getName()
                        : e instanceof Column c ? c.getColumnName()
                        : e instanceof Function f && f.getName() != null ? lastPart(f.getName()) : "masked";
                items.add(new SelectItem<>(maskValue(top), new Alias(aliasText, true)));
                rewrites.add("column " + t.masked + " masked");
                changed = true;
            } else {
                items.add(item);
            }
        }
        if (changed) {
            ps.setSelectItems(items);
            astChanged = true;
        }
        walkRest(ps, SELECT_SKIP, sc, cs);
        return out;
    }

    private static void addColumns(List<String> out, Source src) {
        if (src != null && src.columns != null) {
            out.addAll(src.columns);
        } else {
            out.add(null);
        }
    }

    private Expression maskValue(boolean top) {
        // At the top the user sees the mask; inside subqueries and set operations NULL fits any column type.
        return top ? new StringValue("***") : new NullValue();
    }

    private List<SelectItem<?>> expand(Source src, boolean top, List<Join> joins) {
        if (src.columns == null) {
            throw new Refusal(Reason.UNSUPPORTED, "refused: * over " + src.display + ", which has masked columns, "
                    + "cannot be expanded because its columns are not in the visible schema; list the columns");
        }
        if (src.name == null) {
            throw new Refusal(Reason.UNSUPPORTED, "refused: * over an unnamed source with masked columns");
        }
        for (Join j : joins) {
            if (j.isNatural() || (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty())) {
                throw new Refusal(Reason.UNSUPPORTED, "refused: * over a NATURAL or USING join with masked columns; "
                        + "list the columns");
            }
        }
        List<SelectItem<?>> items = new ArrayList<>();
        for (String col : src.columns) {
            String quoted = Identifiers.quoteIfNeeded(col, dialect);
            if (src.masked.contains(col.toLowerCase(Locale.ROOT))) {
                items.add(new SelectItem<>(maskValue(top), new Alias(quoted, true)));
                rewrites.add("column " + src.display + "." + col + " masked");
            } else {
                items.add(new SelectItem<>(new Column(new Table(Identifiers.quoteIfNeeded(src.name, dialect)), quoted)));
            }
        }
        rewrites.add("* over " + src.display + " expanded to mask columns");
        return items;
    }

    // ---- FROM ----------------------------------------------------------------------------------

    private void addFromItem(Scope sc, FromItem item, Ctes cs, Consumer<FromItem> replace, List<Join> joins) {
        if (item == null) {
            return;
        }
        if (item instanceof Table t) {
            handledTables.add(t);
            String bare = Identifiers.unquote(t.getName());
            String range = t.getAlias() != null ? lower(Identifiers.unquote(t.getAlias().getName())) : lower(bare);
            boolean qualified = t.getNameParts() != null && t.getNameParts().size() > 1;
            Ctes cte = !qualified && cs != null ? cs.find(lower(bare)) : null;
            if (cte != null && !cte.alsoRealTable()) {
                sc.sources.add(new Source(range, bare, cte.columns(), Set.of()));
                walkRest(t, Set.of(), sc, cs);
                return;
            }
            checkRealTable(t);
            String qualifiedName = qualifiedName(t);
            List<String> cols = schema.columns(qualifiedName).orElse(null);
            Source src = new Source(range, qualifiedName, cols, maskedColumns(t));
            walkRest(t, Set.of(), sc, cs);
            if (policy.tenantColumn() != null && !policy.tenantColumn().isBlank()) {
                if (cols == null) {
                    throw new Refusal(Reason.DENIED_TABLE, "refused: table " + qualifiedName + " is not in the visible "
                            + "schema, so its tenant filter cannot be applied");
                }
                String tenantCol = cols.stream().filter(c -> c.equalsIgnoreCase(policy.tenantColumn())).findFirst()
                        .orElse(null);
                if (tenantCol != null) {
                    wrapForTenant(t, src, tenantCol, replace);
                }
            }
            sc.sources.add(src);
            return;
        }
        if (item instanceof LateralSubSelect l) {
            List<String> cols = visitSelect(l, sc, cs, false);
            sc.sources.add(new Source(aliasName(l.getAlias()), "lateral subquery", aliasColumns(l.getAlias(), cols), Set.of()));
            return;
        }
        if (item instanceof ParenthesedSelect p) {
            List<String> cols = visitSelect(p, sc.outer, cs, false);
            sc.sources.add(new Source(aliasName(p.getAlias()), "subquery", aliasColumns(p.getAlias(), cols), Set.of()));
            return;
        }
        if (item instanceof ParenthesedFromItem pfi) {
            addFromItem(sc, pfi.getFromItem(), cs, pfi::setFromItem, joins);
            if (pfi.getJoins() != null) {
                for (Join j : pfi.getJoins()) {
                    joins.add(j);
                    addFromItem(sc, j.getFromItem(), cs, j::setFromItem, joins);
                }
            }
            walkRest(pfi, Set.of("fromItem", "joins"), sc, cs);
            if (pfi.getAlias() != null) {
                sc.sources.add(new Source(aliasName(pfi.getAlias()), "joined tables", null, Set.of()));
            }
            return;
        }
        if (item instanceof TableFunction tf) {
            walkRest(tf, Set.of(), sc, cs);
            sc.sources.add(new Source(aliasName(tf.getAlias()), "table function", null, Set.of()));
            return;
        }
        if (item instanceof Select other) {
            List<String> cols = visitSelect(other, sc.outer, cs, false);
            sc.sources.add(new Source(null, "subquery", cols, Set.of()));
            return;
        }
        throw new Refusal(Reason.UNSUPPORTED, "refused: the guard cannot check a FROM item of the form "
                + item.getClass().getSimpleName());
    }

    private static String aliasName(Alias a) {
        return a == null || a.getName() == null ? null : lower(Identifiers.unquote(a.getName()));
    }

    private static List<String> aliasColumns(Alias a, List<String> cols) {
        if (a != null && a.getAliasColumns() != null && !a.getAliasColumns().isEmpty()) {
            List<String> out = new ArrayList<>();
            a.getAliasColumns().forEach(c -> out.add(Identifiers.unquote(c.name)));
            return out;
        }
        return cols;
    }

    private void wrapForTenant(Table t, Source src, String tenantCol, Consumer<FromItem> replace) {
        if (t.getPivot() != null || t.getUnPivot() != null || t.getSampleClause() != null || t.getTimeTravel() != null) {
            throw new Refusal(Reason.UNSUPPORTED, "refused: the tenant filter cannot be applied to " + src.display
                    + " with PIVOT, SAMPLE or time travel");
        }
        Alias alias = t.getAlias();
        String rangeText = alias != null ? alias.getName() : t.getName();
        t.setAlias(null);
        PlainSelect inner = new PlainSelect();
        if (!src.masked.isEmpty() && src.columns != null) {
            for (String col : src.columns) {
                String quoted = Identifiers.quoteIfNeeded(col, dialect);
                inner.addSelectItems(src.masked.contains(col.toLowerCase(Locale.ROOT))
                        ? new SelectItem<>(new NullValue(), new Alias(quoted, true))
                        : new SelectItem<>(new Column(quoted)));
            }
        } else {
            inner.addSelectItems(new AllColumns());
        }
        inner.setFromItem(t);
        inner.setWhere(new EqualsTo(new Column(Identifiers.quoteIfNeeded(tenantCol, dialect)), new JdbcParameter()));
        ParenthesedSelect wrapped = new ParenthesedSelect();
        wrapped.setSelect(inner);
        wrapped.setAlias(new Alias(rangeText, alias != null ? alias.isUseAs() : dialect != Dialect.ORACLE));
        replace.accept(wrapped);
        visitedSelects.add(wrapped);
        visitedSelects.add(inner);
        src.qualifierRewrite = rangeText;
        tenantParameters++;
        astChanged = true;
        rewrites.add("tenant filter " + tenantCol + " = ? on " + src.display);
    }

    // ---- tables --------------------------------------------------------------------------------

    static List<String> nameParts(Table t) {
        List<String> raw = t.getNameParts();
        List<String> parts = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            parts.add(t.getName());
        } else {
            for (int i = raw.size() - 1; i >= 0; i--) {
                if (raw.get(i) != null && !raw.get(i).isEmpty()) {
                    parts.add(raw.get(i));
                }
            }
        }
        return parts;
    }

    static String qualifiedName(Table t) {
        List<String> parts = nameParts(t);
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            out.add(Identifiers.unquote(p));
        }
        return String.join(".", out);
    }

    /** Checks one reference to a real table: remote links, system catalogs, deny and allow lists. */
    void checkRealTable(Table t) {
        String fq = t.getFullyQualifiedName();
        List<String> rawParts = nameParts(t);
        String display = qualifiedName(t);
        if (fq != null && fq.indexOf('@') >= 0 || (dialect == Dialect.SQLSERVER && rawParts.size() >= 4)) {
            throw new Refusal(Reason.DENIED_TABLE, "refused: " + display + " is a remote table; only local tables may be read");
        }
        String rawName = rawParts.get(rawParts.size() - 1);
        String name = Identifiers.unquote(rawName);
        if (!policy.allowSystemCatalogs()) {
            for (int i = 0; i < rawParts.size() - 1; i++) {
                if (lists.isSystemSchema(Identifiers.unquote(rawParts.get(i)))) {
                    throw systemCatalog(display);
                }
            }
            if (lists.isSystemTable(name, dialect)) {
                throw systemCatalog(display);
            }
        }
        String schemaAndName = rawParts.size() >= 2
                ? Identifiers.unquote(rawParts.get(rawParts.size() - 2)) + "." + name : name;
        for (NamePattern p : deny) {
            if (p.matches(name) || p.matches(display) || p.matches(schemaAndName)) {
                throw new Refusal(Reason.DENIED_TABLE, "refused: table " + display + " may not be read (denied by "
                        + "policy)");
            }
        }
        if (!allow.isEmpty()) {
            boolean exactCase = Identifiers.isQuoted(rawName) && dialect != Dialect.MYSQL && dialect != Dialect.MARIADB
                    && dialect != Dialect.SQLITE && dialect != Dialect.SQLSERVER;
            boolean ok = false;
            for (NamePattern p : allow) {
                if (exactCase ? p.matchesExactCase(name) || p.matchesExactCase(schemaAndName)
                        : p.matches(name) || p.matches(display) || p.matches(schemaAndName)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                throw new Refusal(Reason.DENIED_TABLE, "refused: table " + display + " is not among the tables this "
                        + "connection may read");
            }
        }
    }

    private static Refusal systemCatalog(String display) {
        return new Refusal(Reason.SYSTEM_CATALOG, "refused: " + display + " is a system catalog; system catalogs "
                + "are not readable from NL queries");
    }

    private Set<String> maskedColumns(Table t) {
        if (masks.isEmpty()) {
            return Set.of();
        }
        List<String> rawParts = nameParts(t);
        String name = Identifiers.unquote(rawParts.get(rawParts.size() - 1));
        String display = qualifiedName(t);
        Set<String> out = new LinkedHashSet<>();
        for (MaskRule m : masks) {
            if (m.table.matches(name) || m.table.matches(display)) {
                out.add(m.column);
            }
        }
        return out;
    }

    // ---- expressions ---------------------------------------------------------------------------

    /** Walks the fields of {@code node} not named in {@code skip} as filter context: masked columns are refused. */
    private void walkRest(Object node, Set<String> skip, Scope sc, Ctes cs) {
        Taint t = new Taint(true);
        AstTree.children(node, skip, child -> walkExpr(child, sc, cs, t));
    }

    private void walkExpr(Object node, Scope sc, Ctes cs, Taint taint) {
        if (node instanceof Select sub) {
            visitSelect(sub, sc, cs, false);
            return;
        }
        if (node instanceof Column c) {
            String m = resolveMasked(c, sc);
            if (m != null) {
                if (taint.filter) {
                    throw new Refusal(Reason.MASKED_COLUMN_FILTER, "refused: masked column " + m + " may not be used in "
                            + "WHERE, JOIN, GROUP BY, HAVING or ORDER BY (that would reveal its values)");
                }
                if (taint.masked == null) {
                    taint.masked = m;
                }
            }
            return;
        }
        if (node instanceof AllTableColumns atc) {
            Source src = findQualifier(sc, atc.getTable());
            if ((src == null || !src.masked.isEmpty()) && !masks.isEmpty()) {
                wholeRow(taint, src == null ? String.valueOf(atc.getTable()) : src.display);
            }
            return;
        }
        if (node instanceof AllColumns) {
            for (Scope s = sc; s != null; s = s.outer) {
                for (Source src : s.sources) {
                    if (!src.masked.isEmpty()) {
                        wholeRow(taint, src.display);
                    }
                }
            }
            return;
        }
        if (node instanceof Function f && f.getName() != null && "count".equalsIgnoreCase(f.getName())) {
            if (f.isAllColumns() || f.getParameters() == null || f.getParameters().stream()
                    .allMatch(p -> p instanceof AllColumns)) {
                return; // count(*) and count(t.*) reveal no values
            }
        }
        AstTree.children(node, child -> walkExpr(child, sc, cs, taint));
    }

    private void wholeRow(Taint taint, String display) {
        String m = display + " (whole row)";
        if (taint.filter) {
            throw new Refusal(Reason.MASKED_COLUMN_FILTER, "refused: the whole row of " + display + ", which has masked "
                    + "columns, may not be used outside the select list");
        }
        if (taint.masked == null) {
            taint.masked = m;
        }
    }

    private Source findQualifier(Scope sc, Table qualifier) {
        if (qualifier == null || qualifier.getName() == null) {
            return null;
        }
        String q = lower(Identifiers.unquote(qualifier.getName()));
        for (Scope s = sc; s != null; s = s.outer) {
            for (Source src : s.sources) {
                if (q.equals(src.name)) {
                    return src;
                }
            }
        }
        for (Scope s = sc; s != null; s = s.outer) {
            for (Source src : s.sources) {
                if (src.display != null && q.equals(lower(lastPart(src.display)))) {
                    return src;
                }
            }
        }
        return null;
    }

    /** The masked column a column reference reads ({@code table.column}), or null when it reads none. */
    private String resolveMasked(Column c, Scope sc) {
        String col = lower(Identifiers.unquote(c.getColumnName()));
        Table qualifier = c.getTable();
        if (qualifier != null && qualifier.getName() != null) {
            Source src = findQualifier(sc, qualifier);
            if (src != null) {
                if (src.qualifierRewrite != null && nameParts(qualifier).size() > 1) {
                    c.setTable(new Table(src.qualifierRewrite));
                    astChanged = true;
                }
                return src.masked.contains(col) ? src.display + "." + col : null;
            }
            // Not a range variable in scope: a composite field, or a name the guard cannot place; be strict.
            for (MaskRule m : masks) {
                if (m.column.equals(col)) {
                    return Identifiers.unquote(qualifier.getName()) + "." + col;
                }
            }
            return null;
        }
        for (Scope s = sc; s != null; s = s.outer) {
            boolean definite = false;
            for (Source src : s.sources) {
                if (src.columns == null || src.has(col)) {
                    if (src.masked.contains(col)) {
                        return src.display + "." + col;
                    }
                    definite |= src.columns != null;
                }
            }
            if (definite) {
                return null;
            }
            for (Source src : s.sources) {
                if (col.equals(src.name) && !src.masked.isEmpty()) {
                    return src.display + " (whole row)";
                }
            }
        }
        return null;
    }

    private static String lastPart(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
