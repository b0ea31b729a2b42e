package org.nljdbc.driver.observe;

import java.util.Map;

/** The JMX view of {@link Statistics}: {@code org.nljdbc:type=Statistics}. */
public interface StatisticsMBean {
    /** NL statements answered, refused or failed; a prepared statement counts by its executions, not its plan. */
    long getQuestions();

    long getRefused();

    long getFailed();

    long getModelCalls();

    long getTokensIn();

    long getTokensOut();

    long getCacheHits();

    long getRows();

    /** Estimated bytes of the rows callers read from NL results. */
    long getBytes();

    long getModelRetries();

    /** Model endpoints whose circuit breaker is open now (0 when every endpoint answers). */
    long getOpenCircuits();

    /** Estimated model cost in the currency of {@code nl.llm.price}. */
    double getEstimatedCost();

    /** Every measure by key, as {@code NL STATS} lists them. */
    Map<String, Long> getMeasures();
}
