package dev.fanout.client.internal;

import java.time.Duration;

/**
 * A rate limit as the client's builder took it: {@code permits} starts per {@code per} to
 * {@code origin} (a URL whose scheme, host and port name it), or to every origin, each on its
 * own, when {@code origin} is null.
 *
 * @param origin the origin's URL, or null for every origin
 * @param permits how many requests may start per period
 * @param per the period
 */
public record RateLimit(String origin, int permits, Duration per) {

    /**
     * Returns the limit of {@code permits} per {@code per} to {@code origin}.
     *
     * @throws IllegalArgumentException if origin is not an http or https URL
     */
    public static RateLimit of(String origin, int permits, Duration per) {
        return new RateLimit(ConfigDraft.origin("rateLimit", origin), permits, per);
    }

    /** Returns the time between two starts, in nanoseconds (at least 1). */
    long intervalNanos() {
        return Math.max(1, Durations.saturatedNanos(per) / permits);
    }
}
