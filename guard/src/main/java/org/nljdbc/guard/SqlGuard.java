package org.nljdbc.guard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import org.nljdbc.guard.Verdict.Reason;

/**
 * Checks one SQL text against a {@link Policy}: a pure function, thread-safe, no I/O.
 * The text it accepts (in {@link Verdict.Accepted#sql()}) is the text that must run, unchanged.
 *
 * <p>What it guarantees for an accepted text: it is exactly one read-only query (no data-modifying CTE,
 * INTO, locking clause, denied function, system catalog or denied table anywhere in it), the outermost
 * query returns at most {@link Policy#maxRows()} rows, masked columns come back as constants, and every
 * table carrying the tenant column is filtered by a bound parameter. Anything it cannot verify is refused.
 */
public final class SqlGuard {
    private final Policy policy;
    private final boolean pgStandardStrings;

    public SqlGuard(Policy policy) {
        this(policy, false);
    }

    private SqlGuard(Policy policy, boolean pgStandardStrings) {
        this.policy = policy;
        this.pgStandardStrings = pgStandardStrings;
    }

    /**
     * This guard for text that runs on PostgreSQL only with {@code standard_conforming_strings} on, which the caller
     * guarantees (by {@code SET LOCAL} in the transaction the text runs in, before it runs): a backslash in a plain
     * literal is then an ordinary character, so {@code LIKE '%x%' ESCAPE '\'} (as Spark sends it) is accepted.
     * Without this guarantee the guard refuses a backslash before a quote, whose meaning depends on that setting.
     * Other dialects are checked as before; {@code E'...'} strings with backslashes stay refused.
     */
    public SqlGuard withPinnedStandardStrings() {
        return new SqlGuard(policy, true);
    }

    /** Whether this guard reads backslashes in PostgreSQL literals as plain characters. */
    public boolean pinnedStandardStrings() {
        return pgStandardStrings;
    }

    public Policy policy() {
        return policy;
    }

    /** Checks and rewrites {@code sql} for {@code dialect}; never throws for bad SQL, refuses instead. */
    public Verdict check(String sql, Dialect dialect, VisibleSchema schema) {
        try {
            if (sql == null || sql.isBlank()) {
                return new Verdict.Refused(Reason.SYNTAX, "refused: the statement is empty");
            }
            Dialect d = dialect == null ? Dialect.GENERIC : dialect;
            VisibleSchema s = schema == null ? VisibleSchema.empty() : schema;
            Verdict v = checkOnce(sql, d, s, policy, pgStandardStrings);
            if (v instanceof Verdict.Accepted a && !a.sql().equals(sql)) {
                // The guard accepts only text it has checked itself: the rewritten text goes through again,
                // tenant filters off (they are in place) and must come back unchanged.
                Verdict second = checkOnce(a.sql(), d, s, withoutTenant(), pgStandardStrings);
                if (!(second instanceof Verdict.Accepted b) || !b.sql().equals(a.sql())) {
                    return new Verdict.Refused(Reason.UNSUPPORTED, "refused: the guard could not rewrite this query "
                            + "into a form it accepts" + (second instanceof Verdict.Refused r ? " (" + r.message() + ")"
                            : " (" + a.sql() + " became " + ((Verdict.Accepted) second).sql() + ")"));
                }
            }
            return v;
        } catch (Refusal r) {
            return r.verdict();
        } catch (StackOverflowError | OutOfMemoryError e) {
            return new Verdict.Refused(Reason.TOO_COMPLEX, "refused: the statement is too complex to check");
        } catch (RuntimeException | LinkageError e) {
            return new Verdict.Refused(Reason.UNSUPPORTED, "refused: the guard could not check this statement ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Accepts {@code derived}, a text the caller made from {@code accepted} by renaming its result columns (e.g.
     * stable column names), only if the guard accepts it unchanged under this policy with tenant filters off (they are
     * in place, as on the guard's own second pass) and it keeps exactly as many parameter markers, so the tenant
     * values still bind where the guard put them. Empty otherwise: the caller runs {@code accepted}.
     */
    public java.util.Optional<Verdict.Accepted> recheck(Verdict.Accepted accepted, String derived, Dialect dialect,
                                                          VisibleSchema schema, String rewrite) {
        if (derived == null || derived.equals(accepted.sql())
                || markers(derived) != markers(accepted.sql()) || markers(derived) != accepted.parameters().size()) {
            return java.util.Optional.empty();
        }
        Verdict v = new SqlGuard(withoutTenant(), pgStandardStrings).check(derived, dialect, schema);
        if (!(v instanceof Verdict.Accepted a) || !a.sql().equals(derived)) {
            return java.util.Optional.empty();
        }
        java.util.List<String> rewrites = new java.util.ArrayList<>(accepted.rewrites());
        rewrites.add(rewrite);
        return java.util.Optional.of(new Verdict.Accepted(derived, accepted.parameters(), rewrites));
    }

    /** This policy with tenant filters off: for text whose tenant filters are already in place. */
    private Policy withoutTenant() {
        return new Policy(policy.maxRows(), policy.allowTables(), policy.denyTables(), policy.maskColumns(), null, null,
                policy.allowSystemCatalogs(), policy.allowFunctions());
    }

    /** {@code ?} markers outside string literals and quoted identifiers. */
    private static int markers(String sql) {
        int n = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '?') {
                n++;
            }
        }
        return n;
    }

    private static Verdict checkOnce(String given, Dialect dialect, VisibleSchema schema, Policy policy,
                                     boolean pgStandardStrings) {
        SqlText text = SqlText.screen(given, dialect, pgStandardStrings);
        StatementParser.Parsed parsed = StatementParser.parse(given, dialect, schema);
        // From here on the text is the one that parsed (catalog names the parser took for keywords quoted).
        String sql = parsed.text();
        if (!sql.equals(given)) {
            text = SqlText.screen(sql, dialect, pgStandardStrings);
        }
        Statements statements = parsed.statements();
        if (statements == null || statements.isEmpty()) {
            throw new Refusal(Reason.SYNTAX, "refused: no statement found");
        }
        if (statements.size() > 1) {
            int n = statements.size();
            for (int i = 0; i < n; i++) {
                if (!isQuery(statements.get(i))) {
                    throw new Refusal(Reason.MULTIPLE_STATEMENTS, "refused: statement " + (i + 1) + " of " + n + " is "
                            + statementKind(statements.get(i)) + "; only single read-only queries run");
                }
            }
            throw new Refusal(Reason.MULTIPLE_STATEMENTS, "refused: " + n + " statements; only single read-only "
                    + "queries run");
        }
        Statement st = statements.get(0);
        if (st instanceof Select && !isQuery(st)) {
            throw new Refusal(Reason.UNSUPPORTED, "refused: the guard cannot check a query of the form "
                    + st.getClass().getSimpleName() + "; write it as a plain SELECT");
        }
        if (!isQuery(st)) {
            throw new Refusal(Reason.NOT_READ_ONLY, "refused: " + statementKind(st)
                    + " is not a query; only single read-only queries run");
        }
        Select root = (Select) st;
        Denylists lists = Denylists.INSTANCE;
        NodeRules.Findings found = NodeRules.check(root, dialect, policy, lists, policy.allowFunctions().isEmpty()
                ? FunctionAllowlist.DEFAULT : new FunctionAllowlist(Set.copyOf(policy.allowFunctions())));

        QueryAnalyzer analyzer = new QueryAnalyzer(dialect, policy, schema, lists);
        analyzer.analyzeRoot(root);
        for (var t : found.tables()) {
            if (!analyzer.handledTables.contains(t)) {
                // A table in a position the scope pass does not model: still held to every table rule.
                analyzer.checkRealTable(t);
                if (policy.tenantColumn() != null) {
                    throw new Refusal(Reason.UNSUPPORTED, "refused: the tenant filter cannot be applied to "
                            + TableResolver.qualifiedName(t) + " where it appears");
                }
            }
        }
        if (analyzer.tenantParameters > 0 && found.parameters() > 0) {
            throw new Refusal(Reason.UNSUPPORTED, "refused: the query has its own parameters; tenant filters cannot be "
                    + "added to it safely");
        }
        List<String> rewrites = new ArrayList<>(analyzer.rewrites);
        parsed.quoted().forEach(w -> rewrites.add("name " + w + " quoted (the parser reads it as a keyword)"));
        LimitEnforcer.Outcome limit = LimitEnforcer.enforce(root, dialect, policy.maxRows(), rewrites);
        String out;
        if (analyzer.astChanged || limit.astChanged()) {
            Select finalRoot = limit.root();
            if (!analyzer.astChanged && limit.suffix() != null) {
                throw new IllegalStateException("limit suffix with a changed tree");
            }
            out = finalRoot.toString();
            if (limit.suffix() != null) {
                out = out + limit.suffix();
            }
        } else if (limit.suffix() != null) {
            out = sql.substring(0, text.endOfCode) + limit.suffix();
        } else {
            out = sql;
        }
        List<Object> parameters = analyzer.tenantParameters == 0 ? List.of()
                : Collections.nCopies(analyzer.tenantParameters, (Object) policy.tenantValue());
        return new Verdict.Accepted(out, parameters, rewrites);
    }

    private static boolean isQuery(Statement s) {
        return s instanceof PlainSelect || s instanceof SetOperationList || s instanceof ParenthesedSelect
                || s instanceof Values;
    }

    /** A statement's kind for messages: {@code Delete} reads DELETE, {@code CreateTable} CREATE TABLE. */
    static String statementKind(Statement s) {
        if (s instanceof Select) {
            return isQuery(s) ? "SELECT" : s.getClass().getSimpleName().toUpperCase(Locale.ROOT);
        }
        String name = s.getClass().getSimpleName().replace("Statement", "");
        if (name.isEmpty()) {
            return "a statement";
        }
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    /**
     * Whether a call of {@code writtenParts} (a possibly qualified function name, each part as written, quotes
     * included) is a built-in on the dialect's list of functions NL queries may call, in an expression or in FROM.
     * Anything else (a stored or user-defined function, an unknown name) may read or write anything: a view that
     * calls one cannot be said to read only the tables it names.
     */
    public static boolean isBuiltInFunction(java.util.List<String> writtenParts, Dialect dialect) {
        return FunctionAllowlist.DEFAULT.refusal(writtenParts, dialect, FunctionAllowlist.Position.EXPRESSION, false)
                .isEmpty()
                || FunctionAllowlist.DEFAULT.refusal(writtenParts, dialect, FunctionAllowlist.Position.FROM, false)
                .isEmpty();
    }

    /**
     * The guard's size limits alone, applied before any parsing: for callers that parse untrusted SQL themselves
     * (explaining it, for one), so that text too long or nested too deep for the guard is not parsed either.
     *
     * @return the refusal ({@link Reason#TOO_COMPLEX}, SQLState 42000) when {@code sql} is over a limit
     */
    public static java.util.Optional<Verdict.Refused> checkSize(String sql) {
        if (sql != null && sql.length() > StatementParser.MAX_LENGTH) {
            return java.util.Optional.of(new Verdict.Refused(Reason.TOO_COMPLEX, "refused: the statement is too "
                    + "complex: longer than " + StatementParser.MAX_LENGTH + " characters"));
        }
        int depth = sql == null ? 0 : net.sf.jsqlparser.parser.CCJSqlParserUtil.getNestingDepth(sql);
        if (depth > StatementParser.MAX_NESTING) {
            return java.util.Optional.of(new Verdict.Refused(Reason.TOO_COMPLEX, "refused: the statement is too "
                    + "complex: it nests parentheses " + depth + " deep (at most " + StatementParser.MAX_NESTING + ")"));
        }
        return java.util.Optional.empty();
    }
}
