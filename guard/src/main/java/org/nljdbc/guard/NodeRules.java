package org.nljdbc.guard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.MethodCallExpression;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.expression.XmlTableFunction;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseAnd;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.LateralView;
import net.sf.jsqlparser.statement.select.MySqlSelectIntoClause;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithFunctionDeclaration;
import net.sf.jsqlparser.statement.select.WithItem;
import org.nljdbc.guard.FunctionAllowlist.Position;
import org.nljdbc.guard.Verdict.Reason;

/**
 * Rules that hold for every node of the tree, wherever it sits: checked over a complete field walk
 * ({@link AstTree}), so that no expression type, clause or nesting can hide a node from them.
 */
final class NodeRules {
    /**
     * T-SQL needs no semicolon between statements: an alias that is a statement keyword (FROM t SHUTDOWN)
     * is where the database would start a second statement that JSqlParser reads as an alias.
     */
    /** Niladic functions that reveal the connected user, written without parentheses in standard SQL. */
    private static final Set<String> IDENTITY_KEYWORDS = Set.of("current_user", "session_user", "current_role",
            "system_user");

    private static final Set<String> TSQL_STATEMENT_KEYWORDS = Set.of("shutdown", "exec", "execute", "waitfor",
            "delete", "insert", "update", "drop", "create", "alter", "truncate", "grant", "revoke", "deny", "kill",
            "backup", "restore", "dbcc", "use", "declare", "set", "begin", "commit", "rollback", "save", "merge",
            "bulk", "reconfigure", "checkpoint", "print", "raiserror", "throw", "goto", "return", "while", "if",
            "open", "fetch", "close", "deallocate", "readtext", "writetext", "updatetext", "setuser", "revert",
            "select", "with", "go", "disable", "enable", "receive", "send", "get", "move");

    /** What the walk found that later stages need. */
    record Findings(List<Table> tables, int parameters) {
    }

    private NodeRules() {
    }

    static Findings check(Statement root, Dialect dialect, Policy policy, Denylists lists) {
        return check(root, dialect, policy, lists, FunctionAllowlist.DEFAULT);
    }

    static Findings check(Statement root, Dialect dialect, Policy policy, Denylists lists,
                          FunctionAllowlist functions) {
        List<Object> nodes = AstTree.allNodes(root);
        // Order matters only for which reason is reported when several apply: statement kinds first.
        for (Object n : nodes) {
            if (n instanceof WithFunctionDeclaration) {
                // WITH FUNCTION lower(...) ... would also shadow a built-in's name for the query below it.
                throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: WITH FUNCTION defines code for the query to "
                        + "run; NL queries may call only built-in functions");
            }
        }
        for (Object n : nodes) {
            if (n instanceof WithItem<?> w && !(w.getStatement() instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect)) {
                throw new Refusal(Reason.DATA_MODIFYING_CTE, "refused: the common table expression "
                        + w.getAliasName() + " modifies data; only queries may appear in WITH");
            }
        }
        for (Object n : nodes) {
            if (n instanceof Statement s && !(s instanceof Select)) {
                throw new Refusal(Reason.NOT_READ_ONLY, "refused: a nested " + SqlGuard.statementKind(s)
                        + " statement; only read-only queries run");
            }
        }
        FunctionCalls calls = FunctionCalls.of(nodes);
        List<Table> tables = new ArrayList<>();
        int parameters = 0;
        for (Object n : nodes) {
            if (n instanceof Select s) {
                checkSelect(s);
            } else if (n instanceof MySqlSelectIntoClause) {
                throw into();
            } else if (n instanceof TableFunction) {
                // Its own name fields are empty: the function (or ROWS FROM functions) it holds are nodes of
                // their own, checked below against the table-function list.
                continue;
            } else if (n instanceof Function f) {
                checkFunction(f, calls, dialect, lists, functions);
            } else if (n instanceof MethodCallExpression m) {
                // A method of an object type runs whatever code that type defines, whatever the method is called.
                throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: " + m + " calls a method of an object; NL "
                        + "queries may call only built-in functions");
            } else if (n instanceof AnalyticExpression a) {
                checkCall(a.getName() == null ? List.of("") : FunctionAllowlist.splitQualified(a.getName()),
                        calls.unicodeEscaped.contains(a), Position.EXPRESSION, dialect, lists, functions);
            } else if (n instanceof NextValExpression) {
                throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: NEXT VALUE FOR advances a sequence; NL queries "
                        + "may not change anything");
            } else if (n instanceof Column c) {
                String name = Identifiers.unquote(String.valueOf(c.getColumnName())).toLowerCase(Locale.ROOT);
                if (c.getTable() != null && (name.equals("nextval") || name.equals("currval"))) {
                    throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: " + c + " reads or advances a sequence");
                }
                checkIdentityKeyword(c, dialect);
            } else if (n instanceof VariableAssignment) {
                throw new Refusal(Reason.NOT_READ_ONLY, "refused: assigning a variable changes session state");
            } else if (n instanceof UserVariable v && v.isDoubleAdd() && !policy.allowSystemCatalogs()) {
                throw new Refusal(Reason.SYSTEM_CATALOG, "refused: system variable " + v + " is server configuration, "
                        + "not data");
            } else if (n instanceof Table t) {
                tables.add(t);
            } else if (n instanceof JdbcParameter || n instanceof JdbcNamedParameter) {
                parameters++;
            } else if (n instanceof Alias a && dialect == Dialect.SQLSERVER && a.getName() != null
                    && !Identifiers.isQuoted(a.getName())
                    && TSQL_STATEMENT_KEYWORDS.contains(a.getName().toLowerCase(Locale.ROOT))) {
                throw new Refusal(Reason.MULTIPLE_STATEMENTS, "refused: '" + a.getName() + "' would start a second "
                        + "statement in T-SQL; only single read-only queries run");
            }
        }
        return new Findings(tables, parameters);
    }

    private static void checkSelect(Select s) {
        if (s.getForMode() != null || s.getForUpdateTable() != null
                || (s.getForUpdateTables() != null && !s.getForUpdateTables().isEmpty())
                || s.getWait() != null || s.isSkipLocked() || s.isNoWait()) {
            throw new Refusal(Reason.LOCKING_CLAUSE, "refused: locking clauses (FOR UPDATE/SHARE) take row locks; "
                    + "NL queries only read");
        }
        if (s.getMySqlProcedureAnalyse() != null) {
            throw new Refusal(Reason.NOT_READ_ONLY, "refused: PROCEDURE ANALYSE runs a procedure; NL queries only read");
        }
        if (s instanceof PlainSelect ps) {
            if ((ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()) || ps.getMySqlSelectIntoClause() != null
                    || ps.getIntoTempTable() != null) {
                throw into();
            }
        }
    }

    private static Refusal into() {
        return new Refusal(Reason.INTO_CLAUSE, "refused: SELECT ... INTO writes a table, a file or variables; NL "
                + "queries only read");
    }

    /**
     * Functions that SQL lets be called without parentheses, written like a column: they reveal who is
     * connected. Reserved words there, so they cannot be a column of that name unless quoted.
     */
    private static void checkIdentityKeyword(Column c, Dialect dialect) {
        String written = String.valueOf(c.getColumnName());
        if (c.getTable() != null || dialect == Dialect.SQLITE || written.isEmpty()
                || "\"`[".indexOf(written.charAt(0)) >= 0) {
            return;
        }
        String name = FunctionAllowlist.asciiLower(written);
        boolean reservedUser = name.equals("user") && switch (dialect) {
            case POSTGRESQL, ORACLE, SQLSERVER, H2 -> true;
            default -> false;
        };
        if (IDENTITY_KEYWORDS.contains(name) || reservedUser) {
            throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: " + written + " calls a function that reveals "
                    + "the connected user; it is not on the list of functions NL queries may call");
        }
    }

    private static void checkFunction(Function f, FunctionCalls calls, Dialect dialect, Denylists lists,
                                      FunctionAllowlist functions) {
        Position position = calls.inFrom.contains(f) ? Position.FROM : Position.EXPRESSION;
        List<String> parts;
        if (f instanceof XmlTableFunction) {
            parts = List.of("xmltable"); // JSqlParser leaves the name of XMLTABLE(...) empty
        } else if (f.getMultipartName() != null && !f.getMultipartName().isEmpty()) {
            parts = f.getMultipartName();
        } else {
            parts = List.of(String.valueOf(f.getName()));
        }
        if (calls.tableWrappers.contains(f)) {
            return; // TABLE(fn(...)): fn is checked as the function in FROM
        }
        checkCall(parts, calls.unicodeEscaped.contains(f), position, dialect, lists, functions);
    }

    private static void checkCall(List<String> parts, boolean unicodeEscaped, Position position, Dialect dialect,
                                  Denylists lists, FunctionAllowlist functions) {
        // The denylist first, for its more precise message; it sees the names as the database resolves them.
        List<String> resolved = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            resolved.add(FunctionAllowlist.resolve(parts.get(i), dialect, unicodeEscaped && i == 0).identity());
        }
        String denied = lists.deniedFunction(resolved);
        if (denied != null) {
            throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: function "
                    + FunctionAllowlist.display(parts, dialect, unicodeEscaped) + " is not allowed (side effects, files, network, sleeps, locks or administration)");
        }
        functions.refusal(parts, dialect, position, unicodeEscaped).ifPresent(message -> {
            throw new Refusal(Reason.FORBIDDEN_FUNCTION, message);
        });
    }

    /** Where each call sits, found before the rules run: in FROM, or behind a {@code U&} prefix. */
    private record FunctionCalls(Set<Object> inFrom, Set<Object> tableWrappers, Set<Object> unicodeEscaped) {

        static FunctionCalls of(List<Object> nodes) {
            Set<Object> inFrom = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<Object> wrappers = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<Object> escaped = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Object n : nodes) {
                if (n instanceof TableFunction tf) {
                    if (tf.getFunction() != null) {
                        addFromFunction(tf.getFunction(), inFrom, wrappers);
                    }
                    if (tf.getRowsFromFunctions() != null) {
                        for (Object rf : tf.getRowsFromFunctions()) {
                            if (rf instanceof Function f) {
                                addFromFunction(f, inFrom, wrappers);
                            }
                        }
                    }
                } else if (n instanceof LateralView lv && lv.getGeneratorFunction() != null) {
                    addFromFunction(lv.getGeneratorFunction(), inFrom, wrappers);
                } else if (n instanceof BitwiseAnd b && isUnicodePrefix(b.getLeftExpression())
                        && (b.getRightExpression() instanceof Function || b.getRightExpression() instanceof AnalyticExpression)) {
                    // U&"name"(...) reaches us as the column U, bitwise-and, a call of "name" as written.
                    escaped.add(b.getRightExpression());
                }
            }
            return new FunctionCalls(inFrom, wrappers, escaped);
        }

        /** TABLE(fn(...)) (Oracle, Snowflake, Trino) wraps the real table function. */
        private static void addFromFunction(Function f, Set<Object> inFrom, Set<Object> wrappers) {
            if ("table".equals(FunctionAllowlist.asciiLower(String.valueOf(f.getName())))) {
                ExpressionList<?> args = f.getParameters();
                if (args == null || args.size() != 1 || !(args.get(0) instanceof Function inner)) {
                    throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: TABLE(...) in FROM must wrap a call of "
                            + "an allowed table function; " + f + " does not");
                }
                wrappers.add(f);
                addFromFunction(inner, inFrom, wrappers);
                return;
            }
            inFrom.add(f);
        }

        /** True when {@code e} ends in the bare column U, as in {@code U&"..."} or {@code -U&"..."}. */
        private static boolean isUnicodePrefix(Expression e) {
            Expression x = e;
            while (true) {
                if (x instanceof BinaryExpression be) {
                    x = be.getRightExpression();
                } else if (x instanceof SignedExpression se) {
                    x = se.getExpression();
                } else if (x instanceof NotExpression ne) {
                    x = ne.getExpression();
                } else {
                    break;
                }
            }
            return x instanceof Column c && c.getTable() == null && "u".equalsIgnoreCase(c.getColumnName());
        }
    }
}
