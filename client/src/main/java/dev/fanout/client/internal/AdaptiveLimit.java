package dev.fanout.client.internal;

/**
 * One origin's adaptive concurrency limit: how many requests may be in flight to it, moved by
 * what the origin does, in the manner of TCP's congestion control (additive increase,
 * multiplicative decrease) and of the latency-based limits of Netflix's concurrency-limits:
 *
 * <ul>
 *   <li><b>Overload</b>: a 429 or 503 answer halves the limit, once per round trip: a signal
 *       from a request written before the last halving is ignored, as it went out under the old
 *       limit (a burst of 503s to one wave of requests is one signal, not fifty).
 *   <li><b>Latency</b>: a response head that took longer than {@link #TOLERANCE} times the
 *       origin's baseline (the lowest latency seen lately, write to head) says the server is
 *       queueing. By Little's law the server got through the {@code n} requests in flight when
 *       this one was written in its latency {@code L}, so it takes about
 *       {@code n × TOLERANCE × baseline ÷ L} at once within the tolerance; the limit moves a
 *       fifth of the way down to that ({@link #SMOOTHING}), so that one slow answer is a nudge
 *       and a wave of them is a verdict. A request given up unanswered counts the same way once
 *       it had waited that long.
 *   <li><b>Growth</b>: a good answer while the limit is in use (at least half of it in flight)
 *       adds {@code 1 / limit}, about one more request per round trip.
 * </ul>
 *
 * The limit starts at the most the client allows ({@link #max}) and stays in {@code [1, max]}.
 * The baseline is the lowest latency of the last two windows of {@link #WINDOW} answers, so that
 * it follows an origin whose unloaded latency changes. Times are the loop clock's nanoseconds.
 * Loop-confined.
 */
final class AdaptiveLimit {

    /** How many times its baseline latency an answer may take before the limit shrinks. */
    static final double TOLERANCE = 2.0;
    /** How far one latency signal moves the limit toward what it says the origin takes. */
    static final double SMOOTHING = 0.2;
    /** How many answers make one window of the baseline's minimum. */
    static final int WINDOW = 250;

    private int max;
    private double limit;
    private long baseline = Long.MAX_VALUE;
    private long windowMin = Long.MAX_VALUE;
    private long lastWindowMin = Long.MAX_VALUE;
    private int samples;
    private boolean halved;
    private long lastHalving;

    AdaptiveLimit(int max) {
        this.max = max;
        this.limit = max;
    }

    /** Returns the current limit, at least 1. */
    int limit() {
        return (int) limit;
    }

    /** Returns the lowest latency seen lately, in nanoseconds, or -1 before any answer. */
    long baseline() {
        return baseline == Long.MAX_VALUE ? -1 : baseline;
    }

    /**
     * Sets the most the client allows (it rises when an origin turns out to speak HTTP/2); a
     * limit that never shrank follows it up.
     */
    void max(int max) {
        if (limit >= this.max) {
            limit = max;
        }
        this.max = max;
        limit = Math.min(limit, max);
    }

    /**
     * Takes an answer of {@code status} to a request written at {@code sentAt}, when
     * {@code inFlightThen} requests to the origin were under way, whose head came back at
     * {@code headAt}, with {@code inFlightNow} under way; returns true when the limit (as
     * {@link #limit()} gives it) changed.
     */
    boolean answered(int status, long sentAt, long headAt, int inFlightThen, int inFlightNow) {
        int before = limit();
        if (status == 429 || status == 503) {
            if (!halved || sentAt - lastHalving > 0) {
                halved = true;
                lastHalving = headAt;
                limit = Math.max(1, limit / 2);
            }
            return limit() != before;
        }
        long latency = Math.max(1, headAt - sentAt);
        sample(latency);
        if (latency > TOLERANCE * baseline) {
            toward(inFlightThen, latency);
        } else if (2 * inFlightNow >= limit) {
            limit = Math.min(max, limit + 1 / limit);
        }
        return limit() != before;
    }

    /**
     * Takes a request written at {@code sentAt}, when {@code inFlightThen} requests to the origin
     * were under way, and given up at {@code now} with no answer: when it had waited past the
     * tolerance, it is a latency signal; returns true when the limit changed.
     */
    boolean unanswered(long sentAt, long now, int inFlightThen) {
        int before = limit();
        long waited = now - sentAt;
        if (baseline != Long.MAX_VALUE && waited > TOLERANCE * baseline) {
            toward(inFlightThen, waited);
        }
        return limit() != before;
    }

    /** Moves the limit part of the way down to what {@code inFlight} requests answered in {@code latency} say. */
    private void toward(int inFlight, long latency) {
        double takes = Math.max(1, inFlight) * TOLERANCE * baseline / latency;
        if (takes < limit) {
            limit = Math.max(1, limit + SMOOTHING * (takes - limit));
        }
    }

    private void sample(long latency) {
        windowMin = Math.min(windowMin, latency);
        if (++samples == WINDOW) {
            lastWindowMin = windowMin;
            windowMin = Long.MAX_VALUE;
            samples = 0;
        }
        baseline = Math.min(windowMin, lastWindowMin);
    }
}
