package org.nljdbc.bench.spider;

/** One progress line on stderr: questions done, accuracy so far, ETA; redrawn in place on a terminal. */
final class Progress {
    private final int total;
    private final long start = System.nanoTime();
    private final boolean terminal = System.console() != null;
    private int done;
    private int scored;
    private int correct;

    Progress(int total) {
        this.total = total;
    }

    void done(QuestionResult r) {
        done++;
        if (r.scored()) {
            scored++;
            correct += r.outcome() == QuestionResult.Outcome.CORRECT ? 1 : 0;
        }
        if (terminal || done % 25 == 0 || done == total) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            long eta = Math.round(elapsed / done * (total - done));
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            String line = String.format(java.util.Locale.ROOT, "[%s%s] %d/%d  accuracy so far %.3f (%d/%d)  ETA %dm%02ds",
                    "#".repeat(filled), ".".repeat(width - filled), done, total,
                    scored == 0 ? 0.0 : (double) correct / scored, correct, scored, eta / 60, eta % 60);
            System.err.print(terminal ? "\r" + line : line + "\n");
            System.err.flush();
        }
    }

    void finish() {
        if (terminal) {
            System.err.println();
        }
    }
}
