package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmProvider;
import org.nljdbc.translator.llm.LlmSettings;

import java.net.URI;
import java.net.http.HttpClient;

/** {@code nl.llm.provider=anthropic}: Anthropic's messages API. */
public final class AnthropicProvider implements LlmProvider {
    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public URI endpoint(LlmSettings settings) {
        return AnthropicMessagesClient.endpointFor(settings);
    }

    @Override
    public LlmClient open(LlmSettings settings, HttpClient http) {
        return new AnthropicMessagesClient(settings, http);
    }
}
