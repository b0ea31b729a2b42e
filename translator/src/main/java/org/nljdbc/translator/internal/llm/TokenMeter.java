package org.nljdbc.translator.internal.llm;

import org.nljdbc.translator.llm.LlmReply;

import java.util.concurrent.atomic.LongAdder;

/**
 * A running total of token use, e.g. one per connection: every reply that passes through a client made by
 * {@link LlmClients#forConnection} is added, failed translations and repairs included. Thread-safe.
 */
public final class TokenMeter {
    private final LongAdder calls = new LongAdder();
    private final LongAdder prompt = new LongAdder();
    private final LongAdder completion = new LongAdder();

    public void record(LlmReply reply) {
        calls.increment();
        prompt.add(reply.promptTokens());
        completion.add(reply.completionTokens());
    }

    /** The totals so far (a consistent snapshot when no call is in progress). */
    TokenUsage usage() {
        return new TokenUsage(calls.sum(), prompt.sum(), completion.sum());
    }

    @Override
    public String toString() {
        TokenUsage u = usage();
        return "TokenMeter[" + u.calls() + " calls, " + u.promptTokens() + " prompt + " + u.completionTokens()
                + " completion tokens]";
    }
}
