package org.nljdbc.translator.llm;

import java.time.Duration;

/**
 * How to reach a model.
 *
 * @param provider   the name of an {@link LlmProvider} ({@code openai}, {@code anthropic}, or one on the class path) or {@code none}
 * @param apiKey     the key itself (read from the environment variable the user named); never printed
 */
public record LlmSettings(String provider, String baseUrl, String model, Secret apiKey, Duration timeout,
                          int maxAttempts) {

    public boolean enabled() {
        return provider != null && !provider.isBlank() && !provider.equalsIgnoreCase("none");
    }

    /** A value that must not be shown: its {@code toString()} is masked. */
    public static final class Secret {
        private final String value;

        public Secret(String value) {
            this.value = value;
        }

        public String reveal() {
            return value;
        }

        public boolean isPresent() {
            return value != null && !value.isEmpty();
        }

        @Override
        public String toString() {
            return isPresent() ? "****" : "(none)";
        }
    }
}
