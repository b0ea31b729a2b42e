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

    /** A mask: the tables it covers, its column as written (lower case), and that column as a glob. */
    private record MaskRule(NamePattern table, String column, NamePattern columnPattern) {
    }

    private static final class Source {
        final Names.Ident range;  // the range variable as written; null when the item has no name
        final String display;     // for messages
        final List<String> columns; // null when unknown
        final Set<String> masked;   // lower-case column names whose values are masked
        final VisibleSchema.Table table; // the catalog table it reads; null for CTEs, subqueries, functions
        String qualifierRewrite;

        Source(Names.Ident range, String display, List<String> columns, Set<String> masked, VisibleSchema.Table table) {
            this.range = range;
            this.display = display;
            this.columns = columns;
            this.masked = masked;
            this.table = table;
        }

        String rangeText() {
            return range == null ? null : range.text();
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
    private record Ctes(Ctes parent, Names.Ident name, List<String> columns, boolean alsoRealTable) {
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
                String column = m.substring(dot + 1).trim().toLowerCase(Locale.ROOT);
                masks.add(new MaskRule(NamePattern.of(m.substring(0, dot)), column, NamePattern.of(column)));
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
                Names.Ident name = Names.Ident.of(w.getAliasName());
                Ctes bodyCtes = recursive ? new Ctes(cs, name, null, false)
                        : implicitRecursion ? new Ctes(cs, name, null, true) : cs;
                List<String> cols = visitSelect(body, outer, bodyCtes, false);
                if (w.getWithItemList() != null && !w.getWithItemList().isEmpty()) {
                    cols = new ArrayList<>();
                    for (SelectItem<?> item : w.getWithItemList()) {
                        cols.add(canonical(String.valueOf(item.getExpression())));
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
                            if (src.range == null) {
                                throw new Refusal(Reason.UNSUPPORTED, "refused: * over a table with masked columns "
                                        + "and an unnamed subquery; give the subquery an alias or list the columns");
                            }
                            items.add(new SelectItem<>(new AllTableColumns(new Table(rangeSql(src)))));
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
            String outName = item.getAlias() != null ? canonical(item.getAlias().getName())
                    : e instanceof Column c ? canonical(c.getColumnName()) : null;
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
                items.add(new SelectItem<>(new Column(new Table(rangeSql(src)), quoted)));
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
            List<String> raw = nameParts(t);
            Names.Ident written = Names.Ident.of(raw.get(raw.size() - 1));
            Names.Ident range = t.getAlias() != null ? Names.Ident.of(t.getAlias().getName()) : written;
            Ctes cte = raw.size() == 1 ? resolveCte(written, cs) : null;
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
            String display = resolved == null ? qualifiedName(t) : resolved.qualifiedName();
            List<String> cols = resolved == null ? null : resolved.columns();
            Set<String> masked = resolved == null ? Set.of() : maskedColumns(resolved);
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
                    wrapForTenant(t, src, tenantCol, replace);
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
            sc.sources.add(new Source(aliasName(tf.getAlias()), "table function", aliasColumns(tf.getAlias(), null),
                    Set.of(), null));
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
            a.getAliasColumns().forEach(c -> out.add(canonical(c.name)));
            if (cols != null) {
                for (int i = out.size(); i < cols.size(); i++) {
                    out.add(cols.get(i));
                }
            }
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
        Set<String> masked = maskedColumns(src.table);
        if (!masked.isEmpty()) {
            for (String col : src.table.columns()) {
                String quoted = Identifiers.quoteIfNeeded(col, dialect);
                inner.addSelectItems(masked.contains(col.toLowerCase(Locale.ROOT))
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
        Alias outer = new Alias(rangeText, alias != null ? alias.isUseAs() : dialect != Dialect.ORACLE);
        if (alias != null && alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
            outer.setAliasColumns(alias.getAliasColumns());
        }
        wrapped.setAlias(outer);
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

    /**
     * Checks one reference to a real table and resolves it to the visible table it reads: remote links, system
     * catalogs and the deny list by the name as written (any spelling that could mean a denied table is refused),
     * then resolution by the dialect's rules, then deny and allow lists again on the table it resolved to.
     *
     * @return the visible table, or null for a name that reads no table ({@code DUAL}) or an allowed system catalog
     */
    VisibleSchema.Table checkRealTable(Table t) {
        String fq = t.getFullyQualifiedName();
        List<String> rawParts = nameParts(t);
        String display = qualifiedName(t);
        if (fq != null && fq.indexOf('@') >= 0 || (dialect == Dialect.SQLSERVER && rawParts.size() >= 4)) {
            throw new Refusal(Reason.DENIED_TABLE, "refused: " + display + " is a remote table; only local tables may be read");
        }
        String rawName = rawParts.get(rawParts.size() - 1);
        String name = Identifiers.unquote(rawName);
        boolean systemCatalog = false;
        for (int i = 0; i < rawParts.size() - 1; i++) {
            systemCatalog |= lists.isSystemSchema(Identifiers.unquote(rawParts.get(i)));
        }
        systemCatalog |= lists.isSystemTable(name, dialect);
        if (systemCatalog && !policy.allowSystemCatalogs()) {
            throw systemCatalog(display);
        }
        String schemaAndName = rawParts.size() >= 2
                ? Identifiers.unquote(rawParts.get(rawParts.size() - 2)) + "." + name : name;
        checkDeny(display, name, display, schemaAndName);
        if (rawParts.size() == 1 && !Identifiers.isQuoted(rawName) && name.equalsIgnoreCase("dual")
                && (dialect == Dialect.ORACLE || dialect == Dialect.MYSQL || dialect == Dialect.MARIADB
                || dialect == Dialect.H2)) {
            return null; // reads no table
        }
        VisibleSchema.Table resolved = resolveTable(rawParts, display);
        if (resolved == null) {
            if (systemCatalog) {
                return null; // allowed by policy; its columns are not known
            }
            throw new Refusal(Reason.UNKNOWN_TABLE, "refused: there is no visible table " + display
                    + (rawParts.size() > 1 ? " (only the tables of the configured schemas can be read)" : ""));
        }
        for (NamePattern p : deny) {
            if (matchesTable(p, resolved)) {
                throw new Refusal(Reason.DENIED_TABLE, "refused: table " + display + " may not be read (denied by "
                        + "policy)");
            }
        }
        if (!allow.isEmpty()) {
            boolean ok = false;
            for (NamePattern p : allow) {
                if (p.matchesExactCase(resolved.name()) || p.matchesExactCase(resolved.qualifiedName())
                        || (!Identifiers.isQuoted(rawName) || !exactCaseDialect())
                        && (p.matches(resolved.name()) || p.matches(resolved.qualifiedName()))) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                throw new Refusal(Reason.DENIED_TABLE, "refused: table " + display + " is not among the tables this "
                        + "connection may read");
            }
        }
        return resolved;
    }

    /**
     * Whether a deny or mask pattern covers a table. A qualified pattern ({@code main.employees}) also covers a table
     * the database keeps without a schema (SQLite): over-matching a deny or a mask only refuses or masks more.
     */
    private static boolean matchesTable(NamePattern p, VisibleSchema.Table t) {
        if (p.matches(t.name()) || p.matches(t.qualifiedName())) {
            return true;
        }
        int dot = p.glob().lastIndexOf('.');
        return t.schema() == null && dot > 0 && NamePattern.of(p.glob().substring(dot + 1)).matches(t.name());
    }

    private boolean exactCaseDialect() {
        return dialect == Dialect.POSTGRESQL;
    }

    private void checkDeny(String display, String... names) {
        for (NamePattern p : deny) {
            for (String n : names) {
                if (n != null && p.matches(n)) {
                    throw new Refusal(Reason.DENIED_TABLE, "refused: table " + display + " may not be read (denied by "
                            + "policy)");
                }
            }
        }
    }

    /**
     * The visible table a (possibly schema-qualified) name reads, or null when none could be meant. Refuses a name
     * that two visible tables could answer to under the dialect's rules (the database's choice would depend on its
     * search path or case settings, which the guard does not see).
     */
    private VisibleSchema.Table resolveTable(List<String> rawParts, String display) {
        if (rawParts.size() > 2) {
            throw new Refusal(Reason.UNKNOWN_TABLE, "refused: " + display + " names a table in another database; "
                    + "only the tables of this connection's schemas can be read");
        }
        Names.Ident name = Names.Ident.of(rawParts.get(rawParts.size() - 1));
        Names.Ident schema = rawParts.size() == 2 ? Names.Ident.of(rawParts.get(0)) : null;
        List<VisibleSchema.Table> exact = new ArrayList<>();
        List<VisibleSchema.Table> maybe = new ArrayList<>();
        for (VisibleSchema.Table t : this.schema.candidates(name.text())) {
            Names.Match m = Names.matchStored(name, t.name(), dialect);
            if (m == Names.Match.NONE) {
                continue;
            }
            if (schema != null) {
                Names.Match ms = t.schema() == null
                        ? (dialect == Dialect.SQLITE && schema.text().equalsIgnoreCase("main") ? Names.Match.EXACT
                        : Names.Match.NONE)
                        : Names.matchStored(schema, t.schema(), dialect);
                if (ms == Names.Match.NONE) {
                    continue;
                }
                if (ms == Names.Match.CASE_ONLY) {
                    m = Names.Match.CASE_ONLY;
                }
            }
            (m == Names.Match.EXACT ? exact : maybe).add(t);
        }
        if (exact.size() + maybe.size() > 1) {
            throw new Refusal(Reason.UNSUPPORTED, "refused: " + display + " could mean "
                    + (exact.size() + maybe.size()) + " visible tables (" + describe(exact, maybe)
                    + "); qualify it with its schema and write it with the exact case");
        }
        return !exact.isEmpty() ? exact.get(0) : maybe.isEmpty() ? null : maybe.get(0);
    }

    private static String describe(List<VisibleSchema.Table> a, List<VisibleSchema.Table> b) {
        List<String> names = new ArrayList<>();
        a.forEach(t -> names.add(t.qualifiedName()));
        b.forEach(t -> names.add(t.qualifiedName()));
        return String.join(", ", names);
    }

    /**
     * The CTE an unqualified table name reads, or null for a real table. A name that matches a CTE only up to case
     * is refused: whether it reads the CTE or a table of that name depends on the database's case rules.
     */
    private Ctes resolveCte(Names.Ident name, Ctes cs) {
        for (Ctes c = cs; c != null; c = c.parent()) {
            if (c.name() == null) {
                continue;
            }
            Names.Match m = Names.match(name, c.name(), dialect);
            if (m == Names.Match.EXACT) {
                if (dialect == Dialect.H2) {
                    // H2 reads a table of the same name, if one exists, before the CTE; the guard cannot see every
                    // table the database has (hidden ones are not in the visible schema), so it cannot tell.
                    throw new Refusal(Reason.UNSUPPORTED, "refused: H2 reads a table named " + name + ", where one "
                            + "exists, instead of the common table expression; write it as a subquery in FROM");
                }
                return c;
            }
            if (m == Names.Match.CASE_ONLY) {
                throw ambiguousCte(name);
            }
        }
        return null;
    }

    private static Refusal ambiguousCte(Names.Ident name) {
        return new Refusal(Reason.UNSUPPORTED, "refused: " + name + " could name a common table expression or a table "
                + "depending on the database's case rules; write the name exactly as the WITH clause declares it");
    }

    private static Refusal systemCatalog(String display) {
        return new Refusal(Reason.SYSTEM_CATALOG, "refused: " + display + " is a system catalog; system catalogs "
                + "are not readable from NL queries");
    }

    /** Lower-case names of the columns of {@code t} that the policy masks. */
    private Set<String> maskedColumns(VisibleSchema.Table t) {
        if (masks.isEmpty() || t == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (MaskRule m : masks) {
            if (matchesTable(m.table, t)) {
                out.add(m.column);
                for (String c : t.columns()) {
                    if (m.columnPattern.matches(c)) {
                        out.add(c.toLowerCase(Locale.ROOT));
                    }
                }
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
        if (node instanceof ColDataType type && type.getDataType() != null) {
            // PostgreSQL's row types: NULL::salaries describes a denied table's columns.
            String name = Identifiers.unquote(type.getDataType().trim());
            checkDeny(name, name, lastPart(name));
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
            if (!f.isDistinct() && (f.isAllColumns() || f.getParameters() == null || f.getParameters().stream()
                    .allMatch(p -> p instanceof AllColumns))) {
                return; // count(*) and count(t.*) reveal no values; count(DISTINCT t.*) compares them
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

    /**
     * The source a qualifier names, as the database resolves it: innermost scope first, by the dialect's case rules.
     * Refuses a qualifier that two sources could answer to (one exactly, one up to case), since which one the
     * database picks depends on settings the guard cannot see. A {@code schema.table} qualifier names a table
     * source of that schema.
     */
    private Source findQualifier(Scope sc, Table qualifier) {
        if (qualifier == null || qualifier.getName() == null) {
            return null;
        }
        List<String> parts = nameParts(qualifier);
        Names.Ident q = Names.Ident.of(parts.get(parts.size() - 1));
        Names.Ident schemaPart = parts.size() >= 2 ? Names.Ident.of(parts.get(parts.size() - 2)) : null;
        Source maybe = null;
        for (Scope s = sc; s != null; s = s.outer) {
            Source exact = null;
            for (Source src : s.sources) {
                Names.Match m = qualifierMatch(q, schemaPart, src);
                if (m == Names.Match.EXACT) {
                    if (exact != null && exact != src) {
                        throw ambiguousQualifier(qualifier);
                    }
                    exact = src;
                } else if (m == Names.Match.CASE_ONLY) {
                    if (maybe != null && maybe != src) {
                        throw ambiguousQualifier(qualifier);
                    }
                    maybe = src;
                }
            }
            if (exact != null) {
                if (maybe != null && maybe != exact) {
                    throw ambiguousQualifier(qualifier);
                }
                return exact;
            }
        }
        return maybe;
    }

    private Names.Match qualifierMatch(Names.Ident q, Names.Ident schemaPart, Source src) {
        if (schemaPart == null) {
            return src.range == null ? Names.Match.NONE : Names.match(q, src.range, dialect);
        }
        if (src.table == null) {
            return Names.Match.NONE;
        }
        Names.Match name = Names.matchStored(q, src.table.name(), dialect);
        Names.Match schema = src.table.schema() == null ? Names.Match.NONE
                : Names.matchStored(schemaPart, src.table.schema(), dialect);
        if (name == Names.Match.NONE || schema == Names.Match.NONE) {
            return Names.Match.NONE;
        }
        return name == Names.Match.EXACT && schema == Names.Match.EXACT ? Names.Match.EXACT : Names.Match.CASE_ONLY;
    }

    private static Refusal ambiguousQualifier(Table qualifier) {
        return new Refusal(Reason.UNSUPPORTED, "refused: the qualifier " + qualifiedName(qualifier) + " could name "
                + "more than one table or subquery of the query depending on the database's case rules; give each "
                + "a distinct alias");
    }

    /** The masked column a column reference reads ({@code table.column}), or null when it reads none. */
    private String resolveMasked(Column c, Scope sc) {
        Names.Ident ref = Names.Ident.of(c.getColumnName());
        String col = lower(ref.text());
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
                if (m.columnPattern.matches(col)) {
                    return Identifiers.unquote(qualifier.getName()) + "." + col;
                }
            }
            return null;
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

    /** A name the query declares (an alias, a CTE column), as the database will hold it. */
    private String canonical(String raw) {
        return Names.canonical(Names.Ident.of(raw), dialect);
    }

    /** The range variable as the query must spell it to name the same source. */
    private String rangeSql(Source src) {
        Names.Ident r = src.range;
        if (!r.quoted()) {
            return r.text();
        }
        return switch (dialect) {
            case MYSQL, MARIADB -> "`" + r.text().replace("`", "``") + "`";
            case SQLSERVER -> "[" + r.text().replace("]", "]]") + "]";
            default -> "\"" + r.text().replace("\"", "\"\"") + "\"";
        };
    }

    private static String lastPart(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
