package org.nljdbc.driver;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deadline for one NL query: when it passes, the delegate statement is cancelled. Not every driver's own
 * {@link Statement#setQueryTimeout} interrupts every statement (sqlite-jdbc let a recursive CTE run for ten
 * minutes), so the driver keeps its own clock as well. One shared daemon timer serves every connection; no
 * thread is started per query.
 */
final class QueryDeadline {
    private static final ScheduledThreadPoolExecutor TIMER;

    static {
        TIMER = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "nljdbc-query-deadline");
            t.setDaemon(true);
            return t;
        });
        // Most deadlines are disarmed long before they pass: their tasks must not pile up in the queue.
        TIMER.setRemoveOnCancelPolicy(true);
    }

    /** Nothing to cancel: the query has no timeout. */
    static final QueryDeadline NONE = new QueryDeadline(0);

    private static final int ARMED = 0;
    private static final int DONE = 1;
    private static final int FIRED = 2;

    private final int seconds;
    private final AtomicInteger state = new AtomicInteger(ARMED);
    private volatile ScheduledFuture<?> task;

    private QueryDeadline(int seconds) {
        this.seconds = seconds;
    }

    /** Starts the clock: {@code statement} is cancelled after {@code seconds} unless {@link #disarm()} comes first. */
    static QueryDeadline arm(Statement statement, int seconds) {
        if (seconds <= 0) {
            return NONE;
        }
        QueryDeadline d = new QueryDeadline(seconds);
        d.task = TIMER.schedule(() -> d.fire(statement), seconds, TimeUnit.SECONDS);
        return d;
    }

    private void fire(Statement statement) {
        if (state.compareAndSet(ARMED, FIRED)) {
            // Some drivers' cancel() makes a network round trip (PostgreSQL opens a connection for it): not on the
            // timer's one thread, where it would delay every other deadline.
            ForkJoinPool.commonPool().execute(() -> {
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    NlConnection.logQuiet("cancelling an NL query at its timeout", e);
                } catch (RuntimeException e) {
                    NlConnection.logQuiet("cancelling an NL query at its timeout", new SQLException(e));
                }
            });
        }
    }

    /** The query finished (or failed) by itself: unless the deadline already fired, nothing will be cancelled. */
    void disarm() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
        state.compareAndSet(ARMED, DONE);
    }

    /** Whether the deadline passed and the statement was cancelled. */
    boolean fired() {
        return state.get() == FIRED;
    }

    /**
     * The error a caller sees for {@code e}: when this deadline cancelled the statement, whatever the delegate
     * reported for the cancellation ({@code SQLITE_INTERRUPT}, a 57014) becomes one {@link SQLTimeoutException}.
     */
    SQLException explain(SQLException e) {
        if (!fired() || e instanceof SQLTimeoutException) {
            return e;
        }
        return new SQLTimeoutException("the NL query ran longer than its timeout of " + seconds + " s "
                + "(nl.queryTimeoutSeconds or the statement's query timeout) and was cancelled; ask a narrower question",
                "57014", e);
    }
}
