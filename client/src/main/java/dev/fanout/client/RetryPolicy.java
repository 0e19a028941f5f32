package dev.fanout.client;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how a client sends a request again after a failure that another try may mend, set
 * with {@link FanoutClient.Builder#retry}. Immutable.
 *
 * <p>What is retried: requests whose method is idempotent (GET, HEAD, PUT, DELETE, OPTIONS,
 * TRACE), or that opted in ({@link Request.Builder#retryable}), when an attempt fails with
 * {@link ErrorKind#CONNECT}, with {@link ErrorKind#CLOSED} before any byte of a response, with
 * {@link ErrorKind#TIMEOUT} of its own {@linkplain #attemptTimeout(Duration) attempt timeout},
 * or is answered 429, 502, 503 or 504. Anything else is the result at once, and so is the last
 * attempt's outcome.
 *
 * <p>How long it waits: exponential backoff with full jitter (a random wait between zero and
 * {@code min(max, base × 2^(retry − 1))}), or what a 429's or 503's {@code Retry-After} says
 * (seconds or an HTTP date) when that is no longer than {@link #maxRetryAfter(Duration)}; a
 * response that asks for a longer wait is the result. A request waiting to retry holds no slot
 * and no connection. Its own timeout bounds all its attempts and waits together.
 *
 * <p>How much: a client retries at most {@link #budget(double, int) 10% more requests} than it
 * started over the last ten seconds, plus 10 retries a second, so that a failing host is not
 * hammered; past the budget, the failure is the result.
 */
public final class RetryPolicy {

    private static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, null, Duration.ZERO, 0, 0);

    private final int maxAttempts;
    private final Duration base;
    private final Duration max;
    private final Duration attemptTimeout;
    private final Duration maxRetryAfter;
    private final double budgetRatio;
    private final int budgetPerSecond;

    private RetryPolicy(
            int maxAttempts,
            Duration base,
            Duration max,
            Duration attemptTimeout,
            Duration maxRetryAfter,
            double budgetRatio,
            int budgetPerSecond) {
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.max = max;
        this.attemptTimeout = attemptTimeout;
        this.maxRetryAfter = maxRetryAfter;
        this.budgetRatio = budgetRatio;
        this.budgetPerSecond = budgetPerSecond;
    }

    /** Returns the policy that never retries (the default). */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * Returns a policy of at most {@code maxAttempts} attempts per request (the first included),
     * waiting a random time up to {@code min(max, base × 2^(retry − 1))} before each retry; a
     * {@code Retry-After} up to 30 s is honoured, and the budget is 10% extra requests plus 10 a
     * second.
     *
     * @throws IllegalArgumentException if maxAttempts is below 1, base is negative, or max is below base
     */
    public static RetryPolicy exponential(int maxAttempts, Duration base, Duration max) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("base " + base + " and max " + max + " (expected: 0 <= base <= max)");
        }
        return new RetryPolicy(maxAttempts, base, max, null, Duration.ofSeconds(30), 0.1, 10);
    }

    /**
     * Returns this policy with a timeout for each attempt, within the request's own timeout: an
     * attempt that has no complete response by then is cancelled (its connection closed, or its
     * HTTP/2 stream reset) and counts as a {@code TIMEOUT} to retry. None by default.
     */
    public RetryPolicy attemptTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("attemptTimeout: " + timeout + " (expected: > 0)");
        }
        return new RetryPolicy(maxAttempts, base, max, timeout, maxRetryAfter, budgetRatio, budgetPerSecond);
    }

    /**
     * Returns this policy honouring a {@code Retry-After} of at most {@code cap} (default 30 s); a
     * response that asks for a longer wait is the result.
     */
    public RetryPolicy maxRetryAfter(Duration cap) {
        Objects.requireNonNull(cap, "cap");
        if (cap.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter: " + cap + " (expected: >= 0)");
        }
        return new RetryPolicy(maxAttempts, base, max, attemptTimeout, cap, budgetRatio, budgetPerSecond);
    }

    /**
     * Returns this policy with a retry budget of {@code ratio} retries per request started over
     * the last ten seconds, plus {@code perSecond} retries a second (default 0.1 and 10).
     */
    public RetryPolicy budget(double ratio, int perSecond) {
        if (!(ratio >= 0) || perSecond < 0) {
            throw new IllegalArgumentException(
                    "budget: ratio " + ratio + ", perSecond " + perSecond + " (expected: both >= 0)");
        }
        return new RetryPolicy(maxAttempts, base, max, attemptTimeout, maxRetryAfter, ratio, perSecond);
    }

    /** Returns the most attempts of one request, the first included (1: no retry). */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Returns the first retry's longest wait. */
    public Duration base() {
        return base;
    }

    /** Returns the longest wait before any retry. */
    public Duration max() {
        return max;
    }

    /** Returns the timeout of each attempt, or null when only the request's own timeout holds. */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** Returns the longest {@code Retry-After} honoured. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** Returns the retries allowed per request started, over the budget's window. */
    public double budgetRatio() {
        return budgetRatio;
    }

    /** Returns the retries a second allowed whatever the requests. */
    public int budgetPerSecond() {
        return budgetPerSecond;
    }

    @Override
    public String toString() {
        return maxAttempts == 1
                ? "RetryPolicy.none()"
                : "RetryPolicy.exponential(" + maxAttempts + ", " + base + ", " + max + ")";
    }
}
