package org.nljdbc.translator.internal.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calcite between SQL extraction and the guard: {@link #validate validate} the model's SQL against the catalog,
 * {@link #render render} it for the delegate's dialect, {@link #estimate estimate} its cost. Whatever Calcite cannot
 * handle passes through unchanged and is counted in {@link #fallbacks()}; validation only refuses what the database
 * would refuse too. Thread-safe; Calcite's classes load on first use, or earlier through {@link #warmUpInBackground()}.
 */
public final class DialectPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(DialectPipeline.class);
    private static final AtomicBoolean WARMING = new AtomicBoolean();

    private final FallbackCounter fallbacks;
    private final SqlValidation validation;
    private final DialectRenderer renderer;

    public DialectPipeline() {
        this(new FallbackCounter());
    }

    /** A pipeline that counts its fallbacks into {@code fallbacks} (which may be shared). */
    public DialectPipeline(FallbackCounter fallbacks) {
        this.fallbacks = fallbacks;
        this.validation = new SqlValidation(fallbacks);
        this.renderer = new DialectRenderer(fallbacks);
    }

    /** As {@link #validate(String, Catalog, Dialect)}, reading the SQL in the dialect of the catalog's product. */
    public Validated validate(String sql, Catalog catalog) throws SqlValidationException {
        return validate(sql, catalog, Dialect.detect(catalog.productName()));
    }

    /**
     * Parses {@code sql} as {@code source} reads it and validates it against {@code catalog}.
     *
     * @throws SqlValidationException when the SQL names a table or column the catalog does not have, names a column
     *                                ambiguously, or selects an ungrouped column in a dialect that forbids it; the
     *                                message suggests the nearest name and is meant for the repair prompt
     */
    public Validated validate(String sql, Catalog catalog, Dialect source) throws SqlValidationException {
        return validation.validate(sql, catalog, source);
    }

    /** The SQL for {@code target}; the original text, counted as a fallback, when Calcite cannot render it. */
    public Rendered render(Validated validated, Dialect target) {
        return renderer.render(validated, RenderTarget.of(target));
    }

    /** The SQL for {@code target}, which may be a database the guard has no dialect for (BigQuery, DuckDB). */
    public Rendered render(Validated validated, RenderTarget target) {
        return renderer.render(validated, target);
    }

    /** Calcite's estimate from the catalog's row counts; without figures when the SQL was not checked. */
    public CostEstimate estimate(Validated validated) {
        return CostEstimator.estimate(validated);
    }

    /**
     * The full cost step: Calcite's estimate, the database's EXPLAIN of {@code finalSql} (the text that will run)
     * when {@code settings.explain()} and the database is PostgreSQL, MySQL or MariaDB, then the ceiling.
     *
     * @throws CostLimitExceededException when the estimate is above {@code settings.maxCost()}
     * @throws SQLException               when the database's EXPLAIN fails (the query would fail the same way)
     */
    public CostEstimate estimate(Validated validated, CostSettings settings, Connection delegate, String finalSql,
                                 Dialect dialect) throws SQLException {
        CostEstimate estimate = estimate(validated);
        if (settings.explain() && delegate != null) {
            var plan = DatabaseExplain.explain(delegate, finalSql, dialect);
            if (plan.isPresent()) {
                estimate = estimate.withDatabase(plan.get().rows(), plan.get().cost());
            }
        }
        settings.check(estimate);
        return estimate;
    }

    /** Counts of validation and rendering fallbacks. */
    public FallbackCounter fallbacks() {
        return fallbacks;
    }

    /**
     * Loads and exercises the guard's SQL parser, then Calcite's parser, validator, converter, renderer and metadata,
     * on a daemon thread, once per process, so that the first question does not pay for class loading and code
     * generation (about two seconds). Called as early as a connection starts, so that it overlaps the delegate's
     * connect and the catalog read.
     */
    public static void warmUpInBackground() {
        if (WARMING.compareAndSet(false, true)) {
            Thread t = new Thread(DialectPipeline::warmUp, "nljdbc-calcite-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    /** Runs one small query through every stage, on the calling thread; returns the time it took in nanoseconds. */
    public static long warmUp() {
        long start = System.nanoTime();
        Catalog catalog = new Catalog("PostgreSQL", "warm-up", List.of(
                new TableInfo(null, "a", "TABLE", null, List.of(new ColumnInfo("id", "int4", java.sql.Types.INTEGER, false),
                        new ColumnInfo("name", "text", java.sql.Types.VARCHAR, true)), List.of("id"), List.of(), 10),
                new TableInfo(null, "b", "TABLE", null, List.of(new ColumnInfo("a_id", "int4", java.sql.Types.INTEGER, false)),
                        List.of(), List.of(), 100)));
        DialectPipeline p = new DialectPipeline();
        try {
            // The checkpoint parses with the guard (JSqlParser) before Calcite sees the SQL: that one first.
            new org.nljdbc.guard.SqlGuard(org.nljdbc.guard.Policy.defaults()).check("SELECT a.name, COUNT(*) FROM a "
                    + "JOIN b ON a.id = b.a_id WHERE a.name LIKE 'x%' GROUP BY a.name ORDER BY 2 DESC LIMIT 5",
                    Dialect.POSTGRESQL, catalog.visibleSchema());
            Validated v = p.validate("SELECT a.name, COUNT(*) FROM a JOIN b ON a.id = b.a_id WHERE a.name LIKE 'x%'"
                    + " GROUP BY a.name ORDER BY 2 DESC LIMIT 5", catalog, Dialect.POSTGRESQL);
            p.render(v, Dialect.MYSQL);
            p.estimate(v);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Calcite warm-up failed", e);
        }
        return System.nanoTime() - start;
    }
}
