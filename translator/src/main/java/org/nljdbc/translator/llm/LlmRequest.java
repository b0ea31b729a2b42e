package org.nljdbc.translator.llm;

import java.util.List;

/** A chat request: a system prompt and the turns so far. Deterministic by default (temperature 0). */
public record LlmRequest(String system, List<ChatMessage> messages, int maxTokens, double temperature) {
    public LlmRequest {
        messages = List.copyOf(messages);
    }

    public LlmRequest(String system, List<ChatMessage> messages) {
        this(system, messages, 1024, 0.0);
    }
}
