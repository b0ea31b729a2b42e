package org.nljdbc.translator.internal.dialect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.testing.TestDatabases;

/**
 * Every Spider gold query runs on SQLite, so validation must accept every one of them (checked or passed through):
 * a rejection here is a false rejection. Dev always; train too with {@code -Dnljdbc.spider.full=true}.
 */
class SpiderGoldValidationTest {

    @Test
    void noGoldQueryIsRejected() throws Exception {
        Path spider = TestDatabases.sharedData().resolve("spider");
        Map<String, Catalog> catalogs = SpiderCatalogs.read(spider);
        List<SpiderCatalogs.Gold> gold = new ArrayList<>(SpiderCatalogs.gold(spider.resolve("dev_gold.sql")));
        if (Boolean.getBoolean("nljdbc.spider.full")) {
            gold.addAll(SpiderCatalogs.gold(spider.resolve("train_gold.sql")));
        }
        DialectPipeline pipeline = new DialectPipeline();
        List<String> rejected = new ArrayList<>();
        int renderedForPostgres = 0;
        long start = System.nanoTime();
        for (SpiderCatalogs.Gold g : gold) {
            try {
                Validated v = pipeline.validate(g.sql(), catalogs.get(g.dbId()), Dialect.SQLITE);
                if (!pipeline.render(v, Dialect.POSTGRESQL).fallback()) {
                    renderedForPostgres++;
                }
            } catch (SqlValidationException e) {
                rejected.add(g.dbId() + ": " + g.sql() + "\n    -> " + e.getMessage());
            }
        }
        FallbackCounter f = pipeline.fallbacks();
        System.out.printf("spider gold: %d queries, %d rejected, validation fallbacks %d, rendered for PostgreSQL %d,"
                        + " %.1f ms/query%n", gold.size(), rejected.size(), f.fallbacks(FallbackCounter.Stage.VALIDATION),
                renderedForPostgres, (System.nanoTime() - start) / 1e6 / gold.size());
        f.byReason().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.println("  " + e.getValue() + "  " + e.getKey()));
        rejected.stream().limit(40).forEach(r -> System.out.println("REJECTED " + r));
        assertTrue(rejected.isEmpty(), rejected.size() + " gold queries rejected, first: "
                + (rejected.isEmpty() ? "" : rejected.get(0)));
    }
}
