package dev.fanout.client.internal;

/** What the {@link Step}s of a {@link Call} may ask of it. Loop-confined. */
interface CallContext {

    /** Returns the recorder of the call's phase times, which its attempts mark. */
    TimingsRecorder timings();

    /** Counts one more send of the current hop's request (a replay sends it twice). */
    void sending();

    /**
     * Makes {@code next} the call's request (a redirect's next hop): frees the slot the call
     * holds, waits for one to {@code next}'s origin, and then runs {@code whenAdmitted}. The
     * sends of the new hop are counted from zero.
     */
    void readmit(ExchangeSpec next, Runnable whenAdmitted);
}
