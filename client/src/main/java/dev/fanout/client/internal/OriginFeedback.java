package dev.fanout.client.internal;

/**
 * What an {@link Attempt} learns about its origin, told to the parts of the engine that adapt to
 * it: a rate limit that a 429 pauses ({@link RateLimits}), a concurrency limit that follows the
 * origin's answers and latency ({@link AdaptiveLimits}). Times are the loop clock's nanoseconds.
 * Called on the loop; an implementation must be quick and must not call back into the attempt.
 */
interface OriginFeedback {

    /** Feedback that nobody listens to. */
    OriginFeedback NONE = new OriginFeedback() {
        @Override
        public void answered(Origin origin, ResponseData response, long sentAt, int inFlightThen, long headAt) {}

        @Override
        public void unanswered(Origin origin, long sentAt, int inFlightThen, long now) {}
    };

    /**
     * Returns how many requests to {@code origin} are under way now, as this feedback counts
     * them (0 when it does not): an attempt asks as it writes its request and gives the answer
     * back with what it learns.
     */
    default int inFlight(Origin origin) {
        return 0;
    }

    /**
     * A request written at {@code sentAt}, when {@link #inFlight} said {@code inFlightThen}, had
     * the head of {@code response} back at {@code headAt}.
     */
    void answered(Origin origin, ResponseData response, long sentAt, int inFlightThen, long headAt);

    /**
     * A request written at {@code sentAt}, when {@link #inFlight} said {@code inFlightThen}, was
     * given up at {@code now} with no response head yet (its timeout, or a hedged copy that
     * answered first): its latency is at least {@code now - sentAt}.
     */
    void unanswered(Origin origin, long sentAt, int inFlightThen, long now);

    /** Returns feedback that tells {@code first}, then {@code second}. */
    static OriginFeedback both(OriginFeedback first, OriginFeedback second) {
        if (first == NONE) {
            return second;
        }
        if (second == NONE) {
            return first;
        }
        return new OriginFeedback() {
            @Override
            public int inFlight(Origin origin) {
                return Math.max(first.inFlight(origin), second.inFlight(origin));
            }

            @Override
            public void answered(Origin origin, ResponseData response, long sentAt, int inFlightThen, long headAt) {
                first.answered(origin, response, sentAt, inFlightThen, headAt);
                second.answered(origin, response, sentAt, inFlightThen, headAt);
            }

            @Override
            public void unanswered(Origin origin, long sentAt, int inFlightThen, long now) {
                first.unanswered(origin, sentAt, inFlightThen, now);
                second.unanswered(origin, sentAt, inFlightThen, now);
            }
        };
    }
}
