package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.ChatMessage;
import org.nljdbc.translator.llm.LlmRequest;
import org.nljdbc.translator.llm.LlmSettings;

import java.time.Duration;
import java.util.List;

/** Settings and requests the LLM tests share. */
final class LlmTestSupport {
    static final String KEY = "sk-test-7c1f0a9e3b5d4f2a8e6c0b1d9f3a5e7c";

    private LlmTestSupport() {
    }

    static LlmSettings openAi(ScriptedLlmServer server) {
        return new LlmSettings("openai", server.baseUrl(), "gpt-test", new LlmSettings.Secret(KEY), Duration.ofSeconds(10), 3);
    }

    static LlmSettings anthropic(ScriptedLlmServer server) {
        return new LlmSettings("anthropic", server.baseUrl(), "claude-test", new LlmSettings.Secret(KEY),
                Duration.ofSeconds(10), 3);
    }

    /** Fast backoff so retry tests take milliseconds; circuit wide open so it does not interfere. */
    static Resilience fast() {
        return Resilience.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).withCircuit(100, 100f,
                Duration.ofSeconds(30));
    }

    static LlmRequest question(String q) {
        return new LlmRequest("You write SQL.", List.of(ChatMessage.user(q)));
    }

    static String endpointKey(ScriptedLlmServer server, String path) {
        java.net.URI u = java.net.URI.create(server.baseUrl());
        return u.getScheme() + "://" + u.getHost() + ":" + u.getPort() + u.getPath() + path;
    }
}
