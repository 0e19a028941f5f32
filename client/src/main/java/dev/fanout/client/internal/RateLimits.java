package dev.fanout.client.internal;

import dev.fanout.loop.LoopClock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-origin rate limits that pace the starts of requests: an origin limited to {@code n} per
 * {@code period} lets one request start every {@code period / n} of the loop's clock, with no
 * burst, so that a server that allows {@code n} per period sees no more than that in any period.
 * A limit set for every origin gives each origin its own pace. A 429 answered by a limited
 * origin with a {@code Retry-After} pauses that origin until then. Origins without a limit are
 * never held. Loop-confined.
 */
final class RateLimits implements Dispatcher.Pacer, OriginFeedback {

    private final LoopClock clock;
    private final Map<Origin, Long> intervals;
    private final long everyOriginInterval; // 0: none
    private final Map<Origin, Long> nextStart = new HashMap<>();
    private int pruneAt = 1024;

    /**
     * Creates the limits: {@code intervals} holds the nanoseconds between two starts for each
     * limited origin, {@code everyOriginInterval} for the others (0 when they are not limited).
     */
    RateLimits(LoopClock clock, Map<Origin, Long> intervals, long everyOriginInterval) {
        this.clock = clock;
        this.intervals = Map.copyOf(intervals);
        this.everyOriginInterval = everyOriginInterval;
    }

    /** Returns the limits the client's builder took, on {@code clock}. */
    static RateLimits of(LoopClock clock, List<RateLimit> limits) {
        Map<Origin, Long> intervals = new HashMap<>();
        long every = 0;
        for (RateLimit limit : limits) {
            if (limit.origin() == null) {
                every = limit.intervalNanos();
            } else {
                intervals.put(Target.parse(limit.origin()).origin(), limit.intervalNanos());
            }
        }
        return new RateLimits(clock, intervals, every);
    }

    /** Returns true when no origin is limited: the dispatcher need not ask. */
    boolean none() {
        return intervals.isEmpty() && everyOriginInterval == 0;
    }

    private long interval(Origin origin) {
        Long own = intervals.get(origin);
        return own != null ? own : everyOriginInterval;
    }

    @Override
    public long take(Origin origin) {
        long interval = interval(origin);
        if (interval == 0) {
            return 0;
        }
        long now = clock.nanoTime();
        Long next = nextStart.get(origin);
        if (next != null && next - now > 0) {
            return next - now;
        }
        nextStart.put(origin, now + interval);
        if (nextStart.size() > pruneAt) {
            // An origin whose next start has come is as free as one never seen: forget it, so
            // that a pace for every origin does not keep every origin a crawl ever met.
            nextStart.values().removeIf(at -> at - now <= 0);
            pruneAt = Math.max(1024, 2 * nextStart.size());
        }
        return 0;
    }

    /** Returns how many origins' next start is kept. */
    int tracked() {
        return nextStart.size();
    }

    /** A 429 from a limited origin pauses it as long as its {@code Retry-After} asks. */
    @Override
    public void answered(Origin origin, ResponseData response, long sentAt, int inFlightThen, long headAt) {
        if (response.status() == 429) {
            pause(origin, Retry.retryAfterNanos(response.header("Retry-After"), System.currentTimeMillis()));
        }
    }

    @Override
    public void unanswered(Origin origin, long sentAt, int inFlightThen, long now) {
        // an unanswered request says nothing about the origin's pace
    }

    /** Holds {@code origin}'s starts for {@code nanos} (a 429's Retry-After), if it is limited. */
    void pause(Origin origin, long nanos) {
        if (interval(origin) == 0 || nanos <= 0) {
            return;
        }
        long until = clock.nanoTime() + nanos;
        Long next = nextStart.get(origin);
        if (next == null || until - next > 0) {
            nextStart.put(origin, until);
        }
    }
}
