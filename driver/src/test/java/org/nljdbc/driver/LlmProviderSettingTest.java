package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** {@code nl.llm.provider} names an {@code LlmProvider} found on the class path; a wrong name is refused early. */
class LlmProviderSettingTest {

    @Test
    void anUnknownProviderIsRefusedNamingTheKnownOnes() {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:spi_provider1;nl.llm.provider=gemini")) {
                c.createStatement().executeQuery("NL: how many rows?");
            }
        });
        assertEquals("HY024", e.getSQLState());
        assertTrue(e.getMessage().contains("nl.llm.provider \"gemini\" is not a known provider; known: anthropic, openai"),
                e.getMessage());
        assertFalse(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("key"), e.getMessage());
    }

    @Test
    void aMisCasedProviderNameIsTheSameProvider() throws Exception {
        // No call is made: opening the connection builds the client, and without questions nothing is sent.
        try (Connection c = DriverManager.getConnection(
                "jdbc:nl:h2:mem:spi_provider2;nl.llm.provider=OpenAI;nl.llm.baseUrl=http://127.0.0.1:9/v1")) {
            assertFalse(c.isClosed());
        }
    }
}
