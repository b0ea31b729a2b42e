package org.nljdbc.translator.internal.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Renders a checked query for a target database through relational algebra ({@code SqlToRelConverter}, then
 * {@code RelToSqlConverter} with the target's {@code SqlDialect}), which is what puts {@code LIMIT} into
 * {@code TOP}/{@code FETCH}, quotes identifiers the target's way and emulates NULL ordering. Where Calcite cannot
 * render a construct, or would render one the target reads differently, the original text is kept and counted.
 */
final class DialectRenderer {
    private static final Pattern GENERATED_ALIAS = Pattern.compile("EXPR\\$\\d+");
    /**
     * What each target lacks or has, in a holder of its own: {@link RenderTarget} builds Calcite's dialects, whose
     * operator tables cost a cold JVM a few hundred milliseconds, and a pipeline is made when a connection opens,
     * long before (if ever) anything is rendered.
     */
    private static final class Targets {
        static final Set<RenderTarget> NO_PIPE_CONCAT =
                Set.of(RenderTarget.MYSQL, RenderTarget.MARIADB, RenderTarget.SQLSERVER);
        static final Set<RenderTarget> HAS_ILIKE =
                Set.of(RenderTarget.POSTGRESQL, RenderTarget.SNOWFLAKE, RenderTarget.DUCKDB, RenderTarget.H2);

        /** Targets with an ANY_VALUE aggregate (PostgreSQL only from 16, MariaDB not at all). */
        static final Set<RenderTarget> HAS_ANY_VALUE = Set.of(RenderTarget.MYSQL, RenderTarget.H2,
                RenderTarget.SNOWFLAKE, RenderTarget.BIGQUERY, RenderTarget.DUCKDB, RenderTarget.TRINO);

        private Targets() {
        }
    }

    private final FallbackCounter counter;

    DialectRenderer(FallbackCounter counter) {
        this.counter = counter;
    }

    Rendered render(Validated v, RenderTarget target) {
        long start = System.nanoTime();
        counter.attempted(FallbackCounter.Stage.RENDERING);
        if (!v.checked()) {
            return fallback(v, target, "not validated (" + v.fallbackReason().orElse("") + ")", start);
        }
        try {
            RelRoot root = v.rel();
            RelNode rel = root.project();
            if (v.sourceDialect().caseInsensitiveLike() && target == RenderTarget.POSTGRESQL) {
                // The source's LIKE ignores case (SQLite, MySQL); PostgreSQL's does not, ILIKE does.
                rel = rel.accept(new LikeToIlike());
            }
            String bare = bareColumnProblem(rel, v.sourceDialect());
            if (bare != null) {
                return fallback(v, target, bare, start);
            }
            if (!Targets.HAS_ANY_VALUE.contains(target)) {
                rel = rel.accept(new AnyValueToMin());
            }
            String unsupported = unsupportedOperator(rel, target);
            if (unsupported != null) {
                return fallback(v, target, unsupported, start);
            }
            SqlDialect dialect = target == RenderTarget.SQLSERVER && hasOffset(rel)
                    ? RenderTarget.SQLSERVER_2012 : target.sqlDialect();
            SqlNode node = new RelToSqlConverter(dialect).visitRoot(rel).asStatement();
            dropGeneratedAliases(node);
            String sql = node.toSqlString(c -> c.withDialect(dialect).withAlwaysUseParentheses(false)
                    .withSelectListItemsOnSeparateLines(false).withUpdateSetListNewline(false).withIndentation(0)
                    .withClauseStartsLine(false).withClauseEndsLine(false)).getSql();
            return new Rendered(sql, target, false, null, System.nanoTime() - start);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return fallback(v, target, "render: " + e.getClass().getSimpleName() + " "
                    + SqlValidation.firstLine(e.getMessage()), start);
        }
    }

    private Rendered fallback(Validated v, RenderTarget target, String reason, long start) {
        counter.fellBack(FallbackCounter.Stage.RENDERING, reason);
        return new Rendered(v.sql(), target, true, reason, System.nanoTime() - start);
    }

    /** Whether any sort in the tree skips rows: SQL Server's TOP cannot, so those need OFFSET ... FETCH. */
    private static boolean hasOffset(RelNode rel) {
        boolean[] found = {false};
        rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                if (other instanceof org.apache.calcite.rel.core.Sort sort && sort.offset != null) {
                    found[0] = true;
                }
                return super.visit(other);
            }
        });
        return found[0];
    }

    /** An operator Calcite would leak into a target that reads it differently, or null. */
    private static String unsupportedOperator(RelNode rel, RenderTarget target) {
        List<String> found = new ArrayList<>();
        visitCalls(rel, call -> {
            SqlOperator op = call.getOperator();
            if (op == SqlStdOperatorTable.CONCAT && Targets.NO_PIPE_CONCAT.contains(target)) {
                found.add("|| has no rendering for " + target);
            } else if (op instanceof SqlLikeOperator like && !like.isCaseSensitive() && !Targets.HAS_ILIKE.contains(target)) {
                found.add("ILIKE has no rendering for " + target);
            }
        });
        return found.isEmpty() ? null : found.get(0);
    }

    private static void visitCalls(RelNode rel, java.util.function.Consumer<RexCall> onCall) {
        rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                other.accept(new RexShuttle() {
                    @Override
                    public RexNode visitCall(RexCall call) {
                        onCall.accept(call);
                        return super.visitCall(call);
                    }

                    @Override
                    public RexNode visitSubQuery(RexSubQuery subQuery) {
                        visitCalls(subQuery.rel, onCall);
                        return super.visitSubQuery(subQuery);
                    }
                });
                return super.visit(other);
            }
        });
    }

    /**
     * Top-level select items keep the column labels the database would have given the original: Calcite's
     * {@code EXPR$0} and de-duplicating suffixes ({@code name0}) are dropped unless the ORDER BY refers to them.
     */
    private static void dropGeneratedAliases(SqlNode node) {
        if (!(node instanceof SqlSelect select)) {
            return;
        }
        SqlNodeList items = select.getSelectList();
        if (items == null) {
            return;
        }
        java.util.Set<String> ordered = new java.util.HashSet<>();
        if (select.getOrderList() != null) {
            select.getOrderList().accept(new SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlIdentifier id) {
                    ordered.add(id.names.get(id.names.size() - 1));
                    return null;
                }
            });
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof SqlBasicCall as && as.getKind() == SqlKind.AS
                    && as.operand(1) instanceof SqlIdentifier alias && !ordered.contains(alias.getSimple())
                    && generated(as.operand(0), alias.getSimple())) {
                items.set(i, as.operand(0));
            }
        }
    }

    private static boolean generated(SqlNode expr, String alias) {
        if (GENERATED_ALIAS.matcher(alias).matches()) {
            return true;
        }
        if (expr instanceof SqlIdentifier id) {
            String base = id.names.get(id.names.size() - 1);
            if (base.equalsIgnoreCase(alias)) {
                // The name as the model cased it (total for TOTAL): the target labels the column its own way.
                return true;
            }
            return alias.startsWith(base) && alias.length() > base.length()
                    && alias.substring(base.length()).chars().allMatch(Character::isDigit);
        }
        return false;
    }

    /**
     * SQLite returns a bare column beside MIN or MAX from the row that holds the extreme; no other database does, and
     * no aggregate says so, so such queries keep their original text.
     */
    private static String bareColumnProblem(RelNode rel, SourceDialect source) {
        if (source.dialect() != org.nljdbc.guard.Dialect.SQLITE) {
            return null;
        }
        String[] problem = {null};
        rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                if (other instanceof Aggregate agg) {
                    boolean bare = agg.getAggCallList().stream()
                            .anyMatch(c -> c.getAggregation().getKind() == SqlKind.ANY_VALUE);
                    boolean extreme = agg.getAggCallList().stream()
                            .anyMatch(c -> c.getAggregation().getKind() == SqlKind.MIN
                                    || c.getAggregation().getKind() == SqlKind.MAX);
                    if (bare && extreme) {
                        problem[0] = "bare column beside MIN/MAX (SQLite takes it from the extreme row)";
                    }
                }
                return super.visit(other);
            }
        });
        return problem[0];
    }

    /**
     * A bare column in SQLite or MySQL (ANY_VALUE after validation) becomes MIN for targets without ANY_VALUE: the
     * queries that use bare columns group by a key the column depends on, where every value in the group is equal.
     */
    private static final class AnyValueToMin extends RelHomogeneousShuttle {
        @Override
        public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other);
            if (visited instanceof Aggregate agg && agg.getAggCallList().stream()
                    .anyMatch(c -> c.getAggregation().getKind() == SqlKind.ANY_VALUE)) {
                List<AggregateCall> calls = agg.getAggCallList().stream().map(c ->
                        c.getAggregation().getKind() != SqlKind.ANY_VALUE ? c
                                : AggregateCall.create(SqlStdOperatorTable.MIN, c.isDistinct(), c.isApproximate(),
                                        c.ignoreNulls(), c.rexList, c.getArgList(), c.filterArg, c.distinctKeys,
                                        c.collation, c.type, c.name)).toList();
                return agg.copy(agg.getTraitSet(), agg.getInput(), agg.getGroupSet(), agg.getGroupSets(), calls);
            }
            return visited;
        }
    }

    /** LIKE becomes ILIKE and NOT LIKE becomes NOT ILIKE, in the whole tree including subqueries. */
    private static final class LikeToIlike extends RelHomogeneousShuttle {
        @Override
        public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other);
            return visited.accept(new RexShuttle() {
                @Override
                public RexNode visitCall(RexCall call) {
                    RexCall c = (RexCall) super.visitCall(call);
                    if (c.getOperator() instanceof SqlLikeOperator like && like.isCaseSensitive()
                            && like.getKind() == SqlKind.LIKE) {
                        SqlOperator ilike = like.isNegated() ? SqlLibraryOperators.NOT_ILIKE : SqlLibraryOperators.ILIKE;
                        return other.getCluster().getRexBuilder().makeCall(c.getType(), ilike, c.getOperands());
                    }
                    return c;
                }

                @Override
                public RexNode visitSubQuery(RexSubQuery subQuery) {
                    RexSubQuery s = (RexSubQuery) super.visitSubQuery(subQuery);
                    return s.clone(s.rel.accept(new LikeToIlike()));
                }
            });
        }
    }
}
