package org.nljdbc.translator;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.guard.Verdict;
import org.nljdbc.guard.VisibleSchema;
import org.nljdbc.translator.cache.TranslationCache;
import org.nljdbc.translator.catalog.Catalog;
import org.nljdbc.translator.catalog.TableInfo;
import org.nljdbc.translator.conversation.Conversation;
import org.nljdbc.translator.dialect.CostLimitExceededException;
import org.nljdbc.translator.dialect.CostSettings;
import org.nljdbc.translator.dialect.DialectPipeline;
import org.nljdbc.translator.dialect.SqlValidationException;
import org.nljdbc.translator.dialect.Validated;
import org.nljdbc.translator.conversation.ConversationAnswer;
import org.nljdbc.translator.conversation.FollowUp;
import org.nljdbc.translator.conversation.QueryTables;
import org.nljdbc.translator.conversation.Resolution;
import org.nljdbc.translator.conversation.Turn;
import org.nljdbc.translator.knowledge.Knowledge;
import org.nljdbc.translator.knowledge.VerifiedExample;
import org.nljdbc.translator.llm.ChatMessage;
import org.nljdbc.translator.llm.LlmClient;
import org.nljdbc.translator.llm.LlmReply;
import org.nljdbc.translator.llm.LlmRequest;
import org.nljdbc.translator.llm.SqlExtractor;
import org.nljdbc.translator.retrieval.RetrievedSchema;
import org.nljdbc.translator.retrieval.SchemaRetriever;
import org.nljdbc.translator.symbolic.Abstention;
import org.nljdbc.translator.symbolic.SymbolicAnswer;
import org.nljdbc.translator.symbolic.SymbolicOutcome;
import org.nljdbc.translator.symbolic.SymbolicTranslator;

/**
 * Turns one question into SQL that the guard accepted and the runner ran: retrieval, generation, guard,
 * execution, and repair of failures with the model, at most {@code maxAttempts} times.
 * Thread-safe; one instance serves a whole data source.
 */
public final class Translator {
    private final Optional<LlmClient> llm;
    private final SchemaRetriever retriever;
    private final int maxPromptTokens;
    private final int maxAttempts;
    private final Optional<TranslationCache> cache;
    /** The LLM-free translator asked first; when absent, {@link #DEFAULT_SYMBOLIC} stands in while there is no model. */
    private final Optional<SymbolicTranslator> symbolic;
    private final Optional<DialectStage> dialects;
    /** Verified examples (and other knowledge the schema lacks); {@link Knowledge#none()} when there is none. */
    private final Knowledge knowledge;
    /** Times and traces each stage; {@link StageObserver#NONE} when nothing watches. */
    private final StageObserver observer;

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
    private static final SymbolicTranslator DEFAULT_SYMBOLIC =
            new SymbolicTranslator(SymbolicTranslator.DEFAULT_MIN_CONFIDENCE);

    Translator(TranslatorBuilder b) {
        this.llm = b.llm;
        this.retriever = b.retriever;
        this.maxPromptTokens = b.maxPromptTokens;
        this.maxAttempts = b.maxAttempts;
        this.cache = b.cache;
        this.symbolic = b.symbolic;
        this.dialects = b.dialects;
        this.knowledge = b.knowledge;
        this.observer = b.observer;
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

    /**
     * The same translator reporting the start and end of each {@link Stage} to {@code stageObserver} (e.g. a
     * connection's timers and trace spans); cheap enough to make per connection.
     */
    public Translator withObserver(StageObserver stageObserver) {
        return toBuilder().observer(stageObserver == null ? StageObserver.NONE : stageObserver).build();
    }

    public boolean hasLlm() {
        return llm.isPresent();
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
     * ({@link Translation#source()} {@code cache}); while one caller translates, identical questions wait for it.
     */
    public <T> Answer<T> answer(String question, String conversation, Catalog catalog, Dialect dialect, SqlGuard guard,
                                SqlRunner<T> runner) throws SQLException {
        Optional<Answer<T>> verified = runVerified(question, catalog, dialect, guard, runner);
        if (verified.isPresent()) {
            return verified.get();
        }
        Optional<SymbolicTranslator> llmFree = symbolic.isPresent() ? symbolic
                : llm.isEmpty() ? Optional.of(DEFAULT_SYMBOLIC) : Optional.empty();
        SymbolicOutcome outcome = null;
        if (llmFree.isPresent()) {
            try (StageObserver.Span span = observer.begin(Stage.SYMBOLIC)) {
                outcome = llmFree.get().attempt(question, catalog, dialect);
            }
        }
        if (outcome instanceof SymbolicAnswer confident) {
            Optional<Answer<T>> answered = runSymbolic(question, confident, catalog, dialect, guard, runner);
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        if (llm.isEmpty()) {
            String why = outcome instanceof Abstention abstention
                    ? " The LLM-free translator could not answer it: " + abstention.describe() + "." : "";
            throw new TranslationFailedException("no LLM is configured, and this question needs one: \"" + question
                    + "\"." + why + " Set nl.llm.provider=openai (or anthropic) with nl.llm.baseUrl and nl.llm.model; "
                    + "for a local model run Ollama and use nl.llm.baseUrl=http://localhost:11434/v1");
        }
        if (cache.isEmpty()) {
            return translate(question, catalog, dialect, guard, runner, null);
        }
        TranslationCache.Key key = TranslationCache.Key.of(question, catalog.fingerprint(), guard.policy(),
                dialect.name(), conversation, llm.get().describe());
        for (int round = 0; round < 2; round++) {
            TranslationCache.Lookup lookup;
            try (StageObserver.Span span = observer.begin(Stage.CACHE)) {
                lookup = cache.get().lookup(key);
            }
            if (lookup instanceof TranslationCache.Hit hit) {
                Optional<Answer<T>> cached = runCached(question, hit, catalog, dialect, guard, runner);
                if (cached.isPresent()) {
                    return cached.get();
                }
                continue; // the entry no longer works and is gone: translate afresh, or follow whoever does
            }
            TranslationCache.Lead lead = (TranslationCache.Lead) lookup;
            try {
                return translate(question, catalog, dialect, guard, runner, lead);
            } catch (TranslationFailedException | PolicyRefusedException | LlmUnavailableException e) {
                lead.fail(e); // the same question would fail the same way for whoever waits
                throw e;
            } catch (SQLException | RuntimeException | Error e) {
                lead.abandon(); // this caller's database or rate limit, not the question's: waiters try themselves
                throw e;
            }
        }
        return translate(question, catalog, dialect, guard, runner, null);
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
        Resolution resolution;
        try (StageObserver.Span span = observer.begin(Stage.CONVERSATION)) {
            resolution = conversation.resolve(question, catalog, dialect);
        }
        if (resolution instanceof Resolution.Independent) {
            return new ConversationAnswer<>(answer(question, "", catalog, dialect, guard, runner), null);
        }
        List<Turn> context = conversation.turns();
        FollowUp followUp;
        if (resolution instanceof Resolution.Edited edited) {
            Checked checked = checkpoint(edited.sql(), catalog, dialect, guard);
            Verdict verdict = checked.verdict();
            String failure;
            if (verdict instanceof Verdict.Accepted accepted) {
                try {
                    String cost = checked.cost(this, runner);
                    T value = run(runner, accepted);
                    List<String> tables = QueryTables.of(edited.sql(), dialect);
                    return new ConversationAnswer<>(new Answer<>(value, new Translation(question, accepted.sql(),
                            accepted.parameters(), accepted.rewrites(), "conversation", tables,
                            List.of(new Attempt(edited.sql(), null, 0, 0)), 0, 0, 0, 0, cost)), edited.followUp());
                } catch (SQLException e) {
                    if (!isRepairable(e) || e instanceof CostLimitExceededException || llm.isEmpty()) {
                        throw e;
                    }
                    failure = "the database rejected the edited query: "
                            + DatabaseErrors.redact(e.getMessage(), edited.sql(), catalog);
                }
            } else {
                Verdict.Refused refused = (Verdict.Refused) verdict;
                if (refused.reason().isSecurity() || llm.isEmpty()) {
                    throw new PolicyRefusedException(refused, edited.sql());
                }
                failure = "the guard refused the edited query: " + refused.message();
            }
            List<String> edits = new ArrayList<>(edited.followUp().edits());
            edits.add("llm: " + failure);
            followUp = new FollowUp(edited.followUp().ofTurn(), edits, "llm");
        } else {
            followUp = ((Resolution.NeedsModel) resolution).followUp();
        }
        if (llm.isEmpty()) {
            // A follow-up cannot stand alone, so answering it alone would answer another question: refuse, and say
            // what would answer it.
            Turn previous = context.get(context.size() - 1);
            throw new TranslationFailedException("\"" + question + "\" is a follow-up of \"" + previous.question()
                    + "\" that cannot be made as a sure edit of its query (" + followUp.edits().get(
                    followUp.edits().size() - 1).replaceFirst("^llm: ", "") + "); it needs a model (set "
                    + "nl.llm.provider) or a complete question. NL RESET starts a fresh conversation");
        }
        return new ConversationAnswer<>(translate(question, catalog, dialect, guard, runner, null, context), followUp);
    }

    /**
     * Guards and runs the LLM-free translator's SQL exactly like a model's. Empty when it fails in a way the model may
     * do better (a non-security refusal, a repairable database error) and a model is configured; otherwise the
     * failure is thrown.
     */
    private <T> Optional<Answer<T>> runSymbolic(String question, SymbolicAnswer symbolicAnswer, Catalog catalog,
                                                Dialect dialect, SqlGuard guard, SqlRunner<T> runner)
            throws SQLException {
        String sql = symbolicAnswer.sql();
        Checked checked = checkpoint(sql, catalog, dialect, guard);
        Verdict verdict = checked.verdict();
        if (verdict instanceof Verdict.Refused refused) {
            if (refused.reason().isSecurity() || llm.isEmpty()) {
                throw new PolicyRefusedException(refused, sql);
            }
            return Optional.empty();
        }
        Verdict.Accepted accepted = (Verdict.Accepted) verdict;
        try {
            String cost = checked.cost(this, runner);
            T value = run(runner, accepted);
            return Optional.of(new Answer<>(value, new Translation(question, accepted.sql(), accepted.parameters(),
                    accepted.rewrites(), "symbolic", symbolicAnswer.tables(), List.of(new Attempt(sql, null, 0, 0)),
                    0, 0, 0, 0, cost)));
        } catch (SQLException e) {
            if (llm.isEmpty() || !isRepairable(e) || e instanceof CostLimitExceededException) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * A question equal or nearly equal to a verified example reuses its SQL, without a model, through the checkpoint
     * under the current catalog and policy: a security refusal is final (the policy now forbids what was verified);
     * SQL that no longer validates or runs leaves the question to the other stages.
     */
    private <T> Optional<Answer<T>> runVerified(String question, Catalog catalog, Dialect dialect, SqlGuard guard,
                                                SqlRunner<T> runner) throws SQLException {
        Optional<VerifiedExample> example;
        try (StageObserver.Span span = observer.begin(Stage.EXAMPLES)) {
            example = knowledge.verified(question);
        }
        if (example.isEmpty()) {
            return Optional.empty();
        }
        String sql = example.get().sql();
        Checked checked = checkpoint(sql, catalog, dialect, guard);
        if (checked.verdict() instanceof Verdict.Refused refused) {
            if (refused.reason().isSecurity()) {
                throw new PolicyRefusedException(refused, sql);
            }
            return Optional.empty();
        }
        Verdict.Accepted accepted = (Verdict.Accepted) checked.verdict();
        try {
            String cost = checked.cost(this, runner);
            T value = run(runner, accepted);
            return Optional.of(new Answer<>(value, new Translation(question, accepted.sql(), accepted.parameters(),
                    accepted.rewrites(), "example", QueryTables.of(sql, dialect), List.of(new Attempt(sql, null, 0, 0)),
                    0, 0, 0, 0, cost)));
        } catch (SQLException e) {
            if (!isRepairable(e) || e instanceof CostLimitExceededException) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** Guards and runs a cached translation; empty (and the entry dropped) when it no longer passes or runs. */
    private <T> Optional<Answer<T>> runCached(String question, TranslationCache.Hit hit, Catalog catalog,
                                              Dialect dialect, SqlGuard guard, SqlRunner<T> runner) throws SQLException {
        TranslationCache.Entry entry = hit.entry();
        // The cache holds the model's SQL: it goes through the same checkpoint (validation, rendering for the
        // delegate's dialect, guard, cost ceiling) as when it was first answered.
        Checked checked = checkpoint(entry.sql(), catalog, dialect, guard);
        if (!(checked.verdict() instanceof Verdict.Accepted accepted)) {
            cache.get().invalidate(hit.key(), entry);
            return Optional.empty();
        }
        T value;
        String cost;
        try {
            cost = checked.cost(this, runner);
            value = run(runner, accepted);
        } catch (SQLException e) {
            if (!isRepairable(e) || e instanceof CostLimitExceededException) {
                throw e;
            }
            cache.get().invalidate(hit.key(), entry);
            return Optional.empty();
        }
        return Optional.of(new Answer<>(value, new Translation(question, accepted.sql(), accepted.parameters(),
                accepted.rewrites(), "cache", entry.tables(), List.of(new Attempt(entry.sql(), null, 0, 0)), 0, 0,
                entry.schemaTokens(), entry.fullSchemaTokens(), cost)));
    }

    private <T> Answer<T> translate(String question, Catalog catalog, Dialect dialect, SqlGuard guard,
                                    SqlRunner<T> runner, TranslationCache.Lead lead) throws SQLException {
        return translate(question, catalog, dialect, guard, runner, lead, List.of());
    }

    /** @param context earlier turns a follow-up refines (oldest first); empty for a question of its own */
    private <T> Answer<T> translate(String question, Catalog catalog, Dialect dialect, SqlGuard guard,
                                    SqlRunner<T> runner, TranslationCache.Lead lead, List<Turn> context)
            throws SQLException {
        // A follow-up's tables are those of the question it refines as well as its own words.
        String retrievalText = context.isEmpty() ? question
                : context.get(context.size() - 1).question() + " " + question;
        // Synonyms, metrics and descriptions of the semantics file name tables the question's words do not.
        RetrievedSchema schema;
        try (StageObserver.Span span = observer.begin(Stage.RETRIEVAL)) {
            schema = retriever.retrieve(knowledge.expandForRetrieval(retrievalText, catalog), catalog,
                    maxPromptTokens);
        }
        VisibleSchema visible = visibleSchema(catalog);
        String system = PromptBuilder.system(catalog, dialect, schema, guard.policy().maxRows())
                + knowledge.promptSection(question, catalog);
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.user(context.isEmpty() ? question : PromptBuilder.followUp(question, context)));
        List<Attempt> attempts = new ArrayList<>();
        int promptTokens = 0;
        int completionTokens = 0;
        SQLException last = null;
        for (int i = 0; i < maxAttempts; i++) {
            LlmReply reply;
            try (StageObserver.Span span = observer.begin(Stage.GENERATION)) {
                reply = llm.get().complete(new LlmRequest(system, messages));
            }
            promptTokens += reply.promptTokens();
            completionTokens += reply.completionTokens();
            Optional<String> sql = SqlExtractor.extract(reply.text());
            if (sql.isEmpty()) {
                attempts.add(new Attempt(null, "no SQL in the reply", reply.promptTokens(), reply.completionTokens()));
                // A model that explains why it cannot answer is not going to change its mind when asked again.
                throw new TranslationFailedException("the model did not return SQL for \"" + question + "\"; it said: "
                        + truncate(reply.text(), 300));
            }
            ModelCheck check;
            try (StageObserver.Span span = observer.begin(Stage.CHECKPOINT)) {
                check = checkModelSql(sql.get(), catalog, dialect, guard, visible);
            }
            if (check.invalid() != null) {
                // Caught before the database sees it, with a message precise enough to fix it from.
                SqlValidationException e = check.invalid();
                attempts.add(new Attempt(sql.get(), e.getMessage(), reply.promptTokens(), reply.completionTokens()));
                last = e;
                messages.add(ChatMessage.assistant(sql.get()));
                messages.add(ChatMessage.user(PromptBuilder.repair(sql.get(), e.getMessage())));
                continue;
            }
            Verdict verdict = check.verdict();
            Validated validated = check.validated();
            if (verdict instanceof Verdict.Refused refused) {
                attempts.add(new Attempt(sql.get(), refused.message(), reply.promptTokens(), reply.completionTokens()));
                last = new PolicyRefusedException(refused, sql.get());
                if (refused.reason().isSecurity()) {
                    // Asking the model to "fix" a DROP would only teach it to disguise one, and asking the same
                    // question again at temperature 0 gets the same answer: the refusal is final.
                    throw last;
                }
                messages.add(ChatMessage.assistant(sql.get()));
                messages.add(ChatMessage.user(PromptBuilder.repair(sql.get(), refused.message())));
                continue;
            }
            Verdict.Accepted accepted = (Verdict.Accepted) verdict;
            String cost;
            try {
                cost = estimateCost(validated, accepted, dialect, runner);
                T value = run(runner, accepted);
                attempts.add(new Attempt(sql.get(), null, reply.promptTokens(), reply.completionTokens()));
                List<String> tables = schema.tables().stream().map(TableInfo::name).toList();
                if (lead != null) {
                    lead.complete(new TranslationCache.Entry(sql.get(), tables, schema.promptTokens(),
                            schema.fullSchemaTokens()));
                }
                return new Answer<>(value, new Translation(question, accepted.sql(), accepted.parameters(),
                        accepted.rewrites(), "llm", schema.tables().stream().map(TableInfo::name).toList(), attempts,
                        promptTokens, completionTokens, schema.promptTokens(), schema.fullSchemaTokens(), cost));
            } catch (SQLException e) {
                attempts.add(new Attempt(sql.get(), e.getMessage(), reply.promptTokens(), reply.completionTokens()));
                if (!isRepairable(e) || e instanceof CostLimitExceededException) {
                    throw e;
                }
                last = e;
                messages.add(ChatMessage.assistant(sql.get()));
                // The model sees the error class and the names, never row values the database quoted in it.
                messages.add(ChatMessage.user(PromptBuilder.repair(sql.get(), "the database said: "
                        + DatabaseErrors.redact(e.getMessage(), sql.get(), catalog))));
            }
        }
        throw last;
    }

    /** The checkpoint's view of the model's SQL: the verdict on the text that will run, or why Calcite rejected it. */
    private record ModelCheck(Verdict verdict, Validated validated, SqlValidationException invalid) { }

    /**
     * The guard looks first, so that a forbidden table or function is refused as such, never "repaired"; then
     * Calcite validates, and renders for the dialects models get wrong, and the guard checks the very text that
     * will run.
     */
    private ModelCheck checkModelSql(String text, Catalog catalog, Dialect dialect, SqlGuard guard,
                                     VisibleSchema visible) {
        Verdict verdict = guard.check(text, dialect, visible);
        if (dialects.isEmpty() || !(verdict instanceof Verdict.Accepted)) {
            return new ModelCheck(verdict, null, null);
        }
        Validated validated;
        try {
            validated = dialects.get().pipeline().validate(text, catalog, dialect);
        } catch (SqlValidationException e) {
            return new ModelCheck(verdict, null, e);
        }
        if (dialects.get().render().contains(dialect)) {
            String rendered = dialects.get().pipeline().render(validated, dialect).sql();
            if (!rendered.equals(text)) {
                verdict = guard.check(rendered, dialect, visible);
            }
        }
        return new ModelCheck(verdict, validated, null);
    }

    /** What the checkpoint made of SQL that no model wrote just now: the guard's verdict on the text that will run. */
    private record Checked(Verdict verdict, Validated validated, Dialect dialect) {
        /** The cost estimate, checked against {@code nl.maxCost}; null when Calcite could not check the SQL. */
        String cost(Translator t, SqlRunner<?> runner) throws SQLException {
            return t.estimateCost(validated, (Verdict.Accepted) verdict, dialect, runner);
        }
    }

    /**
     * The checkpoint for SQL from the follow-up editor, the LLM-free translator and the cache, as for the model's:
     * the guard first (a refusal is final), then Calcite's validation, rendering for the dialects models get wrong
     * (the guard checks the rendered text again), and the cost estimate with its ceiling before it runs. SQL that
     * Calcite cannot validate runs as the guard accepted it, without a cost estimate, as before.
     */
    private Checked checkpoint(String sql, Catalog catalog, Dialect dialect, SqlGuard guard) {
        try (StageObserver.Span span = observer.begin(Stage.CHECKPOINT)) {
            return checkpointUnobserved(sql, catalog, dialect, guard);
        }
    }

    private Checked checkpointUnobserved(String sql, Catalog catalog, Dialect dialect, SqlGuard guard) {
        VisibleSchema visible = visibleSchema(catalog);
        Verdict verdict = guard.check(sql, dialect, visible);
        if (dialects.isEmpty() || !(verdict instanceof Verdict.Accepted)) {
            return new Checked(verdict, null, dialect);
        }
        Validated validated;
        try {
            validated = dialects.get().pipeline().validate(sql, catalog, dialect);
        } catch (SqlValidationException e) {
            return new Checked(verdict, null, dialect);
        }
        if (dialects.get().render().contains(dialect)) {
            String rendered = dialects.get().pipeline().render(validated, dialect).sql();
            if (!rendered.equals(sql)) {
                verdict = guard.check(rendered, dialect, visible);
            }
        }
        return new Checked(verdict, validated, dialect);
    }

    /**
     * Calcite's estimate (and the database's EXPLAIN when {@code nl.cost.explain} is on and the runner offers a
     * connection), checked against {@code nl.maxCost}; a query over the ceiling is refused, not repaired.
     */
    private String estimateCost(Validated validated, Verdict.Accepted accepted, Dialect dialect, SqlRunner<?> runner)
            throws SQLException {
        if (dialects.isEmpty() || validated == null || !validated.checked()) {
            return null;
        }
        try (StageObserver.Span span = observer.begin(Stage.CHECKPOINT)) {
            return estimate(validated, accepted, dialect, runner);
        }
    }

    private String estimate(Validated validated, Verdict.Accepted accepted, Dialect dialect, SqlRunner<?> runner)
            throws SQLException {
        CostSettings settings = dialects.get().cost();
        // Parameter markers (tenant filters) cannot be EXPLAINed unbound; Calcite's estimate still applies.
        java.sql.Connection explainOn = settings.explain() && accepted.parameters().isEmpty()
                ? runner.explainConnection().orElse(null) : null;
        return dialects.get().pipeline().estimate(validated, settings, explainOn, accepted.sql(), dialect).describe();
    }

    /** Runs what the checkpoint accepted, as the {@link Stage#EXECUTION} stage. */
    private <T> T run(SqlRunner<T> runner, Verdict.Accepted accepted) throws SQLException {
        try (StageObserver.Span span = observer.begin(Stage.EXECUTION)) {
            return runner.run(accepted);
        }
    }

    /** Database errors about the query itself can be repaired; timeouts and lost connections cannot. */
    static boolean isRepairable(SQLException e) {
        if (e instanceof SQLTimeoutException || e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException) {
            return false;
        }
        String state = e.getSQLState();
        return state == null || !(state.startsWith("08") || state.startsWith("57") || state.startsWith("HY"));
    }

    /** The catalog as plain data for the guard: every visible table once, with its schema and names as stored. */
    public static VisibleSchema visibleSchema(Catalog catalog) {
        return catalog.visibleSchema();
    }

    static String truncate(String s, int max) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }
}
