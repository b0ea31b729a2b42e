package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code nl.*} name must be a known setting, wherever it is given; the config file is bounded. */
class StrictSettingsTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void everySettingIsFoundByItsExactNameOnly() {
        for (NlProperty p : NlProperty.values()) {
            assertEquals(p, NlProperty.forName(p.key()).orElseThrow());
        }
        assertTrue(NlProperty.forName("nl.maxrows").isEmpty(), "names are case-sensitive");
        assertTrue(NlProperty.forName("nl.nothing").isEmpty());
        assertTrue(NlProperty.forName(null).isEmpty());
    }

    @Test
    void unknownSettingIsRefusedWithTheNearestName() {
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:strict1;nl.tables.denied=salaries"));
        assertEquals("HY024", e.getSQLState());
        assertTrue(e.getMessage().startsWith("unknown setting nl.tables.denied; did you mean nl.tables.deny?"),
                e.getMessage());
        assertTrue(e.getMessage().contains("the URL"), e.getMessage());
    }

    @Test
    void aMisCasedPropertyIsRefusedWithItsRightSpelling() {
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:strict2", props("nl.maxrows", "5")));
        assertEquals("HY024", e.getSQLState());
        assertTrue(e.getMessage().startsWith("unknown setting nl.maxrows; did you mean nl.maxRows?"), e.getMessage());
        SQLException upper = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:strict2?NL.passthrough=deny"));
        assertTrue(upper.getMessage().contains("did you mean nl.passthrough?"), upper.getMessage());
    }

    @Test
    void anUnknownNameInTheConfigFileIsRefusedAndTheFileNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nl.properties");
        Files.writeString(file, "nl.maxRows=3\nnl.passthru=deny\n");
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:strict3", props("nl.config", file.toString())));
        assertEquals("HY024", e.getSQLState());
        assertTrue(e.getMessage().contains("did you mean nl.passthrough?"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void propertyInfoStillListsTheSettingsWhileAUserIsTypingAName() throws SQLException {
        DriverPropertyInfo[] info = new NlDriver().getPropertyInfo("jdbc:nl:h2:mem:x;nl.tables.de=", new Properties());
        assertTrue(Arrays.stream(info).anyMatch(i -> i.name.equals("nl.tables.deny")));
    }

    @Test
    void theConfigFileMayNotBeADevice() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "/dev/zero exists on this system");
        SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:strict4", props("nl.config", "/dev/zero"))));
        assertEquals("HY024", e.getSQLState());
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void theConfigFileMayNotBeADirectory(@TempDir Path dir) {
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:strict5", props("nl.config", dir.toString())));
        assertEquals("HY024", e.getSQLState());
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void theConfigFileMayNotBeLargerThanOneMebibyte(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.properties");
        byte[] line = "# padding padding padding padding padding padding padding padding padding pad\n".getBytes();
        try (var out = Files.newOutputStream(big)) {
            for (int written = 0; written < 2 * 1024 * 1024; written += line.length) {
                out.write(line);
            }
        }
        SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:strict6", props("nl.config", big.toString()))));
        assertEquals("HY024", e.getSQLState());
        assertTrue(e.getMessage().contains("larger than 1048576 bytes"), e.getMessage());
    }

    @Test
    void aConfigFileOfOrdinarySizeIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.properties");
        Files.writeString(file, "nl.maxRows=4\n");
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:strict7", props("nl.config", file.toString()))) {
            assertEquals(4, c.unwrap(NlConnection.class).runtime.policy.maxRows());
        }
    }

    @Test
    void theUrlMayNotNameAConfigFileAndTheRefusalSaysNothingAboutTheFile(@TempDir Path dir) throws Exception {
        Path existing = dir.resolve("real.properties");
        Files.writeString(existing, "nl.passthrough=allow\n");
        SQLException forExisting = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:strict8;nl.config=" + existing));
        SQLException forMissing = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl:h2:mem:strict8;nl.config=" + dir.resolve("none")));
        assertEquals("28000", forExisting.getSQLState());
        assertEquals(forExisting.getMessage(), forMissing.getMessage());
        assertFalse(forExisting.getMessage().contains(dir.toString()), forExisting.getMessage());
    }

    @Test
    void aConfigFileGivenInPropertiesIsOverriddenByThoseProperties(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nl.properties");
        Files.writeString(file, "nl.maxRows=3\nnl.passthrough=deny\n");
        NlConfig cfg = NlConfig.from(NlUrl.parse("jdbc:nl:h2:mem:x"),
                props("nl.config", file.toString(), "nl.maxRows", "9"), Map.of());
        assertEquals(9, cfg.policy().maxRows());
        assertEquals(NlConfig.Passthrough.DENY, cfg.passthrough());
    }
}
