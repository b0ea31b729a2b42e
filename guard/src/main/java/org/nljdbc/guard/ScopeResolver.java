package org.nljdbc.guard;

import org.nljdbc.guard.Scope.Ctes;
import org.nljdbc.guard.Scope.Source;
import java.util.List;

import net.sf.jsqlparser.schema.Table;
import org.nljdbc.guard.Verdict.Reason;

/**
 * Resolves the names a query uses inside its scopes as the database will: the CTE a table name reads, the source a
 * qualifier names, and declared names as the database holds them. Refuses a name that could mean two things.
 */
final class ScopeResolver {
    private final Dialect dialect;

    ScopeResolver(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The CTE an unqualified table name reads, or null for a real table. A name that matches a CTE only up to case
     * is refused: whether it reads the CTE or a table of that name depends on the database's case rules.
     */
    Ctes resolveCte(Names.Ident name, Ctes cs) {
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

    /**
     * The source a qualifier names, as the database resolves it: innermost scope first, by the dialect's case rules.
     * Refuses a qualifier that two sources could answer to (one exactly, one up to case), since which one the
     * database picks depends on settings the guard cannot see. A {@code schema.table} qualifier names a table
     * source of that schema.
     */
    Source findQualifier(Scope sc, Table qualifier) {
        if (qualifier == null || qualifier.getName() == null) {
            return null;
        }
        List<String> parts = TableResolver.nameParts(qualifier);
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
        return new Refusal(Reason.UNSUPPORTED, "refused: the qualifier " + TableResolver.qualifiedName(qualifier) + " could name "
                + "more than one table or subquery of the query depending on the database's case rules; give each "
                + "a distinct alias");
    }

    /** A name the query declares (an alias, a CTE column), as the database will hold it. */
    String canonical(String raw) {
        return Names.canonical(Names.Ident.of(raw), dialect);
    }

    /** The range variable as the query must spell it to name the same source. */
    String rangeSql(Source src) {
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
}
