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
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.create.table.ColDataType;
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
import org.nljdbc.guard.Scope.Ctes;
import org.nljdbc.guard.Scope.Source;
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
    private final TableResolver tables;
    private final ScopeResolver resolver;
    private final SourceColumns columns;
    private final ColumnMasks masks;
    private final TenantFilter tenant;

    final Set<Object> handledTables = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Object> visitedSelects = Collections.newSetFromMap(new IdentityHashMap<>());
    final Set<String> rewrites = new LinkedHashSet<>();
    boolean astChanged;
    int tenantParameters;

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
        this.tables = new TableResolver(dialect, policy, schema, lists);
        this.resolver = new ScopeResolver(dialect);
        this.columns = new SourceColumns(dialect, resolver);
        this.masks = new ColumnMasks(policy);
        this.tenant = new TenantFilter(dialect, masks);
    }

    void analyzeRoot(Select root) {
        visitSelect(root, null, null, true);
    }

    /** @see TableResolver#checkRealTable */
    VisibleSchema.Table checkRealTable(Table t) {
        VisibleSchema.Table resolved = tables.checkRealTable(t);
        astChanged |= tables.respelled;
        return resolved;
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
                Names.Ident name = Names.Ident.of(w.getAliasName());
                Ctes bodyCtes = recursive ? new Ctes(cs, name, columns.recursive(w), false)
                        : implicitRecursion ? new Ctes(cs, name, null, true) : cs;
                List<String> cols = visitSelect(body, outer, bodyCtes, false);
                if (w.getWithItemList() != null && !w.getWithItemList().isEmpty()) {
                    cols = new ArrayList<>();
                    for (SelectItem<?> item : w.getWithItemList()) {
                        cols.add(resolver.canonical(String.valueOf(item.getExpression())));
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
                Source src = resolver.findQualifier(sc, atc.getTable());
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
                            if (src.range == null) {
                                throw new Refusal(Reason.UNSUPPORTED, "refused: * over a table with masked columns "
                                        + "and an unnamed subquery; give the subquery an alias or list the columns");
                            }
                            items.add(new SelectItem<>(new AllTableColumns(new Table(resolver.rangeSql(src)))));
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
            String outName = item.getAlias() != null ? resolver.canonical(item.getAlias().getName())
                    : e instanceof Column c ? resolver.canonical(c.getColumnName()) : null;
            out.add(outName);
            if (t.masked != null) {
                String aliasText = item.getAlias() != null ? item.getAlias().getName()
                        : e instanceof Column c ? c.getColumnName()
                        : e instanceof Function f && f.getName() != null ? lastPart(f.getName()) : "masked";
                items.add(new SelectItem<>(ColumnMasks.maskFor(e, top), new Alias(aliasText, true)));
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
        if (src.range == null) {
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
                items.add(new SelectItem<>(new Column(new Table(resolver.rangeSql(src)), quoted)));
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
            List<String> raw = TableResolver.nameParts(t);
            Names.Ident written = Names.Ident.of(raw.get(raw.size() - 1));
            Names.Ident range = t.getAlias() != null ? Names.Ident.of(t.getAlias().getName()) : written;
            Ctes cte = raw.size() == 1 ? resolver.resolveCte(written, cs) : null;
            if (cte != null && !cte.alsoRealTable()) {
                if (t.getAlias() != null && t.getAlias().getAliasColumns() != null
                        && !t.getAlias().getAliasColumns().isEmpty()) {
                    sc.sources.add(new Source(range, written.text(), aliasColumns(t.getAlias(), cte.columns()), Set.of(),
                            null));
                } else {
                    sc.sources.add(new Source(range, written.text(), cte.columns(), Set.of(), null));
                }
                walkRest(t, Set.of(), sc, cs);
                return;
            }
            VisibleSchema.Table resolved;
            try {
                resolved = checkRealTable(t);
            } catch (Refusal r) {
                if (cte == null || r.reason != Reason.UNKNOWN_TABLE) {
                    throw r;
                }
                // A CTE that names itself without RECURSIVE (SQL Server, Oracle) and no table of that name.
                sc.sources.add(new Source(range, written.text(), null, Set.of(), null));
                walkRest(t, Set.of(), sc, cs);
                return;
            }
            String display = resolved == null ? TableResolver.qualifiedName(t) : resolved.qualifiedName();
            List<String> cols = resolved == null ? null : resolved.columns();
            Set<String> masked = resolved == null ? Set.of() : masks.maskedColumns(resolved);
            if (t.getAlias() != null && t.getAlias().getAliasColumns() != null
                    && !t.getAlias().getAliasColumns().isEmpty()) {
                // FROM employees AS e(i, n, d, s): the alias list renames columns by position, masks move with them.
                if (cols == null || t.getAlias().getAliasColumns().size() > cols.size()) {
                    throw new Refusal(Reason.UNSUPPORTED, "refused: the column list of alias " + range
                            + " does not fit the columns of " + display);
                }
                List<String> renamed = aliasColumns(t.getAlias(), cols);
                Set<String> movedMasks = new LinkedHashSet<>();
                for (int i = 0; i < cols.size(); i++) {
                    if (masked.contains(cols.get(i).toLowerCase(Locale.ROOT))) {
                        movedMasks.add(renamed.get(i).toLowerCase(Locale.ROOT));
                    }
                }
                cols = renamed;
                masked = movedMasks;
            }
            Source src = new Source(range, display, cols, masked, resolved);
            walkRest(t, Set.of(), sc, cs);
            if (policy.tenantColumn() != null && !policy.tenantColumn().isBlank()) {
                if (resolved == null) {
                    throw new Refusal(Reason.DENIED_TABLE, "refused: table " + display + " is not in the visible "
                            + "schema, so its tenant filter cannot be applied");
                }
                String tenantCol = resolved.columns().stream().filter(c -> c.equalsIgnoreCase(policy.tenantColumn()))
                        .findFirst().orElse(null);
                if (tenantCol != null) {
                    ParenthesedSelect wrapped = tenant.wrap(t, src, tenantCol);
                    replace.accept(wrapped);
                    visitedSelects.add(wrapped);
                    visitedSelects.add(wrapped.getSelect());
                    tenantParameters++;
                    astChanged = true;
                    rewrites.add("tenant filter " + tenantCol + " = ? on " + src.display);
                }
            }
            sc.sources.add(src);
            return;
        }
        if (item instanceof LateralSubSelect l) {
            List<String> cols = visitSelect(l, sc, cs, false);
            sc.sources.add(new Source(aliasName(l.getAlias()), "lateral subquery", aliasColumns(l.getAlias(), cols), Set.of(),
                    null));
            return;
        }
        if (item instanceof ParenthesedSelect p) {
            List<String> cols = visitSelect(p, sc.outer, cs, false);
            sc.sources.add(new Source(aliasName(p.getAlias()), "subquery", aliasColumns(p.getAlias(), cols), Set.of(), null));
            return;
        }
        if (item instanceof ParenthesedFromItem pfi) {
            int before = sc.sources.size();
            addFromItem(sc, pfi.getFromItem(), cs, pfi::setFromItem, joins);
            if (pfi.getJoins() != null) {
                for (Join j : pfi.getJoins()) {
                    joins.add(j);
                    addFromItem(sc, j.getFromItem(), cs, j::setFromItem, joins);
                }
            }
            walkRest(pfi, Set.of("fromItem", "joins"), sc, cs);
            if (pfi.getAlias() != null) {
                // (a JOIN b) AS x: x.col and x.* reach the columns of every table inside, masked ones too.
                for (Source inner : sc.sources.subList(before, sc.sources.size())) {
                    if (!inner.masked.isEmpty()) {
                        throw new Refusal(Reason.MASKED_COLUMN_FILTER, "refused: an alias over joined tables hides "
                                + "the masked columns of " + inner.display + "; name the tables' own aliases instead");
                    }
                }
                sc.sources.add(new Source(aliasName(pfi.getAlias()), "joined tables", null, Set.of(), null));
            }
            return;
        }
        if (item instanceof TableFunction tf) {
            walkRest(tf, Set.of(), sc, cs);
            sc.sources.add(new Source(aliasName(tf.getAlias()), "table function",
                    aliasColumns(tf.getAlias(), columns.function(tf)), Set.of(), null));
            return;
        }
        if (item instanceof Select other) {
            List<String> cols = visitSelect(other, sc.outer, cs, false);
            sc.sources.add(new Source(null, "subquery", cols, Set.of(), null));
            return;
        }
        throw new Refusal(Reason.UNSUPPORTED, "refused: the guard cannot check a FROM item of the form "
                + item.getClass().getSimpleName());
    }

    private static Names.Ident aliasName(Alias a) {
        return a == null || a.getName() == null ? null : Names.Ident.of(a.getName());
    }

    /** The columns a source shows under an alias with a column list: renamed by position, the rest kept. */
    private List<String> aliasColumns(Alias a, List<String> cols) {
        if (a != null && a.getAliasColumns() != null && !a.getAliasColumns().isEmpty()) {
            List<String> out = new ArrayList<>();
            a.getAliasColumns().forEach(c -> out.add(resolver.canonical(c.name)));
            if (cols != null) {
                for (int i = out.size(); i < cols.size(); i++) {
                    out.add(cols.get(i));
                }
            }
            return out;
        }
        return cols;
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
        if (node instanceof ColDataType type && type.getDataType() != null) {
            checkType(type.getDataType().trim());
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
            Source src = resolver.findQualifier(sc, atc.getTable());
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
            if (!f.isDistinct() && (f.isAllColumns() || f.getParameters() == null || f.getParameters().stream()
                    .allMatch(p -> p instanceof AllColumns))) {
                return; // count(*) and count(t.*) reveal no values; count(DISTINCT t.*) compares them
            }
        }
        AstTree.children(node, child -> walkExpr(child, sc, cs, taint));
    }

    /** PostgreSQL's object identifier types: a cast to one looks a name up in the system catalogs. */
    private static final Set<String> PG_REG_TYPES = Set.of("regclass", "regcollation", "regconfig", "regdictionary",
            "regnamespace", "regoper", "regoperator", "regproc", "regprocedure", "regrole", "regtype");

    /**
     * A type a query names. PostgreSQL's row types: NULL::salaries (or redteam."salaries") describes a denied
     * table's columns; its object identifier types: 'salaries'::regclass tells whether a table exists, hidden or not.
     */
    private void checkType(String written) {
        List<String> parts = new ArrayList<>();
        for (String p : FunctionAllowlist.splitQualified(written)) {
            parts.add(Identifiers.unquote(p));
        }
        String name = parts.get(parts.size() - 1);
        String schemaAndName = parts.size() >= 2 ? parts.get(parts.size() - 2) + "." + name : name;
        tables.checkDeny(String.join(".", parts), String.join(".", parts), schemaAndName, name);
        if (dialect == Dialect.POSTGRESQL && !policy.allowSystemCatalogs()
                && PG_REG_TYPES.contains(name.toLowerCase(Locale.ROOT))) {
            throw new Refusal(Reason.SYSTEM_CATALOG, "refused: a cast to " + name + " looks names up in the system "
                    + "catalogs; system catalogs are not readable from NL queries");
        }
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

    /** The masked column a column reference reads ({@code table.column}), or null when it reads none. */
    private String resolveMasked(Column c, Scope sc) {
        Names.Ident ref = Names.Ident.of(c.getColumnName());
        String col = lower(ref.text());
        Table qualifier = c.getTable();
        if (qualifier != null && qualifier.getName() != null) {
            Source src = resolver.findQualifier(sc, qualifier);
            if (src != null) {
                requireColumnOf(src, ref, c);
                if (src.qualifierRewrite != null && TableResolver.nameParts(qualifier).size() > 1) {
                    c.setTable(new Table(src.qualifierRewrite));
                    astChanged = true;
                }
                return src.masked.contains(col) ? src.display + "." + col : null;
            }
            // Not a range variable in scope: a composite field, or a name the guard cannot place; be strict.
            return masks.coversColumnName(col) ? Identifiers.unquote(qualifier.getName()) + "." + col : null;
        }
        // Innermost scope first. Only an exact match ends the search: a match up to case may not be one for the
        // database, which would then look further out, so every such candidate is checked for masks too.
        for (Scope s = sc; s != null; s = s.outer) {
            boolean definite = false;
            for (Source src : s.sources) {
                if (src.columns == null) {
                    continue;
                }
                for (String stored : src.columns) {
                    if (stored == null) {
                        continue;
                    }
                    Names.Match m = Names.matchStored(ref, stored, dialect);
                    if (m == Names.Match.NONE && !stored.equalsIgnoreCase(ref.text())) {
                        continue;
                    }
                    if (src.masked.contains(stored.toLowerCase(Locale.ROOT)) || src.masked.contains(col)) {
                        return src.display + "." + stored;
                    }
                    definite |= m == Names.Match.EXACT;
                }
            }
            if (definite) {
                return null;
            }
            for (Source src : s.sources) {
                if (src.range != null && col.equalsIgnoreCase(src.range.text()) && !src.masked.isEmpty()) {
                    return src.display + " (whole row)";
                }
            }
        }
        return null;
    }

    /**
     * PostgreSQL reads {@code q.name}, where {@code name} is no column of {@code q}, as the call {@code name(q)} on
     * the whole row ({@code c.to_json} is {@code to_json(c)}, masked columns included; {@code c.f} runs any function
     * {@code f} that takes the row). Where the guard knows every column of the source, a name that is none of them
     * is refused; where it does not, the source is a subquery or function whose output is already masked.
     */
    private void requireColumnOf(Source src, Names.Ident ref, Column c) {
        if (dialect != Dialect.POSTGRESQL) {
            return;
        }
        if (src.columns != null) {
            for (String stored : src.columns) {
                if (Names.matchStored(ref, stored, dialect) == Names.Match.EXACT) {
                    return;
                }
            }
        }
        // Where the guard cannot list the source's columns (an unnamed expression, a function's output), the name may
        // still be a call: a user's function over anyelement runs on any row. Refused, as unknown functions are.
        throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: " + c + " is not a column the guard can find in "
                + src.display + "; PostgreSQL would read it as a call of the function " + ref + " on the whole row"
                + (src.columns != null && src.columns.stream().anyMatch(java.util.Objects::isNull) ? " (give the subquery's expressions aliases)" : ""));
    }

    private static String lastPart(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
