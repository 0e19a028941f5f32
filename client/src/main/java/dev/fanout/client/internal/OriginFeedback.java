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
        public void answered(Origin origin, ResponseData response, long sentAt, long headAt) {}

        @Override
        public void unanswered(Origin origin, long sentAt, long now) {}
    };

    /** A request written at {@code sentAt} had the head of {@code response} back at {@code headAt}. */
    void answered(Origin origin, ResponseData response, long sentAt, long headAt);

    /**
     * A request written at {@code sentAt} was given up at {@code now} with no response head yet
     * (its timeout, or a hedged copy that answered first): its latency is at least
     * {@code now - sentAt}.
     */
    void unanswered(Origin origin, long sentAt, long now);

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
            public void answered(Origin origin, ResponseData response, long sentAt, long headAt) {
                first.answered(origin, response, sentAt, headAt);
                second.answered(origin, response, sentAt, headAt);
            }

            @Override
            public void unanswered(Origin origin, long sentAt, long now) {
                first.unanswered(origin, sentAt, now);
                second.unanswered(origin, sentAt, now);
            }
        };
    }
}
