package org.nljdbc.translator.internal.dialect;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * The names a parsed query defines and uses: every alias (of tables, subqueries, CTEs and select items), which alias
 * stands for which catalog table, and the catalog tables it mentions. Used to word validation errors and to decide
 * whether a name Calcite cannot resolve is really unknown.
 */
final class QueryNames {
    /** Lower-cased aliases of any kind. */
    final Set<String> aliases = new LinkedHashSet<>();
    /** Lower-cased alias or table name to the catalog table it denotes. */
    final Map<String, TableInfo> tableByAlias = new LinkedHashMap<>();
    /** Catalog tables the query mentions, in order of first mention. */
    final Set<TableInfo> tables = new LinkedHashSet<>();
    /** Lower-cased names of every column in any GROUP BY. */
    final Set<String> groupedColumns = new LinkedHashSet<>();

    static QueryNames of(SqlNode query, Catalog catalog) {
        QueryNames names = new QueryNames();
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier id) {
                if (!id.isStar()) {
                    catalog.table(String.join(".", id.names)).ifPresent(t -> {
                        names.tables.add(t);
                        names.tableByAlias.putIfAbsent(lower(id.names.get(id.names.size() - 1)), t);
                    });
                }
                return null;
            }

            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.AS) {
                    for (int i = 1; i < call.operandCount(); i++) {
                        if (call.operand(i) instanceof SqlIdentifier a && a.isSimple()) {
                            names.aliases.add(lower(a.getSimple()));
                        }
                    }
                    if (call.operand(0) instanceof SqlIdentifier t && call.operand(1) instanceof SqlIdentifier a
                            && a.isSimple()) {
                        catalog.table(String.join(".", t.names))
                                .ifPresent(info -> names.tableByAlias.put(lower(a.getSimple()), info));
                    }
                } else if (call instanceof SqlWithItem item) {
                    names.aliases.add(lower(item.name.getSimple()));
                    if (item.columnList != null) {
                        item.columnList.forEach(c -> names.aliases.add(lower(((SqlIdentifier) c).getSimple())));
                    }
                } else if (call instanceof SqlSelect select && select.getGroup() != null) {
                    collectGrouped(select.getGroup());
                }
                return super.visit(call);
            }

            private void collectGrouped(SqlNodeList group) {
                for (SqlNode g : group) {
                    if (g instanceof SqlIdentifier id && !id.isStar()) {
                        names.groupedColumns.add(lower(id.names.get(id.names.size() - 1)));
                    }
                }
            }
        });
        return names;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
