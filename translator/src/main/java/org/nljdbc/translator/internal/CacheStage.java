package org.nljdbc.translator.internal;

import org.nljdbc.translator.LlmUnavailableException;
import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.Source;
import org.nljdbc.translator.TranslationFailedException;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.nljdbc.translator.internal.cache.TranslationCache;

/**
 * The translation cache in front of the model: a translation of the same question, schema, policy, dialect,
 * conversation and model goes through the checkpoint again (validation, rendering for the delegate's dialect, guard,
 * cost ceiling) and runs without a model call; an entry that no longer passes or runs is dropped. On a miss this
 * caller translates with the model and fills the entry, while identical questions wait for it.
 */
final class CacheStage implements AnswerStage {
    private final TranslationCache cache;
    private final ModelStage model;
    private final Checkpoint checkpoint;
    private final StageObserver observer;

    CacheStage(TranslationCache cache, ModelStage model, Checkpoint checkpoint, StageObserver observer) {
        this.cache = cache;
        this.model = model;
        this.checkpoint = checkpoint;
        this.observer = observer;
    }

    @Override
    public <T> Optional<Answer<T>> answer(Question question, SqlRunner<T> runner) throws SQLException {
        TranslationCache.Key key = TranslationCache.Key.of(question.text, question.catalog.fingerprint(),
                question.guard.policy(), question.dialect.name(), question.conversation, model.describe());
        for (int round = 0; round < 2; round++) {
            TranslationCache.Lookup lookup;
            try (StageObserver.Span span = observer.begin(Stage.CACHE)) {
                lookup = cache.lookup(key);
            }
            if (lookup instanceof TranslationCache.Hit hit) {
                Optional<Answer<T>> cached = runCached(question, hit, runner);
                if (cached.isPresent()) {
                    return cached;
                }
                continue; // the entry no longer works and is gone: translate afresh, or follow whoever does
            }
            TranslationCache.Lead lead = (TranslationCache.Lead) lookup;
            try {
                return Optional.of(model.translate(question, runner, lead));
            } catch (TranslationFailedException | PolicyRefusedException | LlmUnavailableException e) {
                lead.fail(e); // the same question would fail the same way for whoever waits
                throw e;
            } catch (SQLException | RuntimeException | Error e) {
                lead.abandon(); // this caller's database or rate limit, not the question's: waiters try themselves
                throw e;
            }
        }
        return Optional.of(model.translate(question, runner, null));
    }

    private <T> Optional<Answer<T>> runCached(Question question, TranslationCache.Hit hit, SqlRunner<T> runner)
            throws SQLException {
        TranslationCache.Entry entry = hit.entry();
        Checkpoint.Outcome<T> outcome = checkpoint.pass(entry.sql(), Checkpoint.Author.OTHER, question, runner);
        if (!(outcome instanceof Checkpoint.Ran<T> ran)) {
            cache.invalidate(hit.key(), entry);
            return Optional.empty();
        }
        return Optional.of(new Answer<>(ran.value(), new Translation(question.text, ran.accepted().sql(),
                ran.accepted().parameters(), ran.accepted().rewrites(), Source.CACHE, entry.tables(),
                List.of(new Attempt(entry.sql(), null, 0, 0)), 0, 0, entry.schemaTokens(), entry.fullSchemaTokens(),
                ran.cost())));
    }
}
