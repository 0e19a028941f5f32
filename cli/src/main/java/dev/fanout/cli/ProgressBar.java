package dev.fanout.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr: done/total, percent, rate, elapsed, failures so far.
 *
 * <pre>
 * [##############..........]  42/60  70%  35.2/s  1.2 s  2 failed
 * </pre>
 *
 * <p>Threads: {@link #completed(boolean)} is called by the client's loop thread, once per
 * result; it only increments two atomics, so it never blocks the loop. {@link #repaint()} and
 * {@link #finish()} are called by the command's thread, which waits for the batch in short
 * slices and repaints between them. The bar therefore needs no thread of its own, which keeps
 * the demo's thread count honest.
 */
final class ProgressBar {

    /** Batches larger than this get a progress bar (when stderr is a terminal and not --quiet). */
    static final int THRESHOLD = 50;

    private final PrintWriter err;
    private final int total;
    private final int width;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private int lastLength;

    ProgressBar(PrintWriter err, int total, int width, LongSupplier nanoTime) {
        this.err = err;
        this.total = total;
        this.width = width;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /** Returns whether a batch of {@code size} gets a bar on {@code terminal}. */
    static boolean wanted(int size, Terminal terminal, boolean quiet) {
        return !quiet && terminal.stderrTty() && size > THRESHOLD;
    }

    /** Counts one finished request; {@code failure} when it ended without a response. Any thread. */
    void completed(boolean failure) {
        if (failure) {
            failed.incrementAndGet();
        }
        done.incrementAndGet();
    }

    /** Redraws the bar in place. */
    void repaint() {
        String line = line(done.get(), failed.get(), nanoTime.getAsLong() - startNanos);
        String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
        err.print("\r" + line + pad);
        err.flush();
        lastLength = line.length();
    }

    /** Erases the bar, leaving the cursor at the start of an empty line. */
    void finish() {
        err.print("\r" + " ".repeat(lastLength) + "\r");
        err.flush();
        lastLength = 0;
    }

    /** Returns the bar's text for {@code done} of the total, {@code failed} of them failed, after {@code elapsedNanos}. */
    String line(int done, int failed, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        String counts = String.format(
                Locale.ROOT,
                "  %d/%d  %3d%%  %.1f/s  %.1f s",
                done,
                total,
                total == 0 ? 100 : done * 100 / total,
                seconds <= 0 ? 0.0 : done / seconds,
                seconds);
        String failures = failed == 0 ? "" : "  " + failed + " failed";
        int barWidth = Math.max(10, Math.min(40, width - 2 - counts.length() - failures.length() - 1));
        int filled = total == 0 ? barWidth : (int) ((long) done * barWidth / total);
        String line = "[" + "#".repeat(filled) + ".".repeat(barWidth - filled) + "]" + counts + failures;
        return line.length() < width ? line : line.substring(0, width - 1);
    }
}
