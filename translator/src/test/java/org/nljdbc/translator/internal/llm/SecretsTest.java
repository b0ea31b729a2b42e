package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nljdbc.translator.LlmUnavailableException;

class SecretsTest {
    private static final String KEY = LlmTestSupport.KEY;

    @Test
    void keyEchoedByTheProviderIsRedactedFromTheException() throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start()) {
            server.then(new ScriptedLlmServer.Status(401,
                    "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}", Map.of()));
            LlmClient client = LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast());

            LlmUnavailableException e = assertThrows(LlmUnavailableException.class,
                    () -> client.complete(LlmTestSupport.question("q")));

            assertTrue(e.getMessage().contains("Incorrect API key provided: ****"), e.getMessage());
            assertFalse(e.getMessage().contains(KEY));
        }
    }

    @Test
    void settingsAndClientsNeverShowTheKey() throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start()) {
            LlmSettings settings = LlmTestSupport.openAi(server);
            assertFalse(settings.toString().contains(KEY), settings.toString());
            assertEquals("****", settings.apiKey().toString());
            LlmClient client = LlmClients.forConnection(LlmClients.create(settings), "u", 10, new TokenMeter());
            assertFalse(client.toString().contains(KEY));
            assertFalse(client.describe().contains(KEY));
            LlmClient anthropic = LlmClients.create(LlmTestSupport.anthropic(server));
            assertFalse(anthropic.toString().contains(KEY));
        }
    }

    /**
     * Logging levels of slf4j-simple are fixed when a JVM first logs, so the probe runs in its own JVM with every
     * logger at TRACE; its stdout (messages, toString) and stderr (the log) must mention the failures but never the key.
     */
    @Test
    void keyNeverAppearsInLogsOrExceptionsAtTraceLevel(@TempDir Path dir) throws Exception {
        File out = dir.resolve("out.txt").toFile();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                SecretLeakProbe.class.getName(), KEY)
                .redirectErrorStream(true).redirectOutput(out).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish");
        String text = Files.readString(out.toPath(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);

        assertTrue(text.contains("the API key was refused"), "the probe must reach the 401 path:\n" + text);
        assertTrue(text.contains("malformed JSON"), text);
        assertTrue(text.contains("circuit open for"), text);
        assertTrue(text.contains("WARN") && text.contains("try 2 of 3"), "retries must be logged:\n" + text);
        assertTrue(text.contains("DEBUG") && text.contains("answered in"), "debug logging must be on:\n" + text);
        assertFalse(text.contains(KEY), "the key leaked:\n" + text);
        assertFalse(text.contains(KEY.substring(8)), "part of the key leaked:\n" + text);
    }
}
