package org.nljdbc.translator.internal.llm;

/**
 * Token use as the provider reported it.
 *
 * @param calls            LLM calls that returned a reply
 * @param promptTokens     prompt (input) tokens over those calls
 * @param completionTokens completion (output) tokens over those calls
 */
record TokenUsage(long calls, long promptTokens, long completionTokens) {
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(calls + other.calls, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens);
    }
}
