package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmProvider;
import org.nljdbc.translator.llm.LlmSettings;

import java.net.URI;
import java.net.http.HttpClient;

/** {@code nl.llm.provider=openai}: OpenAI-compatible chat completions, including Azure OpenAI. */
public final class OpenAiProvider implements LlmProvider {
    @Override
    public String name() {
        return "openai";
    }

    @Override
    public URI endpoint(LlmSettings settings) {
        return OpenAiChatClient.endpointFor(settings);
    }

    @Override
    public LlmClient open(LlmSettings settings, HttpClient http) {
        return new OpenAiChatClient(settings, http);
    }
}
