package org.nljdbc.translator.internal;

import java.util.Objects;
import java.util.Optional;
import org.nljdbc.translator.internal.cache.TranslationCache;
import org.nljdbc.translator.internal.knowledge.Knowledge;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.internal.retrieval.LexicalSchemaRetriever;
import org.nljdbc.translator.internal.retrieval.SchemaRetriever;
import org.nljdbc.translator.internal.symbolic.SymbolicTranslator;

/**
 * Composes a {@link Translator}; each stage is present or absent, never null. Not thread-safe; the translator it
 * builds is, and building is cheap enough to do per connection.
 */
public final class TranslatorBuilder {
    // Package-private so that the stages read them when the translator is built.
    Optional<LlmClient> llm = Optional.empty();
    SchemaRetriever retriever = new LexicalSchemaRetriever();
    int maxPromptTokens = 3000;
    int maxAttempts = 3;
    Optional<TranslationCache> cache = Optional.empty();
    Optional<SymbolicTranslator> symbolic = Optional.empty();
    Optional<Translator.DialectStage> dialects = Optional.empty();
    Knowledge knowledge = Knowledge.none();
    StageObserver observer = StageObserver.NONE;

    TranslatorBuilder() {
    }

    /** The model that writes and repairs SQL (e.g. a connection's rate-limited client from {@code LlmClients}). */
    public TranslatorBuilder llm(LlmClient model) {
        this.llm = Optional.of(Objects.requireNonNull(model, "model"));
        return this;
    }

    /** No model: only the LLM-free translator, verified examples and follow-up edits answer. */
    public TranslatorBuilder noLlm() {
        this.llm = Optional.empty();
        return this;
    }

    /** Which tables and columns of the catalog the model sees. */
    public TranslatorBuilder retriever(SchemaRetriever schemaRetriever) {
        this.retriever = Objects.requireNonNull(schemaRetriever, "schemaRetriever");
        return this;
    }

    /** @param tokens the prompt's budget for the schema the retriever picks */
    public TranslatorBuilder maxPromptTokens(int tokens) {
        this.maxPromptTokens = tokens;
        return this;
    }

    /** @param attempts the model's tries at one question, repairs included; at least 1 */
    public TranslatorBuilder maxAttempts(int attempts) {
        this.maxAttempts = Math.max(1, attempts);
        return this;
    }

    /** Translations to reuse, and to share between identical concurrent questions. */
    public TranslatorBuilder cache(TranslationCache translations) {
        this.cache = Optional.of(Objects.requireNonNull(translations, "translations"));
        return this;
    }

    /**
     * The LLM-free translator, asked before the model (no tokens, deterministic), e.g. at
     * {@code nl.symbolic.minConfidence}, also when a model is configured. Without it, a translator with no model
     * uses a {@link SymbolicTranslator} at its default threshold, and one with a model asks the model alone.
     */
    public TranslatorBuilder symbolic(SymbolicTranslator llmFree) {
        this.symbolic = Optional.of(Objects.requireNonNull(llmFree, "llmFree"));
        return this;
    }

    /** Validates, renders and costs SQL with Calcite. */
    public TranslatorBuilder dialects(Translator.DialectStage stage) {
        this.dialects = Optional.of(Objects.requireNonNull(stage, "stage"));
        return this;
    }

    /** Verified examples reused before any other stage. */
    public TranslatorBuilder knowledge(Knowledge known) {
        this.knowledge = Objects.requireNonNull(known, "known");
        return this;
    }

    /** Reports the start and end of each {@link Stage} (e.g. a connection's timers and trace spans). */
    public TranslatorBuilder observer(StageObserver stageObserver) {
        this.observer = Objects.requireNonNull(stageObserver, "stageObserver");
        return this;
    }

    /** A builder with the same stages, changed independently of this one. */
    TranslatorBuilder copy() {
        TranslatorBuilder b = new TranslatorBuilder();
        b.llm = llm;
        b.retriever = retriever;
        b.maxPromptTokens = maxPromptTokens;
        b.maxAttempts = maxAttempts;
        b.cache = cache;
        b.symbolic = symbolic;
        b.dialects = dialects;
        b.knowledge = knowledge;
        b.observer = observer;
        return b;
    }

    public Translator build() {
        return new Translator(this);
    }
}

