package dev.fanout.client.internal;

import dev.fanout.loop.LoopClock;

/**
 * A client's retry budget (as Finagle's and gRPC's): over the last {@value #WINDOW_SECONDS}
 * seconds of the loop's clock, at most {@code ratio} retries per request started plus
 * {@code perSecond} retries a second, so that a host that fails every request gets a tenth more
 * traffic, not {@code maxAttempts} times as much. Counted in one-second buckets. Loop-confined.
 */
final class RetryBudget {

    static final int WINDOW_SECONDS = 10;
    private static final long SECOND = 1_000_000_000L;

    private final LoopClock clock;
    private final double ratio;
    private final int perSecond;
    private final long[] started = new long[WINDOW_SECONDS];
    private final long[] retried = new long[WINDOW_SECONDS];
    private long currentSecond = Long.MIN_VALUE;

    RetryBudget(LoopClock clock, double ratio, int perSecond) {
        this.clock = clock;
        this.ratio = ratio;
        this.perSecond = perSecond;
    }

    /** Counts a request started (its first attempt). */
    void started() {
        started[bucket()]++;
    }

    /** Takes one retry from the budget; returns false, taking nothing, when none is left. */
    boolean tryRetry() {
        int now = bucket();
        long requests = 0;
        long retries = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            requests += started[i];
            retries += retried[i];
        }
        if (retries + 1 > ratio * requests + (double) perSecond * WINDOW_SECONDS) {
            return false;
        }
        retried[now]++;
        return true;
    }

    /** Returns the bucket of the current second, clearing those the window has left behind. */
    private int bucket() {
        long second = Math.floorDiv(clock.nanoTime(), SECOND);
        if (second != currentSecond) {
            long gone =
                    currentSecond == Long.MIN_VALUE ? WINDOW_SECONDS : Math.min(WINDOW_SECONDS, second - currentSecond);
            for (long s = second - gone + 1; s <= second; s++) {
                int i = (int) Math.floorMod(s, (long) WINDOW_SECONDS);
                started[i] = 0;
                retried[i] = 0;
            }
            currentSecond = second;
        }
        return (int) Math.floorMod(second, (long) WINDOW_SECONDS);
    }
}
