package org.nljdbc.translator.internal.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/** Catalogs of the Spider databases as {@code tables.json} describes them, and the gold queries. */
final class SpiderCatalogs {
    private SpiderCatalogs() {
    }

    record Gold(String sql, String dbId) {
    }

    static Map<String, Catalog> read(Path spider) throws IOException {
        Map<String, Catalog> out = new HashMap<>();
        for (JsonNode db : new ObjectMapper().readTree(spider.resolve("tables.json").toFile())) {
            List<String> tables = new ArrayList<>();
            db.path("table_names_original").forEach(t -> tables.add(t.asText()));
            List<List<ColumnInfo>> columns = new ArrayList<>();
            List<List<String>> keys = new ArrayList<>();
            tables.forEach(t -> {
                columns.add(new ArrayList<>());
                keys.add(new ArrayList<>());
            });
            JsonNode names = db.path("column_names_original");
            JsonNode types = db.path("column_types");
            List<Integer> pks = new ArrayList<>();
            db.path("primary_keys").forEach(p -> {
                if (p.isArray()) {
                    p.forEach(q -> pks.add(q.asInt()));
                } else {
                    pks.add(p.asInt());
                }
            });
            for (int i = 0; i < names.size(); i++) {
                int table = names.get(i).get(0).asInt();
                if (table < 0) {
                    continue;
                }
                String name = names.get(i).get(1).asText();
                columns.get(table).add(new ColumnInfo(name, types.get(i).asText(), jdbcType(types.get(i).asText()), true));
                if (pks.contains(i)) {
                    keys.get(table).add(name);
                }
            }
            List<TableInfo> infos = new ArrayList<>();
            for (int t = 0; t < tables.size(); t++) {
                infos.add(new TableInfo(null, tables.get(t), "TABLE", null, columns.get(t), keys.get(t), List.of(), -1));
            }
            out.put(db.path("db_id").asText(), new Catalog("SQLite", "3", infos));
        }
        return out;
    }

    static List<Gold> gold(Path file) throws IOException {
        List<Gold> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int tab = line.lastIndexOf('\t');
            if (tab > 0) {
                out.add(new Gold(line.substring(0, tab).strip(), line.substring(tab + 1).strip()));
            }
        }
        return out;
    }

    private static int jdbcType(String spiderType) {
        return switch (spiderType) {
            case "text", "time" -> Types.VARCHAR;
            case "number" -> Types.DOUBLE;
            case "boolean" -> Types.BOOLEAN;
            default -> Types.OTHER;
        };
    }
}
