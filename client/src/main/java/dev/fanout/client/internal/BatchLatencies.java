package dev.fanout.client.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The latencies of one batch's answered requests, for hedging at the batch's observed
 * percentile: the delay after which a request of the batch is hedged is the {@code p}-quantile
 * of its requests' latencies so far, counting a request still unanswered as slower than any
 * answered one (its latency is not known yet, only that it is longer than it has waited). So
 * the delay is known only once a fraction {@code p} of the requests started have answered (and
 * at least {@link #MIN_ANSWERS}): in a fan-out that starts everything at once, that is the
 * moment the {@code p}-quantile of the batch is reached, and the requests still out then are
 * the slowest {@code 1 - p}, the ones hedging is for. Requests started before the delay is
 * known wait for it ({@link #whenKnown}); those started after use it at once. Loop-confined.
 */
final class BatchLatencies {

    /** How many answers the delay needs at the least, so that a small batch is not judged by two. */
    static final int MIN_ANSWERS = 20;

    private final double p;
    private long[] sorted = new long[64];
    private int answered;
    private int started;
    private long delay = -1;
    private List<LongConsumer> waiting = new ArrayList<>();

    /** Creates the latencies of a batch hedged at its {@code p}-quantile (0 < p < 1). */
    BatchLatencies(double p) {
        this.p = p;
    }

    /** Counts a request started (one that may be hedged). */
    void started() {
        started++;
    }

    /** Returns the hedging delay in nanoseconds, or -1 while it is not known. */
    long delay() {
        return delay;
    }

    /** Runs {@code whenKnown} with the delay once it is known (at once if it is). */
    void whenKnown(LongConsumer whenKnown) {
        if (delay >= 0) {
            whenKnown.accept(delay);
        } else {
            waiting.add(whenKnown);
        }
    }

    /** Takes the latency of an answered request, in nanoseconds. */
    void answered(long latency) {
        insert(latency);
        int k = (int) Math.ceil(p * started);
        if (answered < Math.max(k, MIN_ANSWERS)) {
            return; // a request not answered yet may still be among the fastest p
        }
        boolean first = delay < 0;
        delay = sorted[Math.max(k, 1) - 1];
        if (first) {
            List<LongConsumer> toTell = waiting;
            waiting = null;
            for (LongConsumer w : toTell) {
                w.accept(delay);
            }
        }
    }

    /** Inserts in order; answers mostly come in rising order, so this mostly appends. */
    private void insert(long latency) {
        if (answered == sorted.length) {
            sorted = Arrays.copyOf(sorted, answered * 2);
        }
        int at = answered;
        while (at > 0 && sorted[at - 1] > latency) {
            at--;
        }
        System.arraycopy(sorted, at, sorted, at + 1, answered - at);
        sorted[at] = latency;
        answered++;
    }
}
