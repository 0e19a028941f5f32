package dev.fanout.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Numbers about a batch: how long it took and how much its requests overlapped. Taken by
 * {@link Batch#stats()} over the results completed so far. Immutable and thread-safe.
 */
public final class BatchStats {

    private final Duration wall;
    private final long sumNanos;
    private final long[] sortedNanos;
    private final int retries;

    private final int hedges;

    private BatchStats(Duration wall, long sumNanos, long[] sortedNanos, int retries, int hedges) {
        this.wall = wall;
        this.sumNanos = sumNanos;
        this.sortedNanos = sortedNanos;
        this.retries = retries;
        this.hedges = hedges;
    }

    static BatchStats of(List<Result> completed) {
        Tally tally = new Tally(completed.size());
        completed.forEach(tally::add);
        return tally.stats();
    }

    /**
     * The numbers of a batch as its results arrive, kept without the results (8 bytes a result,
     * for the percentiles). Confined to one thread.
     */
    static final class Tally {
        private final long[] totals;
        private int count;
        private long wallNanos;
        private long sum;
        private int retries;
        private int hedges;

        /** Starts the tally of a batch of at most {@code size} results. */
        Tally(int size) {
            totals = new long[size];
        }

        /** Counts {@code r}. */
        void add(Result r) {
            long total = r.totalNanos();
            totals[count++] = total;
            sum += total;
            wallNanos = Math.max(wallNanos, r.startNanos() + total);
            retries += Math.max(0, r.attempts() - 1 - r.hedges());
            hedges += r.hedges();
        }

        /** Returns the numbers of the results counted so far. */
        BatchStats stats() {
            long[] sorted = Arrays.copyOf(totals, count);
            Arrays.sort(sorted);
            return new BatchStats(Duration.ofNanos(wallNanos), sum, sorted, retries, hedges);
        }
    }

    /** Returns how many results the numbers cover. */
    public int count() {
        return sortedNanos.length;
    }

    /** Returns the time from the batch's start to the end of its last completed request. */
    public Duration wall() {
        return wall;
    }

    /**
     * Returns the sum of the requests' times divided by the wall time: about N for N requests
     * that ran fully side by side, 1 for requests that ran one after another; 0 for none.
     */
    public double overlap() {
        return wall.isZero() ? 0 : (double) sumNanos / wall.toNanos();
    }

    /**
     * Returns the {@code p}-th percentile (0 to 100, nearest rank) of the requests' times;
     * zero when no result completed.
     *
     * @throws IllegalArgumentException if p is outside 0..100
     */
    public Duration percentile(double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("p: " + p + " (expected: 0..100)");
        }
        if (sortedNanos.length == 0) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(p / 100 * sortedNanos.length);
        return Duration.ofNanos(sortedNanos[Math.max(0, rank - 1)]);
    }

    /** Returns how many times requests were sent again, hedged copies aside (a stale pooled connection's replay counts). */
    public int retries() {
        return retries;
    }

    /** Returns how many hedged copies were sent ({@link FanoutClient.Builder#hedgeAfter}). */
    public int hedges() {
        return hedges;
    }

    @Override
    public String toString() {
        return "BatchStats[" + count() + " results, wall " + wall.toMillis() + " ms, overlap "
                + String.format("%.1f", overlap()) + ", p50 " + percentile(50).toMillis() + " ms, p99 "
                + percentile(99).toMillis() + " ms]";
    }
}
