package org.nljdbc.guard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The guard's data: denied functions and system catalogs, read once from resources. */
final class Denylists {
    static final Denylists INSTANCE = new Denylists();

    private final List<NamePattern> functions = new ArrayList<>();
    private final List<NamePattern> systemSchemas;
    private final List<NamePattern> systemTables;
    private final Map<String, List<NamePattern>> systemTablesByDialect = new LinkedHashMap<>();

    private Denylists() {
        read("denied-functions.txt").values().forEach(functions::addAll);
        Map<String, List<NamePattern>> catalogs = read("system-catalogs.txt");
        systemSchemas = catalogs.getOrDefault("schemas", List.of());
        systemTables = catalogs.getOrDefault("tables", List.of());
        catalogs.forEach((section, patterns) -> {
            if (section.startsWith("tables.")) {
                systemTablesByDialect.put(section.substring("tables.".length()), patterns);
            }
        });
    }

    private static Map<String, List<NamePattern>> read(String resource) {
        Map<String, List<NamePattern>> sections = new LinkedHashMap<>();
        try (InputStream in = Denylists.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("guard resource missing: " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String section = "common";
            for (String line; (line = r.readLine()) != null; ) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                if (s.startsWith("[") && s.endsWith("]")) {
                    section = s.substring(1, s.length() - 1).toLowerCase(Locale.ROOT);
                    continue;
                }
                sections.computeIfAbsent(section, k -> new ArrayList<>()).add(NamePattern.of(s));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sections;
    }

    /** The denied pattern matching a (possibly qualified) function name, or null. */
    String deniedFunction(List<String> nameParts) {
        List<String> parts = new ArrayList<>(nameParts.size());
        for (String p : nameParts) {
            if (p != null) {
                parts.add(Identifiers.unquote(p));
            }
        }
        for (int from = 0; from < parts.size(); from++) {
            String suffix = String.join(".", parts.subList(from, parts.size()));
            for (NamePattern p : functions) {
                if (p.matches(suffix)) {
                    return p.glob();
                }
            }
        }
        return null;
    }

    boolean isSystemSchema(String name) {
        return name != null && systemSchemas.stream().anyMatch(p -> p.matches(name));
    }

    boolean isSystemTable(String name, Dialect dialect) {
        if (systemTables.stream().anyMatch(p -> p.matches(name))) {
            return true;
        }
        List<NamePattern> own = systemTablesByDialect.get(dialect.name().toLowerCase(Locale.ROOT));
        return own != null && own.stream().anyMatch(p -> p.matches(name));
    }
}
