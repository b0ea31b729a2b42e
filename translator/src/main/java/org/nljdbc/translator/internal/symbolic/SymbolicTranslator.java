package org.nljdbc.translator.internal.symbolic;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.knowledge.Semantics;

/**
 * The LLM-free translator: answers common analytical questions (counts, sums, averages, minimum and maximum, grouped
 * by a dimension, filtered by values, numbers and dates, top/bottom N, across foreign-key joins) by linking the
 * question's words to the catalog and composing one SELECT, with no model and no network. It abstains, rather than
 * guess, when a word is not understood, when the question needs negation, set operations or nested queries, or when
 * its confidence is below {@code minConfidence}.
 *
 * <p>Deterministic and thread-safe. Relative periods ("last month") are computed from the clock at translation time.
 */
public final class SymbolicTranslator {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SymbolicTranslator.class);
    /** The default threshold: measured on Spider dev to keep precision at or above 0.95. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.7;
    /**
     * The threshold when a model is configured: 1, so the translator answers only when it made no guess at all (every
     * word linked exactly, no doubt raised) and leaves every other question to the model. Chosen on no data, it holds
     * whatever the factors of the guesses are; on Spider dev its answers were 93 of 93 right and the 0.99 target chosen
     * leave-one-database-out picked it for 12 of 13 databases (README, Measured).
     */
    public static final double MODEL_CONFIGURED_MIN_CONFIDENCE = 1.0;

    private final double minConfidence;
    private final Clock clock;
    private final Map<String, String> synonyms;
    private final Semantics semantics;
    private final Map<Catalog, SchemaLexicon> indexes = new WeakHashMap<>();

    /** @param minConfidence answers below this confidence are abstentions; above 1 it never answers */
    public SymbolicTranslator(double minConfidence) {
        this(minConfidence, Clock.systemDefaultZone());
    }

    /** @param clock the clock that "last month" and "this year" are relative to */
    public SymbolicTranslator(double minConfidence, Clock clock) {
        this(minConfidence, clock, Map.of(), Semantics.empty());
    }

    private SymbolicTranslator(double minConfidence, Clock clock, Map<String, String> synonyms,
                               Semantics semantics) {
        if (Double.isNaN(minConfidence) || minConfidence < 0) {
            throw new IllegalArgumentException("minConfidence must be a number from 0 (answer whatever it can "
                    + "compose) to 1; above 1 it never answers; got " + minConfidence);
        }
        this.minConfidence = minConfidence;
        this.clock = clock;
        this.synonyms = Map.copyOf(synonyms);
        this.semantics = semantics;
    }

    /**
     * This translator also knowing the administrator's {@code synonyms} (a semantics file's, {@code phrase} to
     * {@code table} or {@code table.column}); each catalog sees only those that name what it shows.
     */
    public SymbolicTranslator withSynonyms(Map<String, String> synonyms) {
        return new SymbolicTranslator(minConfidence, clock, synonyms == null ? Map.of() : synonyms, semantics);
    }

    /**
     * This translator also knowing a semantics file: its synonyms, and its metrics and named filters, which a
     * question may name ({@link SemanticsReader}); each catalog sees only those over tables it shows, and a question
     * naming one over a table it does not show is refused.
     */
    public SymbolicTranslator withSemantics(Semantics file) {
        Semantics s = file == null ? Semantics.empty() : file;
        return new SymbolicTranslator(minConfidence, clock, s.synonyms(), s);
    }

    public double minConfidence() {
        return minConfidence;
    }

    /** The SQL for {@code question} when the translator is confident of it; empty when it abstains. */
    public Optional<SymbolicAnswer> translate(String question, Catalog catalog, Dialect dialect) {
        return attempt(question, catalog, dialect) instanceof SymbolicAnswer a ? Optional.of(a) : Optional.empty();
    }

    /** The SQL for {@code question}, or why there is none (the words not understood, or too low a confidence). */
    public SymbolicOutcome attempt(String question, Catalog catalog, Dialect dialect) {
        try {
            return translateOrExplain(question, catalog, dialect);
        } catch (RuntimeException e) {
            // a defect here must never fail a question that the model (or the user, rephrasing) could answer
            LOG.warn("LLM-free translator failed on a question; abstaining", e);
            return new Abstention("the LLM-free translator failed: " + e, List.of(), 0);
        }
    }

    private SymbolicOutcome translateOrExplain(String question, Catalog catalog, Dialect dialect) {
        if (!semantics.isEmpty()) {
            Optional<SymbolicOutcome> named = new SemanticsReader(semantics, catalog, dialect,
                    q -> compose(q, catalog)).attempt(question);
            if (named.isPresent()) {
                return named.get();
            }
        }
        Attempt attempt = compose(question, catalog);
        if (attempt.abstention() != null) {
            return attempt.abstention();
        }
        Composer.Composed composed = attempt.composed();
        String sql = new SqlRenderer(dialect).render(composed.query());
        return new SymbolicAnswer(sql, composed.confidence(), composed.understood(), tables(composed.query()),
                composed.guesses());
    }

    /** A query composed confidently enough, or why there is none: exactly one of the two is set. */
    record Attempt(Composer.Composed composed, Abstention abstention) {
    }

    /** {@code question} composed over {@code catalog} and checked against the threshold, not yet rendered. */
    Attempt compose(String question, Catalog catalog) {
        SchemaLexicon index = index(catalog);
        List<Token> tokens = QuestionLexer.lex(question);
        if (tokens.isEmpty()) {
            return new Attempt(null, new Abstention("the question is empty", List.of(), 0));
        }
        Linker.Linked linked = new Linker(index, LocalDate.now(clock)).link(tokens);
        if (!linked.notUnderstood().isEmpty()) {
            // the words it does not know, and the ones it knows it cannot compose ("not"), in question order
            java.util.TreeMap<Integer, String> words = new java.util.TreeMap<>(linked.notUnderstood());
            linked.items().stream().filter(it -> it instanceof Item.Unsupported)
                    .forEach(it -> words.put(it.from(), it.text()));
            return new Attempt(null, new Abstention("some words match no table, column, value or phrase the "
                    + "translator knows", List.copyOf(words.values()), 0));
        }
        String first = tokens.get(0).lower();
        boolean which = first.equals("which") || first.equals("who") || first.equals("whose");
        Composer.Composed composed;
        try {
            composed = new Composer(index, linked.items(), which).compose();
        } catch (Composer.CannotCompose e) {
            return new Attempt(null, new Abstention(e.getMessage(), e.words, 0));
        }
        double confidence = composed.confidence();
        if (confidence < minConfidence) {
            String unsure = composed.doubts().isEmpty() ? ""
                    : "; unsure of " + String.join(", ", composed.doubts());
            return new Attempt(null, new Abstention(String.format(Locale.ROOT, "not confident enough (%.2f < %.2f)%s",
                    confidence, minConfidence, unsure), List.of(), confidence));
        }
        return new Attempt(composed, null);
    }

    static List<String> tables(QueryModel.Query q) {
        Set<String> names = new LinkedHashSet<>();
        names.add(q.from().name());
        q.joins().forEach(e -> names.add(e.to().name()));
        return new ArrayList<>(names);
    }

    private SchemaLexicon index(Catalog catalog) {
        synchronized (indexes) {
            return indexes.computeIfAbsent(catalog, c -> new SchemaLexicon(c, synonyms));
        }
    }

}
