package dev.fanout.cli;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The waterfall's time axis: tick labels at round times ({@code 0}, {@code 500 ms},
 * {@code 1.0 s}...) placed over the columns they stand for.
 */
final class Axis {

    private static final long[] STEPS_MS = {
        1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
        600_000
    };
    private static final int MIN_GAP = 10;

    private Axis() {}

    /**
     * Returns a line {@code width + 2} characters long (the bar and its two borders) with tick
     * labels over the columns of round times from 0 to {@code axisNanos}.
     */
    static String labels(long axisNanos, int width) {
        char[] line = new char[width + 2];
        Arrays.fill(line, ' ');
        long stepNanos = step(axisNanos, width);
        int free = 0;
        for (long t = 0; t <= axisNanos; t += stepNanos) {
            int col = 1 + (int) Math.round((double) t * width / axisNanos);
            String label = t == 0 ? "0" : label(t);
            if (col < free || col + label.length() > line.length) {
                continue;
            }
            label.getChars(0, label.length(), line, col);
            free = col + label.length() + 1;
        }
        return new String(line);
    }

    /** Returns the tick step: the smallest round step whose ticks are at least 10 columns apart. */
    static long step(long axisNanos, int width) {
        for (long ms : STEPS_MS) {
            long nanos = ms * 1_000_000;
            if ((double) nanos * width / axisNanos >= MIN_GAP) {
                return nanos;
            }
        }
        return STEPS_MS[STEPS_MS.length - 1] * 1_000_000;
    }

    private static String label(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms < 1000) {
            return ms + " ms";
        }
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + " s";
    }
}
