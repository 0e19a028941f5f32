package dev.fanout.client.internal;

import dev.fanout.loop.Cancellable;

/** What the {@link Step}s of a {@link Call} may ask of it. Loop-confined. */
interface CallContext {

    /** Returns the recorder of the call's phase times, which its attempts mark. */
    TimingsRecorder timings();

    /** Counts one more send of the current hop's request (a replay sends it twice). */
    void sending();

    /** Counts one hedged copy of the current hop's request (its send is counted by {@link #sending()} too). */
    default void hedging() {}

    /**
     * Returns true when the request may go on the wire once more: a step that replays it asks
     * first (a retry policy bounds the sends of a request; without one, nothing here does).
     */
    default boolean maySendAgain() {
        return true;
    }

    /**
     * Makes {@code next} the call's request (a redirect's next hop): frees the slot the call
     * holds, waits for one to {@code next}'s origin, and then runs {@code whenAdmitted}. The
     * sends of the new hop are counted from zero.
     */
    void readmit(ExchangeSpec next, Runnable whenAdmitted);

    /**
     * Frees the slot the call holds, waits {@code delayNanos} on the loop's clock holding none,
     * then waits for a slot to the same origin again and runs {@code whenAdmitted} (a retry after
     * its backoff). The call's timeout keeps running.
     */
    void retryAfter(long delayNanos, Runnable whenAdmitted);

    /**
     * Returns the latencies of the call's batch, when its requests are hedged at a percentile
     * of them, else null.
     */
    default BatchLatencies batchLatencies() {
        return null;
    }

    /** Runs {@code task} on the loop after {@code delayNanos} of the loop's clock, unless cancelled first. */
    Cancellable schedule(String label, Runnable task, long delayNanos);
}
