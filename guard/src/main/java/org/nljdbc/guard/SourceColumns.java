package org.nljdbc.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * The columns of sources the catalog does not describe, as the database names them: a recursive CTE inside its own
 * body, and the allowlisted PostgreSQL table functions in FROM. The guard needs them to tell a column from a
 * qualified name PostgreSQL would read as a function call on the whole row; null means not known.
 */
final class SourceColumns {
    private final Dialect dialect;
    private final ScopeResolver resolver;

    SourceColumns(Dialect dialect, ScopeResolver resolver) {
        this.dialect = dialect;
        this.resolver = resolver;
    }

    /**
     * The columns a recursive CTE's own name has inside its body: its column list, or the names of the first branch
     * of its UNION as written (aliases and plain columns; null where an expression has no name).
     */
    List<String> recursive(WithItem<?> w) {
        if (w.getWithItemList() != null && !w.getWithItemList().isEmpty()) {
            List<String> cols = new ArrayList<>();
            for (SelectItem<?> item : w.getWithItemList()) {
                cols.add(resolver.canonical(String.valueOf(item.getExpression())));
            }
            return cols;
        }
        Object body = w.getStatement();
        while (body instanceof ParenthesedSelect p) {
            body = p.getSelect();
        }
        if (body instanceof SetOperationList sol && !sol.getSelects().isEmpty()) {
            body = sol.getSelects().get(0);
        }
        if (!(body instanceof PlainSelect first)) {
            return null;
        }
        List<String> cols = new ArrayList<>();
        for (SelectItem<?> item : first.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns || e instanceof AllTableColumns) {
                return null;
            }
            cols.add(item.getAlias() != null ? resolver.canonical(item.getAlias().getName())
                    : e instanceof Column col ? resolver.canonical(col.getColumnName()) : null);
        }
        return cols;
    }

    /** PostgreSQL set-returning functions of the allowlist whose output rows have fixed columns. */
    private static final Set<String> PG_KEY_VALUE = Set.of("json_each", "json_each_text", "jsonb_each", "jsonb_each_text");
    private static final Set<String> PG_VALUE = Set.of("json_array_elements", "json_array_elements_text",
            "jsonb_array_elements", "jsonb_array_elements_text");
    /** ... and those that return a scalar per row: the column is named after the alias, else after the function. */
    private static final Set<String> PG_SCALAR = Set.of("generate_series", "generate_subscripts", "regexp_matches",
            "regexp_split_to_table", "string_to_table", "json_object_keys", "jsonb_object_keys", "jsonb_path_query");

    /** The columns of a function in FROM as PostgreSQL names them, or null when the guard does not know them. */
    List<String> function(TableFunction tf) {
        if (dialect != Dialect.POSTGRESQL || tf.getFunction() == null || tf.isRowsFrom()
                || tf.getFunction().getName() == null || Identifiers.isQuoted(lastPart(tf.getFunction().getName()))) {
            return null;
        }
        Function f = tf.getFunction();
        String fn = lastPart(f.getName()).toLowerCase(Locale.ROOT);
        int args = f.getParameters() == null ? 0 : f.getParameters().size();
        List<String> cols = new ArrayList<>();
        if (PG_KEY_VALUE.contains(fn)) {
            cols.addAll(List.of("key", "value"));
        } else if (PG_VALUE.contains(fn)) {
            cols.add("value");
        } else if (PG_SCALAR.contains(fn) || fn.equals("unnest") && args == 1) {
            Alias a = tf.getAlias();
            cols.add(a != null && a.getName() != null ? resolver.canonical(a.getName()) : fn);
        } else {
            return null;
        }
        if (tf.getWithClause() != null && tf.getWithClause().toUpperCase(Locale.ROOT).contains("ORDINALITY")) {
            cols.add("ordinality");
        }
        return cols;
    }

    private static String lastPart(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }
}
