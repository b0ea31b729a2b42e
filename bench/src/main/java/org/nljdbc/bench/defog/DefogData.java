package org.nljdbc.bench.defog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The defog sql-eval selection under {@code ../shared/data/defog}: its questions and its database dumps. */
public final class DefogData {

    /**
     * One question.
     *
     * @param id           {@code <file>#<row>}, e.g. {@code instruct_basic_postgres#3} (rows from 1)
     * @param instructions the advanced set's business rules for the question; empty in the basic set
     */
    public record Question(String id, String db, String category, String question, String instructions,
                           String gold) {
    }

    private DefogData() {
    }

    /** {@code <shared data>/defog}, the shared data directory given by {@code -Dnljdbc.shared.data}. */
    public static Path locate() {
        return Path.of(System.getProperty("nljdbc.shared.data", "../shared/data")).resolve("defog");
    }

    public static Path dump(Path data, String db) {
        return data.resolve("databases").resolve(db).resolve(db + ".sql");
    }

    /** Every question of {@code data/questions/*.csv}, files in name order, rows in file order. */
    public static List<Question> questions(Path data) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(data.resolve("questions"))) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        List<Question> out = new ArrayList<>();
        for (Path f : files) {
            List<List<String>> rows = csv(Files.readString(f, StandardCharsets.UTF_8));
            if (rows.isEmpty()) {
                continue;
            }
            List<String> header = rows.get(0);
            String name = f.getFileName().toString().replaceFirst("\\.csv$", "");
            for (int i = 1; i < rows.size(); i++) {
                Map<String, String> r = new HashMap<>();
                for (int c = 0; c < header.size() && c < rows.get(i).size(); c++) {
                    r.put(header.get(c), rows.get(i).get(c));
                }
                out.add(new Question(name + "#" + i, r.getOrDefault("db_name", ""),
                        r.getOrDefault("query_category", ""), r.getOrDefault("question", "").trim(),
                        r.getOrDefault("instructions", "").trim(), r.getOrDefault("query", "").trim()));
            }
        }
        return out;
    }

    /** RFC 4180 records: fields separated by commas, quoted fields may hold commas, newlines and doubled quotes. */
    static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                if (!(row.size() == 1 && row.get(0).isEmpty())) {
                    rows.add(row);
                }
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
