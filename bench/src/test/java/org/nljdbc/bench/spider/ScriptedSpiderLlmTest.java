package org.nljdbc.bench.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScriptedSpiderLlmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOLD = "SELECT T2.name FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id"
            + " WHERE T1.year = \"2014\"";

    @Test
    void answersWithGoldSqlWhenEveryGoldTableAndColumnIsInThePrompt() throws Exception {
        try (ScriptedSpiderLlm llm = ScriptedSpiderLlm.start()) {
            llm.expect(expectation("Which stadium had a concert in 2014?"));
            String reply = ask(llm, "CREATE TABLE concert (concert_id int, stadium_id int, Year text);\n"
                    + "CREATE TABLE stadium (Stadium_ID int, Name text);", "Which stadium had a concert in 2014?");
            assertTrue(reply.contains(GOLD), reply);
            assertTrue(llm.exchanges().get(0).answeredSql());
            assertTrue(llm.exchanges().get(0).promptTokens() > 0);
        }
    }

    @Test
    void repliesWithoutSqlWhenAGoldColumnIsMissingEvenIfTheQuestionMentionsIt() throws Exception {
        try (ScriptedSpiderLlm llm = ScriptedSpiderLlm.start()) {
            String question = "What is the name of the stadium whose concert year is 2014?";
            llm.expect(expectation(question));
            // "name" and "year" only appear in the question itself, which does not count as schema.
            String reply = ask(llm, "CREATE TABLE concert (concert_id int, stadium_id int);\n"
                    + "CREATE TABLE stadium (stadium_id int, capacity int);", question);
            assertFalse(reply.toUpperCase().contains("SELECT"), reply);
            assertEquals(Set.of("name", "year"), llm.exchanges().get(0).missingColumns());
            assertTrue(llm.exchanges().get(0).missingTables().isEmpty());
        }
    }

    @Test
    void aTableNameInsideAnotherWordDoesNotCount() throws Exception {
        try (ScriptedSpiderLlm llm = ScriptedSpiderLlm.start()) {
            llm.expect(expectation("q"));
            ask(llm, "CREATE TABLE concerts_old (concert_id int, stadium_id int, year int);\n"
                    + "CREATE TABLE stadium (stadium_id int, name text);", "q");
            assertEquals(Set.of("concert"), llm.exchanges().get(0).missingTables());
        }
    }

    private static ScriptedSpiderLlm.Expectation expectation(String question) throws Exception {
        return new ScriptedSpiderLlm.Expectation(question, GOLD, GoldReferences.of(GOLD,
                Set.of("concert_id", "stadium_id", "year", "name", "capacity")));
    }

    private static String ask(ScriptedSpiderLlm llm, String system, String question) throws Exception {
        var body = JSON.createObjectNode().put("model", "m");
        var messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", question);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(llm.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return JSON.readTree(r.body()).at("/choices/0/message/content").asText();
    }
}
