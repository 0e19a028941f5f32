package dev.fanout.client.internal;

import java.time.Duration;

/** Durations as the loop's nanosecond counts. Stateless. */
public final class Durations {

    private Durations() {}

    /** Returns {@code d} in nanoseconds, or {@link Long#MAX_VALUE} for one too long to count so (centuries). */
    public static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
