package org.nljdbc.bench.spider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Spider-format dataset on disk: {@code dev.json}, {@code tables.json} and {@code database/<db_id>/<db_id>.sqlite}.
 * Found through the system property {@code nljdbc.shared.data} (its {@code spider} folder), else
 * {@code ../shared/data/spider} relative to the working directory or its parent.
 */
public final class SpiderData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpiderData() {
    }

    /** The default Spider folder (which may not exist: callers check and skip or explain). */
    public static Path locate() {
        String shared = System.getProperty("nljdbc.shared.data");
        if (shared != null && !shared.isBlank()) {
            return Path.of(shared, "spider").toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/data/spider").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return here.resolve("../shared/data/spider").normalize();
    }

    /** {@code dir/database/<dbId>/<dbId>.sqlite}. */
    public static Path sqliteFile(Path dir, String dbId) {
        return dir.resolve("database").resolve(dbId).resolve(dbId + ".sqlite");
    }

    /** Every question of {@code dir/dev.json}, in file order, with its Spider difficulty. */
    static List<SpiderQuestion> questions(Path dir) throws IOException {
        JsonNode dev = JSON.readTree(dir.resolve("dev.json").toFile());
        List<SpiderQuestion> out = new ArrayList<>();
        int i = 0;
        for (JsonNode q : dev) {
            out.add(new SpiderQuestion(i++, q.path("db_id").asText(), q.path("question").asText().trim(),
                    q.path("query").asText().trim(), Hardness.of(q.path("sql"))));
        }
        return out;
    }

}
