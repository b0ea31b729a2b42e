package org.nljdbc.translator.internal.dialect;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.ProxyingMetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Validated SQL to relational algebra. Subqueries stay subqueries ({@code expand=false}) and nothing is decorrelated or
 * trimmed, so the rendered SQL keeps the shape of the original. The planner only supplies the cost factory (costs
 * in rows); no rules run.
 */
final class RelConversion {
    private RelConversion() {
    }

    static RelRoot convert(Validated v) {
        if (!v.checked()) {
            throw new IllegalStateException("not a checked query: " + v);
        }
        HepPlanner planner = new HepPlanner(HepProgram.builder().build());
        RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(v.reader().getTypeFactory()));
        cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(
                new ProxyingMetadataHandlerProvider(DefaultRelMetadataProvider.INSTANCE)));
        SqlToRelConverter converter = new SqlToRelConverter((rowType, query, schemaPath, viewPath) -> {
            throw new UnsupportedOperationException("views are not expanded");
        }, v.validator(), v.reader(), cluster, StandardConvertletTable.INSTANCE,
                SqlToRelConverter.config().withExpand(false).withTrimUnusedFields(false)
                        .withDecorrelationEnabled(false));
        return converter.convertQuery(v.node(), false, true);
    }
}
