package org.nljdbc.translator.internal.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.catalog.Catalog;

/**
 * Spider dev asked in a row on one connection per database: every question is a whole question, so none may be
 * read as a follow-up of the one before it (each would then be answered differently from when it is asked alone).
 * Spider was not used to write the detector's rules; they are about the shape of a question only.
 */
class SpiderInRowTest {
    @Test
    void noSpiderDevQuestionIsAFollowUpOfTheOneBefore() throws Exception {
        Path spider = Path.of(System.getProperty("nl.spider", "/work/shared/data/spider"));
        Assumptions.assumeTrue(Files.isRegularFile(spider.resolve("dev.json")),
                "Spider dev data not found at " + spider + "; skipping the in-row follow-up check");
        Map<String, Catalog> catalogs = spiderCatalogs(spider);
        List<String> followUps = new ArrayList<>();
        int total = 0;
        String db = null;
        Turn previous = null;
        for (JsonNode q : new ObjectMapper().readTree(spider.resolve("dev.json").toFile())) {
            String dbId = q.path("db_id").asText();
            if (!dbId.equals(db)) {
                db = dbId;
                previous = null; // a new database is a new connection
            }
            total++;
            String question = q.path("question").asText();
            if (previous != null && FollowUpDetector.isFollowUp(question, previous, catalogs.get(dbId))) {
                followUps.add(dbId + ": \"" + question + "\" after \"" + previous.question() + "\"");
            }
            String sql = q.path("query").asText();
            previous = new Turn(1, question, sql, sql, List.of(), -1, null);
        }
        System.out.println("Spider dev in a row: " + followUps.size() + " of " + total
                + " questions read as follow-ups");
        followUps.forEach(f -> System.out.println("  " + f));
        assertEquals(List.of(), followUps);
    }

    /** The dialect tests' reader of {@code tables.json} (package-private there). */
    @SuppressWarnings("unchecked")
    private static Map<String, Catalog> spiderCatalogs(Path spider) throws Exception {
        Method read = Class.forName("org.nljdbc.translator.internal.dialect.SpiderCatalogs").getDeclaredMethod("read",
                Path.class);
        read.setAccessible(true);
        return (Map<String, Catalog>) read.invoke(null, spider);
    }
}
