package org.nljdbc.translator.internal;

import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.Source;
import org.nljdbc.translator.TranslationFailedException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nljdbc.translator.internal.cache.TranslationCache;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.conversation.Turn;
import org.nljdbc.translator.internal.knowledge.Knowledge;
import org.nljdbc.translator.llm.ChatMessage;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmReply;
import org.nljdbc.translator.llm.LlmRequest;
import org.nljdbc.translator.internal.llm.SqlExtractor;
import org.nljdbc.translator.internal.retrieval.RetrievedSchema;
import org.nljdbc.translator.internal.retrieval.SchemaRetriever;

/**
 * Retrieval, the model, and repair: the schema the question needs goes into the prompt, each reply's SQL through the
 * checkpoint, and what the checkpoint or the database rejected goes back to the model with the reason, at most
 * {@code maxAttempts} times. Security refusals are never sent back for "repair": they are final.
 */
final class ModelStage implements AnswerStage {
    private final LlmClient llm;
    private final SchemaRetriever retriever;
    private final int maxPromptTokens;
    private final int maxAttempts;
    private final Knowledge knowledge;
    private final Checkpoint checkpoint;
    private final StageObserver observer;

    ModelStage(TranslatorBuilder b, LlmClient llm, Checkpoint checkpoint) {
        this.llm = llm;
        this.retriever = b.retriever;
        this.maxPromptTokens = b.maxPromptTokens;
        this.maxAttempts = b.maxAttempts;
        this.knowledge = b.knowledge;
        this.checkpoint = checkpoint;
        this.observer = b.observer;
    }

    /** What the model is, as part of a cache key: another model may answer differently. */
    String describe() {
        return llm.describe();
    }

    @Override
    public <T> Optional<Answer<T>> answer(Question question, SqlRunner<T> runner) throws SQLException {
        return Optional.of(translate(question, runner, null));
    }

    /** @param lead the cache entry this translation fills for whoever waits for it; null for none */
    <T> Answer<T> translate(Question question, SqlRunner<T> runner, TranslationCache.Lead lead) throws SQLException {
        List<Turn> context = question.context;
        // A follow-up's tables are those of the question it refines as well as its own words.
        String retrievalText = context.isEmpty() ? question.text
                : context.get(context.size() - 1).question() + " " + question.text;
        // Synonyms, metrics and descriptions of the semantics file name tables the question's words do not.
        RetrievedSchema schema;
        try (StageObserver.Span span = observer.begin(Stage.RETRIEVAL)) {
            schema = retriever.retrieve(knowledge.expandForRetrieval(retrievalText, question.catalog),
                    question.catalog, maxPromptTokens);
        }
        String system = PromptBuilder.system(question.catalog, question.dialect, schema,
                question.guard.policy().maxRows()) + knowledge.promptSection(question.text, question.catalog);
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.user(context.isEmpty() ? question.text
                : PromptBuilder.followUp(question.text, context)));
        List<Attempt> attempts = new ArrayList<>();
        int promptTokens = 0;
        int completionTokens = 0;
        SQLException last = null;
        for (int i = 0; i < maxAttempts; i++) {
            LlmReply reply;
            try (StageObserver.Span span = observer.begin(Stage.GENERATION)) {
                reply = llm.complete(new LlmRequest(system, messages));
            }
            promptTokens += reply.promptTokens();
            completionTokens += reply.completionTokens();
            Optional<String> extracted = SqlExtractor.extract(reply.text());
            if (extracted.isEmpty()) {
                // A model that explains why it cannot answer is not going to change its mind when asked again.
                throw new TranslationFailedException("the model did not return SQL for \"" + question.text
                        + "\"; it said: " + truncate(reply.text(), 300));
            }
            String sql = extracted.get();
            Checkpoint.Outcome<T> outcome = checkpoint.pass(sql, Checkpoint.Author.MODEL, question, runner);
            String error;
            if (outcome instanceof Checkpoint.Ran<T> ran) {
                attempts.add(new Attempt(sql, null, reply.promptTokens(), reply.completionTokens()));
                List<String> tables = schema.tables().stream().map(TableInfo::name).toList();
                if (lead != null) {
                    lead.complete(new TranslationCache.Entry(sql, tables, schema.promptTokens(),
                            schema.fullSchemaTokens()));
                }
                return new Answer<>(ran.value(), new Translation(question.text, ran.accepted().sql(),
                        ran.accepted().parameters(), ran.accepted().rewrites(), Source.MODEL, tables, attempts,
                        promptTokens, completionTokens, schema.promptTokens(), schema.fullSchemaTokens(), ran.cost()));
            } else if (outcome instanceof Checkpoint.Invalid<T> invalid) {
                // Caught before the database sees it, with a message precise enough to fix it from.
                last = invalid.error();
                error = invalid.error().getMessage();
                attempts.add(new Attempt(sql, error, reply.promptTokens(), reply.completionTokens()));
            } else if (outcome instanceof Checkpoint.Refused<T> refused) {
                error = refused.refusal().message();
                attempts.add(new Attempt(sql, error, reply.promptTokens(), reply.completionTokens()));
                last = new PolicyRefusedException(refused.refusal(), sql);
                if (refused.refusal().reason().isSecurity()) {
                    // Asking the model to "fix" a DROP would only teach it to disguise one, and asking the same
                    // question again at temperature 0 gets the same answer: the refusal is final.
                    throw last;
                }
            } else {
                SQLException e = ((Checkpoint.Failed<T>) outcome).error();
                attempts.add(new Attempt(sql, e.getMessage(), reply.promptTokens(), reply.completionTokens()));
                last = e;
                // The model sees the error class and the names, never row values the database quoted in it.
                error = "the database said: " + DatabaseErrors.redact(e.getMessage(), sql, question.catalog);
            }
            messages.add(ChatMessage.assistant(sql));
            messages.add(ChatMessage.user(PromptBuilder.repair(sql, error)));
        }
        throw last;
    }

    static String truncate(String s, int max) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }
}
