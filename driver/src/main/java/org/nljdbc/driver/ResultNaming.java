package org.nljdbc.driver;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.internal.Translation;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.naming.ResultColumnNames;

/**
 * Stable result column names for every NL query, whatever wrote its SQL (model, LLM-free translator, cache,
 * follow-up edit): {@link ResultColumnNames}' rule is applied to the SQL the checkpoint accepted, right before it
 * runs, and the renamed text is checked by the guard again (as the guard checks its own rewrites: tenant filters
 * are already in place and are not added twice). Text the guard would not accept unchanged runs as first accepted.
 */
final class ResultNaming {
    private ResultNaming() {
    }

    /** {@code accepted} with its result columns named for {@code question}, guarded; or {@code accepted} itself. */
    static Verdict.Accepted apply(Verdict.Accepted accepted, String question, Catalog catalog, Dialect dialect,
                                  SqlGuard guard) {
        String named = ResultColumnNames.apply(accepted.sql(), question, dialect, index(catalog));
        if (named.equals(accepted.sql())) {
            return accepted;
        }
        return guard.recheck(accepted, named, dialect, Translator.visibleSchema(catalog),
                "result columns named from the question").orElse(accepted);
    }

    /** SQL before the guard (a wrapped question's inner query) with its result columns named. */
    static String apply(String sql, String question, Catalog catalog, Dialect dialect) {
        return ResultColumnNames.apply(sql, question, dialect, index(catalog));
    }

    /** {@code t} reporting {@code ran}, the text that ran, instead of the text the checkpoint first accepted. */
    static Translation reporting(Translation t, Verdict.Accepted ran) {
        if (ran == null || ran.sql().equals(t.sql())) {
            return t;
        }
        return new Translation(t.question(), ran.sql(), ran.parameters(), ran.rewrites(), t.source(), t.tables(),
                t.attempts(), t.promptTokens(), t.completionTokens(), t.schemaTokens(), t.fullSchemaTokens(), t.cost());
    }

    /**
     * The catalog's tables and columns as the naming rule looks them up, built once per catalog rather than on every
     * question (a pass over every column of a 20,000-table catalog). Weak keys: a catalog read again replaces it.
     */
    private static ResultColumnNames.Index index(Catalog catalog) {
        synchronized (INDEXES) {
            return INDEXES.computeIfAbsent(catalog, c -> ResultColumnNames.index(tableColumns(c)));
        }
    }

    private static final Map<Catalog, ResultColumnNames.Index> INDEXES = new java.util.WeakHashMap<>();

    private static Map<String, Set<String>> tableColumns(Catalog catalog) {
        Map<String, Set<String>> out = new HashMap<>();
        for (TableInfo t : catalog.tables()) {
            Set<String> cols = out.computeIfAbsent(t.name(), k -> new LinkedHashSet<>());
            for (ColumnInfo c : t.columns()) {
                cols.add(c.name());
            }
        }
        return out;
    }
}
