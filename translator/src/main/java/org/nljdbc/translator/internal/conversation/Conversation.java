package org.nljdbc.translator.internal.conversation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;

/**
 * The memory of one connection: its last {@code maxTurns} answered questions, and the resolution of a new question
 * against them (independent, a follow-up edited without a model, or a follow-up the model must refine).
 * Never shared between connections. Thread-safe.
 */
public final class Conversation {
    private final int maxTurns;
    private final long idleNanos;
    private final Deque<Turn> turns = new ArrayDeque<>();
    private int nextNumber = 1;
    private long lastQuestion = System.nanoTime();

    /** @param maxTurns how many turns are remembered; 0 turns follow-up resolution off */
    public Conversation(int maxTurns) {
        this(maxTurns, Duration.ZERO);
    }

    /**
     * @param maxTurns how many turns are remembered; 0 turns follow-up resolution off
     * @param idle     how long without a question before the turns are forgotten (whoever asks next on a shared
     *                 connection may be someone else); zero never forgets
     */
    public Conversation(int maxTurns, Duration idle) {
        this.maxTurns = Math.max(0, maxTurns);
        this.idleNanos = idle.isNegative() ? 0 : idle.toNanos();
    }

    /** Forgets the turns when no question came for the idle time; every question counts as activity. */
    private synchronized void expireIfIdle() {
        long now = System.nanoTime();
        if (idleNanos > 0 && now - lastQuestion > idleNanos) {
            turns.clear();
            nextNumber = 1;
        }
        lastQuestion = now;
    }

    /**
     * Decides how {@code question} relates to the remembered turns. A question that reads like a follow-up when
     * there is no previous turn is answered as a fresh question.
     */
    public Resolution resolve(String question, Catalog catalog, Dialect dialect) {
        expireIfIdle();
        Optional<Turn> previous = last();
        if (previous.isEmpty() || !FollowUpDetector.isFollowUp(question, previous.get(), catalog)) {
            return new Resolution.Independent();
        }
        Turn prev = previous.get();
        QueryRefiner.Outcome outcome = QueryRefiner.refine(question, prev, catalog, dialect);
        if (outcome instanceof QueryRefiner.Refined r) {
            return new Resolution.Edited(r.sql(), new FollowUp(prev.number(), r.edits(), "edit"));
        }
        String why = ((QueryRefiner.Unclear) outcome).why();
        return new Resolution.NeedsModel(turns(), new FollowUp(prev.number(), List.of("llm: " + why), "llm"));
    }

    /**
     * Remembers an answered question; the oldest turn is forgotten beyond {@code maxTurns}. With {@code maxTurns} 0
     * nothing is remembered and the turn returned is numbered 0.
     */
    public synchronized Turn record(String question, String baseSql, String sql, List<Turn.Column> columns,
                                    FollowUp followUp) {
        if (maxTurns == 0) {
            return new Turn(0, question, baseSql, sql, columns, -1, followUp); // not remembered
        }
        Turn t = new Turn(nextNumber++, question, baseSql, sql, columns, -1, followUp);
        turns.addLast(t);
        while (turns.size() > maxTurns) {
            turns.removeFirst();
        }
        return t;
    }

    /** Sets the row count of a remembered turn, once its result has been read. */
    public synchronized void rowCount(int turn, long rows) {
        Deque<Turn> copy = new ArrayDeque<>();
        for (Turn t : turns) {
            copy.addLast(t.number() == turn ? t.withRowCount(rows) : t);
        }
        turns.clear();
        turns.addAll(copy);
    }

    /** The remembered turns, oldest first. */
    public synchronized List<Turn> turns() {
        return List.copyOf(turns);
    }

    public synchronized Optional<Turn> last() {
        return Optional.ofNullable(turns.peekLast());
    }

    /** Forgets every turn; the next question is turn 1 again. */
    public synchronized void clear() {
        turns.clear();
        nextNumber = 1;
        lastQuestion = System.nanoTime();
    }

    public int maxTurns() {
        return maxTurns;
    }

    @Override
    public synchronized String toString() {
        return "Conversation[" + turns.size() + " of " + maxTurns + " turns]";
    }
}
