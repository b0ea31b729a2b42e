package org.nljdbc.translator.internal;

import org.nljdbc.translator.Source;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.guard.VisibleSchema;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.conversation.Conversation;
import org.nljdbc.translator.internal.conversation.ConversationAnswer;
import org.nljdbc.translator.internal.dialect.CostSettings;
import org.nljdbc.translator.internal.dialect.DialectPipeline;
import org.nljdbc.translator.internal.symbolic.SymbolicTranslator;

/**
 * Turns one question into SQL that the guard accepted and the database ran, through a chain of stages built from
 * the configuration, each present or absent: verified examples ({@link ExampleStage}), the LLM-free translator
 * ({@link SymbolicStage}), the translation cache ({@link CacheStage}) in front of retrieval, the model and repair
 * ({@link ModelStage}), and, without a model, {@link NoAnswerStage}, which says why nothing answered. Follow-ups are
 * resolved first ({@link ConversationStage}). Every stage's SQL reaches the database only through the
 * {@link Checkpoint}. Thread-safe; one instance serves a whole data source.
 */
public final class Translator {
    private static final SymbolicTranslator DEFAULT_SYMBOLIC =
            new SymbolicTranslator(SymbolicTranslator.DEFAULT_MIN_CONFIDENCE);

    /** What the translator was built from, for {@link #toBuilder()}. */
    private final TranslatorBuilder settings;
    private final List<AnswerStage> chain;
    private final ConversationStage conversation;
    private final boolean hasModel;
    private final Checkpoint checkpoint;

    /**
     * Calcite's part: validation of model SQL against the catalog (errors go back to the model), rendering for the
     * targets whose dialect models get wrong most, and the cost estimate with its ceiling.
     *
     * @param render the dialects whose SQL is re-rendered through relational algebra before the guard
     */
    public record DialectStage(DialectPipeline pipeline, CostSettings cost, java.util.Set<Dialect> render) {
        public DialectStage {
            render = java.util.Set.copyOf(render);
        }

        /** Validate everything; render for SQL Server and Oracle, whose row limits and quoting models get wrong. */
        public static DialectStage defaults(CostSettings cost) {
            return new DialectStage(new DialectPipeline(), cost, java.util.Set.of(Dialect.SQLSERVER, Dialect.ORACLE));
        }
    }

    Translator(TranslatorBuilder b) {
        this.settings = b.copy();
        Checkpoint checkpoint = new Checkpoint(b.dialects, b.observer);
        Optional<ModelStage> model = b.llm.map(llm -> new ModelStage(b, llm, checkpoint));
        // Without a model, the LLM-free translator at its default threshold stands in when none is configured.
        Optional<SymbolicTranslator> llmFree = b.symbolic.isPresent() ? b.symbolic
                : model.isEmpty() ? Optional.of(DEFAULT_SYMBOLIC) : Optional.empty();
        List<AnswerStage> stages = new ArrayList<>();
        stages.add(new ExampleStage(b.knowledge, checkpoint, b.observer));
        llmFree.ifPresent(s -> stages.add(new SymbolicStage(s, model.isPresent(), checkpoint, b.observer)));
        if (model.isPresent()) {
            stages.add(b.cache.<AnswerStage>map(c -> new CacheStage(c, model.get(), checkpoint, b.observer))
                    .orElse(model.get()));
        } else {
            stages.add(new NoAnswerStage());
        }
        this.chain = List.copyOf(stages);
        this.conversation = new ConversationStage(model, checkpoint, b.observer);
        this.hasModel = model.isPresent();
        this.checkpoint = checkpoint;
    }

    /**
     * A builder with no model, the lexical schema retriever, 3,000 prompt tokens, 3 attempts, no cache, the default
     * LLM-free translator, no Calcite stage, no knowledge and no observer.
     */
    public static TranslatorBuilder builder() {
        return new TranslatorBuilder();
    }

    /** A builder holding this translator's stages, e.g. to make a connection's copy with its own model client. */
    public TranslatorBuilder toBuilder() {
        return settings.copy();
    }

    /**
     * The same translator reporting the start and end of each {@link Stage} to {@code stageObserver} (e.g. a
     * connection's timers and trace spans); cheap enough to make per connection.
     */
    public Translator withObserver(StageObserver stageObserver) {
        return toBuilder().observer(stageObserver == null ? StageObserver.NONE : stageObserver).build();
    }

    public boolean hasLlm() {
        return hasModel;
    }

    /**
     * Translates {@code question}, guards the SQL and hands it to {@code runner}; on a repairable failure asks
     * the model again with the error. Security refusals are never sent back for "repair": after the attempts the
     * last refusal is thrown.
     */
    public <T> Answer<T> answer(String question, Catalog catalog, Dialect dialect, SqlGuard guard, SqlRunner<T> runner)
            throws SQLException {
        return answer(question, "", catalog, dialect, guard, runner);
    }

    /**
     * As {@link #answer(String, Catalog, Dialect, SqlGuard, SqlRunner)}, for a question resolved against
     * {@code conversation} (the conversation state, part of the cache key; empty for none). A cached translation of the
     * same question, schema, policy, dialect, conversation and model is guarded and run without an LLM call
     * ({@link Translation#source()} {@link Source#CACHE}); while one caller translates, identical questions wait for it.
     */
    public <T> Answer<T> answer(String question, String conversation, Catalog catalog, Dialect dialect, SqlGuard guard,
                                SqlRunner<T> runner) throws SQLException {
        return answer(new Question(question, conversation, List.of(), catalog, dialect, guard), runner);
    }

    /**
     * Answers {@code question} within {@code conversation}: an independent question exactly as
     * {@link #answer(String, Catalog, Dialect, SqlGuard, SqlRunner)}; a follow-up whose refinement is clear as an edit
     * of the previous turn's SQL, guarded and run like any other SQL (no model call); any other follow-up by the
     * model, shown the earlier questions and their SQL. An edit the guard refuses or the database rejects goes to
     * the model too, when there is one. The caller records the answered turn in the conversation.
     */
    public <T> ConversationAnswer<T> answer(String question, Conversation conversation, Catalog catalog,
                                            Dialect dialect, SqlGuard guard, SqlRunner<T> runner) throws SQLException {
        return this.conversation.answer(new Question(question, "", List.of(), catalog, dialect, guard), conversation,
                this::answer, runner);
    }

    /**
     * Answers {@code question} with {@code sql} that was written for it elsewhere (e.g. the confirmed template of a
     * prepared question's shape, with this execution's values in it), through the checkpoint exactly as SQL no model
     * wrote just now ({@link Source#CACHE}). A security refusal is thrown; empty when it no longer passes or runs,
     * and the question should be translated afresh.
     */
    public <T> Optional<Answer<T>> answerWith(String question, String sql, Catalog catalog, Dialect dialect,
                                              SqlGuard guard, SqlRunner<T> runner) throws SQLException {
        return AnswerStage.reuse(new Question(question, "", List.of(), catalog, dialect, guard), sql, Source.CACHE,
                checkpoint, runner);
    }

    private <T> Answer<T> answer(Question question, SqlRunner<T> runner) throws SQLException {
        for (AnswerStage stage : chain) {
            Optional<Answer<T>> answer = stage.answer(question, runner);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        throw new IllegalStateException("the last stage always answers or throws");
    }

    /** The catalog as plain data for the guard: every visible table once, with its schema and names as stored. */
    public static VisibleSchema visibleSchema(Catalog catalog) {
        return catalog.visibleSchema();
    }
}
