package org.nljdbc.driver.observe;

import java.sql.SQLException;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmReply;
import org.nljdbc.translator.llm.LlmRequest;

/**
 * Counts every model call (its duration, tokens, estimated cost and failures) and refuses it when
 * {@code nl.llm.budget} is spent. Wraps the shared client, outside its retries: one call here is one answer.
 */
public final class ObservedLlmClient implements LlmClient {
    private final LlmClient delegate;
    private final Budget budget;
    private final Price price;
    private final Statistics stats;

    /**
     * @param budget null for none
     * @param stats  where calls are counted: the process's statistics, or {@link Statistics#off()}
     */
    public ObservedLlmClient(LlmClient delegate, Budget budget, Price price, Statistics stats) {
        this.delegate = delegate;
        this.budget = budget;
        this.price = price;
        this.stats = stats;
    }

    @Override
    public LlmReply complete(LlmRequest request) throws SQLException {
        if (budget != null) {
            try {
                budget.check();
            } catch (SQLException e) {
                stats.count("nljdbc.llm.calls", 1, "outcome", "budget");
                throw e;
            }
        }
        long start = System.nanoTime();
        LlmReply reply;
        try {
            reply = delegate.complete(request);
        } catch (SQLException | RuntimeException e) {
            stats.count("nljdbc.llm.calls", 1, "outcome", "failed");
            stats.time("nljdbc.llm.duration", System.nanoTime() - start);
            throw e;
        }
        stats.time("nljdbc.llm.duration", System.nanoTime() - start);
        stats.count("nljdbc.llm.calls", 1, "outcome", "ok");
        stats.count("nljdbc.llm.tokens.in", reply.promptTokens());
        stats.count("nljdbc.llm.tokens.out", reply.completionTokens());
        stats.count("nljdbc.llm.cost.micros", Math.round(price.cost(reply.promptTokens(), reply.completionTokens())
                * 1_000_000));
        if (budget != null) {
            budget.spend(reply.promptTokens(), reply.completionTokens());
        }
        return reply;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
