package dev.fanout.cli;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.RetryPolicy;
import java.time.Duration;

/**
 * What a run asked of the client beyond fetching: retries, hedging, a rate limit. The client
 * is built with it ({@link #applyTo}), and the table and the summary read it to say what each
 * did. Immutable.
 *
 * @param attempts the most attempts of one request, the first included (1: no retries)
 * @param retryBase the first retry's longest wait; the longest of any is {@link #RETRY_MAX_FACTOR} times it
 * @param hedgeAfter when a slow request gets a hedged copy, or null for no hedging
 * @param rate the pace of starts to every origin, or null for none
 * @param tail whether the summary shows the latency percentiles (p50, p90, p99): with hedging,
 *     which is about the tail, and in the demo's hedging case with or without it
 * @param hedgePercentile the batch's observed latency quantile past which a request gets a
 *     hedged copy (0.95 for its p95), or 0 for none
 */
record Resilience(
        int attempts, Duration retryBase, Duration hedgeAfter, Rate rate, boolean tail, double hedgePercentile) {

    /** A run that does not hedge at a percentile. */
    Resilience(int attempts, Duration retryBase, Duration hedgeAfter, Rate rate, boolean tail) {
        this(attempts, retryBase, hedgeAfter, rate, tail, 0);
    }

    /** The first retry waits up to this long unless told otherwise: most blips are over by then. */
    static final Duration DEFAULT_RETRY_BASE = Duration.ofMillis(100);

    /**
     * The longest wait before any retry, in first waits: 2 s for the default 100 ms, which is a
     * fourth retry's ceiling ({@code 100 ms × 2^4} is 1.6 s), so a few attempts back off fully.
     */
    static final int RETRY_MAX_FACTOR = 20;

    private static final Resilience NONE = new Resilience(1, DEFAULT_RETRY_BASE, null, null, false);

    /** Returns a run with none of them: the client's defaults. */
    static Resilience none() {
        return NONE;
    }

    /** Returns true when requests may be sent more than once. */
    boolean retries() {
        return attempts > 1;
    }

    /** Returns true when slow requests may get a hedged copy. */
    boolean hedges() {
        return hedgeAfter != null || hedgePercentile > 0;
    }

    /** Returns true when any of retries, hedging or a rate limit is on. */
    boolean any() {
        return retries() || hedges() || rate != null;
    }

    /** Returns the retry policy: {@code exponential(attempts, base, 20 × base)}, or none. */
    RetryPolicy retryPolicy() {
        return retries()
                ? RetryPolicy.exponential(attempts, retryBase, retryBase.multipliedBy(RETRY_MAX_FACTOR))
                : RetryPolicy.none();
    }

    /**
     * Sets retries, hedging and the rate limit on {@code builder}, leaving the client's defaults
     * where they are off.
     *
     * @throws IllegalArgumentException when the builder refuses a value
     */
    FanoutClient.Builder applyTo(FanoutClient.Builder builder) {
        if (retries()) {
            builder.retry(retryPolicy());
        }
        if (hedgeAfter != null) {
            builder.hedgeAfter(hedgeAfter);
        }
        if (hedgePercentile > 0) {
            builder.hedgeAtPercentile(hedgePercentile);
        }
        if (rate != null) {
            builder.rateLimit(rate.permits(), rate.per());
        }
        return builder;
    }
}
