package org.nljdbc.guard;

import java.util.ArrayList;
import java.util.List;

import net.sf.jsqlparser.schema.Table;
import org.nljdbc.guard.Verdict.Reason;

/**
 * Resolves a reference to a real table as the database will, and checks it against the catalog rules and the policy:
 * remote links, system catalogs, the deny and allow lists, and names that two visible tables could answer to.
 */
final class TableResolver {
    private final Dialect dialect;
    private final Policy policy;
    private final VisibleSchema schema;
    private final Denylists lists;
    private final List<NamePattern> allow = new ArrayList<>();
    private final List<NamePattern> deny = new ArrayList<>();

    TableResolver(Dialect dialect, Policy policy, VisibleSchema schema, Denylists lists) {
        this.dialect = dialect;
        this.policy = policy;
        this.schema = schema;
        this.lists = lists;
        policy.allowTables().forEach(g -> allow.add(NamePattern.of(g)));
        policy.denyTables().forEach(g -> deny.add(NamePattern.of(g)));
    }

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
        spellAsStored(t, rawParts, resolved);
        return resolved;
    }

    /** Whether {@link #checkRealTable} respelled a reference (the query text must then be printed again). */
    boolean respelled;

    /**
     * MySQL and MariaDB compare table and database names by exact case where {@code lower_case_table_names} is 0 (the
     * Linux default), so {@code RT_CUSTOMERS} is another table than {@code rt_customers}, one the guard may not see.
     * A reference that matched its visible table only up to case is respelled exactly as stored (the written name
     * stays its range variable), so it reads that table under any setting.
     */
    private void spellAsStored(Table t, List<String> rawParts, VisibleSchema.Table resolved) {
        if (dialect != Dialect.MYSQL && dialect != Dialect.MARIADB) {
            return;
        }
        String name = Identifiers.unquote(rawParts.get(rawParts.size() - 1));
        boolean nameDiffers = !name.equals(resolved.name());
        boolean schemaDiffers = rawParts.size() == 2 && resolved.schema() != null
                && !Identifiers.unquote(rawParts.get(0)).equals(resolved.schema());
        if (!nameDiffers && !schemaDiffers) {
            return;
        }
        if (t.getAlias() == null) {
            t.setAlias(new net.sf.jsqlparser.expression.Alias(rawParts.get(rawParts.size() - 1), true));
        }
        t.setName(Identifiers.quoteIfNeeded(resolved.name(), dialect));
        if (schemaDiffers) {
            t.setSchemaName(Identifiers.quoteIfNeeded(resolved.schema(), dialect));
        }
        respelled = true;
    }

    /**
     * Whether a deny or mask pattern covers a table. A qualified pattern ({@code main.employees}) also covers a table
     * the database keeps without a schema (SQLite): over-matching a deny or a mask only refuses or masks more.
     */
    static boolean matchesTable(NamePattern p, VisibleSchema.Table t) {
        if (p.matches(t.name()) || p.matches(t.qualifiedName())) {
            return true;
        }
        int dot = p.glob().lastIndexOf('.');
        return t.schema() == null && dot > 0 && NamePattern.of(p.glob().substring(dot + 1)).matches(t.name());
    }

    private boolean exactCaseDialect() {
        return dialect == Dialect.POSTGRESQL;
    }

    void checkDeny(String display, String... names) {
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

    private static Refusal systemCatalog(String display) {
        return new Refusal(Reason.SYSTEM_CATALOG, "refused: " + display + " is a system catalog; system catalogs "
                + "are not readable from NL queries");
    }
}
