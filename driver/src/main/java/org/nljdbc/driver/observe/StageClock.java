package org.nljdbc.driver.observe;

import java.util.Arrays;
import java.util.function.LongConsumer;
import org.nljdbc.translator.internal.Stage;
import org.nljdbc.translator.internal.StageObserver;

/**
 * One connection's watch on the translator's stages: each stage is timed into {@code nljdbc.stage.duration
 * {stage=<tag>}} (the process's statistics and the host's registry, and the connection's), added up for the audit
 * line of the current question, and traced as a child span of the question's when OpenTelemetry is present. Like
 * a JDBC connection, used by one thread at a time: {@link #start} and {@link #finish} bracket one question.
 */
public final class StageClock implements StageObserver {
    private static final Stage[] STAGES = Stage.values();
    private final LongConsumer[] process = new LongConsumer[STAGES.length];
    private final LongConsumer[] connection = new LongConsumer[STAGES.length];
    private final Tracing tracing;
    private final long[] nanos = new long[STAGES.length];
    private int generations;
    private Tracing.Question trace = Tracing.Question.NONE;
    /** A stage not timed nor traced just now (see {@link #without}), or null. */
    private Stage muted;
    /**
     * The stage durations of the open question, recorded into the timers when it finishes: recorded one by one
     * between the stages, each ran the timers' code cold after the translator's work and cost ~5 us on a cache hit;
     * together at the end they cost about what they cost timed alone. Same durations, same timers.
     */
    private final int[] pendingStage = new int[32];
    private final long[] pendingNanos = new long[32];
    private int pending;
    private boolean open;

    public StageClock(Statistics connectionStatistics) {
        this(Statistics.process(), connectionStatistics);
    }

    /** A clock whose stage timers go to {@code processStatistics} and {@code connectionStatistics}. */
    public StageClock(Statistics processStatistics, Statistics connectionStatistics) {
        this(processStatistics, connectionStatistics, Tracing.host());
    }

    StageClock(Statistics processStatistics, Statistics connectionStatistics, Tracing tracing) {
        this.tracing = tracing;
        for (Stage s : STAGES) {
            process[s.ordinal()] = processStatistics.timer("nljdbc.stage.duration", "stage", s.tag());
            connection[s.ordinal()] = connectionStatistics.timer("nljdbc.stage.duration", "stage", s.tag());
        }
    }

    /** A question of statement form {@code form} begins on this thread. */
    public void start(String form) {
        if (trace != Tracing.Question.NONE) {
            trace.end("failed", "none", null); // a question that never finished must not parent this one's spans
        }
        record();
        open = true;
        Arrays.fill(nanos, 0);
        generations = 0;
        trace = tracing.start(form);
    }

    /**
     * Until the returned handle is closed, {@code stage} is neither timed nor traced: planning a wrapped or prepared
     * question runs the translator's {@code execution} stage over a runner that runs nothing.
     */
    public Muted without(Stage stage) {
        Stage before = muted;
        muted = stage;
        return () -> muted = before;
    }

    /** Ends a {@link #without}. */
    public interface Muted extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public Span begin(Stage stage) {
        if (stage == muted) {
            return Span.NONE;
        }
        Span traced = trace.stage(stage);
        int i = stage.ordinal();
        long t0 = System.nanoTime();
        return () -> {
            long d = System.nanoTime() - t0;
            nanos[i] += d;
            if (stage == Stage.GENERATION) {
                generations++;
            }
            if (open && pending < pendingNanos.length) {
                pendingStage[pending] = i;
                pendingNanos[pending++] = d;
            } else {
                process[i].accept(d);
                connection[i].accept(d);
            }
            traced.close();
        };
    }

    /** Records the stage durations kept since the question began into the stage timers. */
    private void record() {
        for (int k = 0; k < pending; k++) {
            int i = pendingStage[k];
            process[i].accept(pendingNanos[k]);
            connection[i].accept(pendingNanos[k]);
        }
        pending = 0;
    }

    /** The question ended: its span ends; what each stage took (nanoseconds by {@link Stage#ordinal()}). */
    public Timing finish(String outcome, String source, String sqlState) {
        record();
        open = false;
        Tracing.Question t = trace;
        trace = Tracing.Question.NONE;
        t.end(outcome, source, sqlState);
        return new Timing(nanos.clone(), generations);
    }

    /** Nanoseconds per stage (0 for a stage the question skipped) and how many model calls it made. */
    public record Timing(long[] stageNanos, int generations) {
        public static final Timing NONE = new Timing(new long[STAGES.length], 0);
    }
}
