package org.nljdbc.translator.internal.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.internal.Stage;
import org.nljdbc.translator.internal.StageObserver;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.retrieval.WholeSchemaRetriever;
import org.nljdbc.translator.internal.symbolic.SymbolicTranslator;

/** The translator reports every stage a question passes, in order, and closes each span once, also on a refusal. */
class StageObserverTest {
    private ScriptedLlmServer server;
    private TranslatorFixture db;
    private final List<String> events = new ArrayList<>();
    private final StageObserver recorder = stage -> {
        events.add("+" + stage.tag());
        return () -> events.add("-" + stage.tag());
    };

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        db = new TranslatorFixture();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        db.close();
    }

    private Translator withModel() throws Exception {
        return Translator.builder().llm(LlmClients.create(LlmTestSupport.openAi(server), LlmTestSupport.fast()))
                .retriever(new WholeSchemaRetriever()).build().withObserver(recorder);
    }

    @Test
    void aModelAnswerPassesRetrievalGenerationCheckpointAndExecution() throws Exception {
        server.then(new ScriptedLlmServer.Reply("```sql\nSELECT name FROM singer WHERE country = 'France'\n```",
                100, 10, Duration.ZERO));

        withModel().answer("names of French singers", db.catalog, Dialect.H2,
                TranslatorFixture.workingGuard(Policy.defaults()), db.runner());

        assertEquals(List.of("+examples", "-examples", "+retrieval", "-retrieval", "+generation", "-generation",
                "+checkpoint", "-checkpoint", "+execution", "-execution"), events);
    }

    @Test
    void anLlmFreeAnswerNeverReachesRetrievalOrTheModel() throws Exception {
        Translator llmFree = Translator.builder().retriever(new WholeSchemaRetriever())
                .symbolic(new SymbolicTranslator(0.0)).observer(recorder).build();

        llmFree.answer("how many singers are there?", db.catalog, Dialect.H2,
                TranslatorFixture.workingGuard(Policy.defaults()), db.runner());

        assertEquals(List.of("+examples", "-examples", "+symbolic", "-symbolic", "+checkpoint", "-checkpoint",
                "+execution", "-execution"), events);
        assertEquals(0, server.requests().size());
    }

    @Test
    void aRefusedAnswerClosesEverySpanItOpened() throws Exception {
        server.reply("```sql\nDROP TABLE singer\n```");

        assertThrows(PolicyRefusedException.class, () -> withModel().answer("remove the singers", db.catalog,
                Dialect.H2, TranslatorFixture.workingGuard(Policy.defaults()), db.runner()));

        long opened = events.stream().filter(e -> e.startsWith("+")).count();
        long closed = events.stream().filter(e -> e.startsWith("-")).count();
        assertEquals(opened, closed, events.toString());
        assertEquals("-checkpoint", events.get(events.size() - 1));
    }
}
