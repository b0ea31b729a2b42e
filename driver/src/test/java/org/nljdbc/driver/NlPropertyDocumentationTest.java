package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's settings table and the driver's settings are the same list. */
class NlPropertyDocumentationTest {
    @Test
    void everySettingIsInTheReadme() throws Exception {
        Path readme = Path.of("..", "README.md");
        assertTrue(Files.isRegularFile(readme), "README.md next to the driver module");
        String text = Files.readString(readme);
        List<String> missing = Arrays.stream(NlProperty.values()).map(NlProperty::key)
                .filter(k -> !text.contains("`" + k + "`")).toList();
        assertEquals(List.of(), missing);
    }
}
