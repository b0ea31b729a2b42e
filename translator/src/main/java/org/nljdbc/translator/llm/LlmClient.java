package org.nljdbc.translator.llm;

import java.sql.SQLException;

/**
 * A chat model behind HTTP. Implementations are thread-safe, time out every call, and never put the
 * API key into exceptions, logs or {@code toString()}.
 */
public interface LlmClient {
    /**
     * @throws org.nljdbc.translator.LlmUnavailableException when the endpoint cannot be reached, keeps failing or times out
     */
    LlmReply complete(LlmRequest request) throws SQLException;

    /** A short description for messages: provider, endpoint host and model, never the key. */
    String describe();
}
