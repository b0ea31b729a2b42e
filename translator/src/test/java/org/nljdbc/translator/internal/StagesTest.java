package org.nljdbc.translator.internal;

import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.Source;
import org.nljdbc.translator.TranslationFailedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.translator.internal.cache.TranslationCache;
import org.nljdbc.translator.internal.conversation.Conversation;
import org.nljdbc.translator.internal.dialect.CostSettings;
import org.nljdbc.translator.internal.knowledge.Knowledge;
import org.nljdbc.translator.internal.knowledge.Semantics;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.internal.llm.LlmClients;
import org.nljdbc.translator.llm.LlmSettings;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.internal.llm.TranslatorFixture;
import org.nljdbc.translator.internal.retrieval.WholeSchemaRetriever;
import org.nljdbc.translator.internal.symbolic.SymbolicTranslator;

/** Each stage of the translator's chain alone, on a real H2 database and a scripted model over HTTP. */
class StagesTest {
    private static final SqlGuard GUARD = TranslatorFixture.workingGuard(Policy.defaults());
    private static final SqlGuard DENY_SINGER = TranslatorFixture.workingGuard(
            new Policy(1000, List.of(), List.of("singer"), List.of(), null, null, false));

    private TranslatorFixture db;
    private ScriptedLlmServer server;
    private final List<Stage> seen = new ArrayList<>();
    private final StageObserver observer = stage -> {
        seen.add(stage);
        return StageObserver.Span.NONE;
    };

    @BeforeEach
    void start() throws Exception {
        db = new TranslatorFixture();
        server = ScriptedLlmServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        db.close();
    }

    private Question question(String text, SqlGuard guard, Dialect dialect) {
        return new Question(text, "", List.of(), db.catalog, dialect, guard);
    }

    private Checkpoint checkpoint(boolean calcite) {
        return new Checkpoint(calcite ? Optional.of(Translator.DialectStage.defaults(CostSettings.DEFAULT))
                : Optional.empty(), observer);
    }

    private LlmClient model() throws java.sql.SQLException {
        return LlmClients.create(new LlmSettings("openai", server.baseUrl(), "m", new LlmSettings.Secret("k-1"),
                Duration.ofSeconds(10), 1));
    }

    private ModelStage modelStage(Checkpoint checkpoint) throws java.sql.SQLException {
        TranslatorBuilder b = Translator.builder().retriever(new WholeSchemaRetriever()).maxAttempts(2)
                .observer(observer);
        return new ModelStage(b, model(), checkpoint);
    }

    @Test
    void checkpointRunsAcceptedSqlAndTimesItsStages() throws Exception {
        Checkpoint.Outcome<List<String>> outcome = checkpoint(true).pass("SELECT name FROM singer WHERE age > 40",
                Checkpoint.Author.OTHER, question("q", GUARD, Dialect.H2), db.runner());

        Checkpoint.Ran<List<String>> ran = assertInstanceOf(Checkpoint.Ran.class, outcome);
        assertEquals(List.of("Joe", "Li"), ran.value());
        assertTrue(ran.accepted().sql().contains("LIMIT"), "the guard's row limit: " + ran.accepted().sql());
        assertTrue(ran.cost() != null, "Calcite validated it, so it has a cost estimate");
        assertEquals(List.of(Stage.CHECKPOINT, Stage.CHECKPOINT, Stage.EXECUTION), seen);
    }

    @Test
    void checkpointRefusesWhatThePolicyDeniesWithoutRunningIt() throws Exception {
        Checkpoint.Outcome<List<String>> outcome = checkpoint(true).pass("SELECT name FROM singer",
                Checkpoint.Author.OTHER, question("q", DENY_SINGER, Dialect.H2), accepted -> {
                    throw new AssertionError("the database must not see a refused query");
                });

        Checkpoint.Refused<List<String>> refused = assertInstanceOf(Checkpoint.Refused.class, outcome);
        assertTrue(refused.refusal().reason().isSecurity());
    }

    @Test
    void calciteRejectionGoesBackToTheModelButSqlNoModelWroteStillRuns() throws Exception {
        // The database has the column; the catalog the question was translated against (and Calcite validates
        // against) does not show it, e.g. one read before an ALTER TABLE. Only a model is asked to repair what
        // Calcite rejects; SQL no model wrote runs as the guard accepted it.
        String sql = "SELECT name FROM singer WHERE age > 40";
        org.nljdbc.translator.internal.catalog.TableInfo singer = db.catalog.table("singer").orElseThrow();
        org.nljdbc.translator.internal.catalog.Catalog stale = new org.nljdbc.translator.internal.catalog.Catalog(
                db.catalog.productName(), db.catalog.productVersion(), List.of(singer.withColumns(
                        singer.columns().stream().filter(c -> !c.name().equalsIgnoreCase("age")).toList())));
        Checkpoint checkpoint = checkpoint(true);

        Checkpoint.Outcome<List<String>> byModel = checkpoint.pass(sql, Checkpoint.Author.MODEL,
                new Question("q", "", List.of(), stale, Dialect.H2, GUARD), db.runner());
        Checkpoint.Outcome<List<String>> byOther = checkpoint.pass(sql, Checkpoint.Author.OTHER,
                new Question("q", "", List.of(), stale, Dialect.H2, GUARD), db.runner());

        assertInstanceOf(Checkpoint.Invalid.class, byModel);
        Checkpoint.Ran<List<String>> ran = assertInstanceOf(Checkpoint.Ran.class, byOther);
        assertEquals(List.of("Joe", "Li"), ran.value());
        assertEquals(null, ran.cost(), "no estimate for SQL Calcite could not check");
    }

    @Test
    void checkpointReportsARepairableDatabaseErrorAndThrowsTheCostCeiling() throws Exception {
        Checkpoint.Outcome<List<String>> outcome = checkpoint(false).pass("SELECT nosuch FROM singer",
                Checkpoint.Author.OTHER, question("q", TranslatorFixture.workingGuard(Policy.defaults()), Dialect.H2),
                db.runner());
        // The guard does not know every column name; the database does, and says so: a rewrite may fix it.
        if (!(outcome instanceof Checkpoint.Refused)) {
            assertInstanceOf(Checkpoint.Failed.class, outcome);
        }

        Checkpoint ceiling = new Checkpoint(Optional.of(Translator.DialectStage.defaults(new CostSettings(false,
                0.000001))), observer);
        assertThrows(org.nljdbc.translator.internal.dialect.CostLimitExceededException.class, () -> ceiling.pass(
                "SELECT name FROM singer", Checkpoint.Author.OTHER, question("q", GUARD, Dialect.H2), db.runner()));
    }

    @Test
    void exampleStagePassesWithoutAnExampleAndRefusesOneThePolicyNowDenies(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("semantics.yaml");
        Files.writeString(file, "examples:\n  - question: who are the French singers\n"
                + "    sql: SELECT name FROM singer WHERE country = 'France'\n");
        Knowledge knowledge = Knowledge.none().withSemantics(Semantics.load(file));
        ExampleStage stage = new ExampleStage(knowledge, checkpoint(false), observer);

        assertEquals(Optional.empty(), stage.answer(question("how old is Ann", GUARD, Dialect.H2), db.runner()));
        Answer<List<String>> answer = stage.answer(question("who are the French singers", GUARD, Dialect.H2),
                db.runner()).orElseThrow();
        assertEquals(List.of("Joe", "Li"), answer.value());
        assertEquals(Source.EXAMPLE, answer.translation().source());
        assertThrows(PolicyRefusedException.class, () -> stage.answer(
                question("who are the French singers", DENY_SINGER, Dialect.H2), db.runner()));
    }

    @Test
    void symbolicStageNotesWhyItAbstainsAndAnswersWhatItIsSureOf() throws Exception {
        SymbolicStage alone = new SymbolicStage(new SymbolicTranslator(SymbolicTranslator.DEFAULT_MIN_CONFIDENCE),
                false, checkpoint(false), observer);

        Question unclear = question("what is the meaning of all this", GUARD, Dialect.H2);
        assertEquals(Optional.empty(), alone.answer(unclear, db.runner()));
        assertTrue(unclear.abstention != null && !unclear.abstention.isBlank());

        Answer<List<String>> answer = alone.answer(question("how many singers are there", GUARD, Dialect.H2),
                db.runner()).orElseThrow();
        assertEquals(List.of("3"), answer.value());
        assertEquals(Source.SYMBOLIC, answer.translation().source());
        assertThrows(PolicyRefusedException.class, () -> alone.answer(
                question("how many singers are there", DENY_SINGER, Dialect.H2), db.runner()));
    }

    @Test
    void noAnswerStageSaysWhyAndWhatWouldAnswer() {
        Question q = question("what is the meaning of all this", GUARD, Dialect.H2);
        q.abstention = "no table matches";
        TranslationFailedException e = assertThrows(TranslationFailedException.class,
                () -> new NoAnswerStage().answer(q, db.runner()));
        assertTrue(e.getMessage().contains("no table matches"), e.getMessage());
        assertTrue(e.getMessage().contains("nl.llm.provider"), e.getMessage());
    }

    @Test
    void modelStageRepairsWhatTheDatabaseRejectedAndCountsTheAttempts() throws Exception {
        server.reply("SELECT nosuch FROM singer").reply("SELECT name FROM singer WHERE age < 30");

        Answer<List<String>> answer = modelStage(checkpoint(false)).translate(question("young singers", GUARD,
                Dialect.H2), db.runner(), null);

        assertEquals(List.of("Ann"), answer.value());
        assertEquals(Source.MODEL, answer.translation().source());
        assertEquals(2, answer.translation().attempts().size());
        assertTrue(server.promptText(1).contains("nosuch"), "the repair prompt names the failed SQL");
    }

    @Test
    void cacheStageDropsAnEntryThatNoLongerPassesAndTranslatesAfresh() throws Exception {
        TranslationCache cache = new TranslationCache(Duration.ofMinutes(5), 100);
        Checkpoint checkpoint = checkpoint(false);
        CacheStage stage = new CacheStage(cache, modelStage(checkpoint), checkpoint, observer);
        server.reply("SELECT name FROM singer WHERE age < 30").reply("SELECT name FROM singer WHERE age < 35");

        Answer<List<String>> first = stage.answer(question("young singers", GUARD, Dialect.H2), db.runner())
                .orElseThrow();
        Answer<List<String>> hit = stage.answer(question("young singers", GUARD, Dialect.H2), db.runner())
                .orElseThrow();
        assertEquals(Source.MODEL, first.translation().source());
        assertEquals(Source.CACHE, hit.translation().source());
        assertEquals(1, server.requests().size());

        // The same entry on a database where it fails: dropped, and the model asked again.
        Answer<List<String>> afresh = stage.answer(question("young singers", GUARD, Dialect.H2), accepted -> {
            if (accepted.sql().contains("< 30")) {
                throw new java.sql.SQLSyntaxErrorException("column changed", "42S22");
            }
            return db.runner().run(accepted);
        }).orElseThrow();
        assertEquals(Source.MODEL, afresh.translation().source());
        assertEquals(2, server.requests().size());
    }

    @Test
    void aFollowUpWithoutAModelIsRefusedNotAnsweredAlone() throws Exception {
        Conversation conversation = new Conversation(5);
        conversation.record("how many singers are there", "SELECT COUNT(*) FROM singer",
                "SELECT COUNT(*) FROM singer", List.of(), null);
        ConversationStage stage = new ConversationStage(Optional.empty(), checkpoint(false), observer);

        TranslationFailedException e = assertThrows(TranslationFailedException.class, () -> stage.answer(
                question("and which one of them is the oldest?", GUARD, Dialect.H2), conversation,
                new ConversationStage.Chain() {
                    @Override
                    public <T> Answer<T> answer(Question q, SqlRunner<T> runner) {
                        throw new AssertionError("a follow-up is not an independent question");
                    }
                }, db.runner()));
        assertTrue(e.getMessage().contains("follow-up"), e.getMessage());
    }
}
