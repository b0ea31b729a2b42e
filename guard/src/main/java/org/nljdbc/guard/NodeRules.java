package org.nljdbc.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.MySqlSelectIntoClause;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
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
        List<Object> nodes = AstTree.allNodes(root);
        // Order matters only for which reason is reported when several apply: statement kinds first.
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
        List<Table> tables = new ArrayList<>();
        int parameters = 0;
        for (Object n : nodes) {
            if (n instanceof Select s) {
                checkSelect(s);
            } else if (n instanceof MySqlSelectIntoClause) {
                throw into();
            } else if (n instanceof Function f) {
                checkFunction(f.getMultipartName() != null && !f.getMultipartName().isEmpty()
                        ? f.getMultipartName() : List.of(String.valueOf(f.getName())), lists);
            } else if (n instanceof AnalyticExpression a && a.getName() != null) {
                checkFunction(List.of(a.getName().split("\\.")), lists);
            } else if (n instanceof NextValExpression) {
                throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: NEXT VALUE FOR advances a sequence; NL queries "
                        + "may not change anything");
            } else if (n instanceof Column c) {
                String name = Identifiers.unquote(String.valueOf(c.getColumnName())).toLowerCase(Locale.ROOT);
                if (c.getTable() != null && (name.equals("nextval") || name.equals("currval"))) {
                    throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: " + c + " reads or advances a sequence");
                }
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

    private static void checkFunction(List<String> nameParts, Denylists lists) {
        String denied = lists.deniedFunction(nameParts);
        if (denied != null) {
            throw new Refusal(Reason.FORBIDDEN_FUNCTION, "refused: function " + String.join(".", nameParts)
                    + " is not allowed (side effects, files, network, sleeps, locks or administration)");
        }
    }
}
