package org.nljdbc.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The translator's API is what lies outside {@code org.nljdbc.translator.internal}: the model-provider SPI and the
 * exceptions a caller catches. Everything else is the driver's implementation, public only because it crosses the
 * module boundary, and may change without notice.
 */
class PublicSurfaceTest {
    @Test
    void theApiOutsideInternalIsSmallAndNamesNoInternalType() throws Exception {
        List<Class<?>> api = new ArrayList<>();
        for (String name : classNames()) {
            if (!name.startsWith("org.nljdbc.translator.internal.") && !name.contains("$")) {
                Class<?> c = Class.forName(name);
                if (Modifier.isPublic(c.getModifiers())) {
                    api.add(c);
                }
            }
        }
        assertTrue(api.size() <= 25, "public types outside internal: " + api);
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : api) {
            for (Method m : c.getMethods()) {
                List<Class<?>> types = new ArrayList<>(List.of(m.getParameterTypes()));
                types.add(m.getReturnType());
                for (Class<?> t : types) {
                    if (t.getName().startsWith("org.nljdbc.translator.internal.")) {
                        leaks.add(c.getSimpleName() + "." + m.getName() + " -> " + t.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static List<String> classNames() throws IOException, URISyntaxException {
        Path root = Path.of(Source.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString().replace('/', '.').replace('\\', '.'))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .filter(n -> n.startsWith("org.nljdbc.translator."))
                    .toList();
        }
    }
}
