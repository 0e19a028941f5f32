package dev.fanout.client.internal;

/**
 * One way to get a response to a request, on the loop: an {@link Attempt} (one request and its
 * response on one connection), or a step that wraps another and acts on what it reports
 * ({@link ReplayOnStale}, {@link FollowRedirects}; later retries and hedges). The engine
 * assembles the steps a {@link Call} runs, in one place.
 *
 * <p>Loop-confined.
 */
@FunctionalInterface
interface Step {

    /**
     * Starts getting a response to {@code spec} for {@code call}, on a new connection when
     * {@code freshConnection}, else on a pooled one when there is one. Tells {@code outcome}
     * exactly once, later or before this returns, unless the returned run is cancelled first.
     */
    Run start(CallContext call, ExchangeSpec spec, boolean freshConnection, Outcome outcome);

    /** A step under way. */
    interface Run {

        /**
         * Stops it because its call ended early (timeout, cancel): a connection it holds is
         * closed, a connection it is opening is abandoned, and no outcome follows.
         */
        void cancel();

        /** Says what it is doing, in the words of a timeout's message: "while connecting". */
        String phase();
    }
}
