package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmSettings;

import java.time.Duration;
import java.util.Map;

/**
 * Run in a child JVM by {@link SecretsTest} with every logger at TRACE: drives both providers through every failure
 * path that logs or throws, and prints every message and {@code toString()} it can reach to stdout.
 */
public final class SecretLeakProbe {
    private SecretLeakProbe() {
    }

    public static void main(String[] args) throws Exception {
        String key = args[0];
        try (ScriptedLlmServer server = ScriptedLlmServer.start()) {
            String echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\"}}";
            server.then(new ScriptedLlmServer.Status(401, echo, Map.of()))
                    .then(new ScriptedLlmServer.Status(500, echo, Map.of()))
                    .then(new ScriptedLlmServer.Status(429, echo, Map.of("Retry-After", "0")))
                    .then(new ScriptedLlmServer.Raw("not json, key " + key))
                    .then(new ScriptedLlmServer.Raw("{\"choices\":[], \"echo\":\"" + key + "\"}"))
                    .reply("SELECT 1");
            server.otherwise(req -> new ScriptedLlmServer.Status(503, echo, Map.of()));
            Resilience r = Resilience.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(2))
                    .withCircuit(3, 50f, Duration.ofSeconds(30));
            for (String provider : new String[] {"openai", "anthropic"}) {
                LlmSettings settings = new LlmSettings(provider, server.baseUrl(), "m", new LlmSettings.Secret(key),
                        Duration.ofSeconds(5), 3);
                System.out.println("settings: " + settings + " secret: " + settings.apiKey());
                LlmClient client = LlmClients.forConnection(LlmClients.create(settings, r), "alice", 100, new TokenMeter());
                System.out.println("client: " + client);
                for (int i = 0; i < 6; i++) {
                    try {
                        System.out.println("reply: " + client.complete(LlmTestSupport.question("q")));
                    } catch (Exception e) {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            System.out.println("exception: " + t);
                        }
                    }
                }
            }
        }
    }
}
