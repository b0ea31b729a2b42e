package org.nljdbc.translator.llm;

/** The model's text and the token use the provider reported (0 when it reported none). */
public record LlmReply(String text, int promptTokens, int completionTokens) {
}
