package dev.fanout.bench;

import java.util.Arrays;

/**
 * One figure over the measured rounds of a run, printed as its median with the min–max beside
 * it: {@code 1,234 (1,100–1,500)}, or the value alone when every round gave the same. Also the
 * nearest-rank percentile the benches take of a round's per-request latencies. Immutable.
 */
record Spread(long[] values) {

    /** Returns the figure of {@code values}, one per round, in the order measured. */
    static Spread of(long... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no rounds");
        }
        return new Spread(values.clone());
    }

    /** Returns the median (the upper one of an even count). */
    long median() {
        return sorted()[values.length / 2];
    }

    /** Returns the lowest value. */
    long min() {
        return sorted()[0];
    }

    /** Returns the highest value. */
    long max() {
        return sorted()[values.length - 1];
    }

    /** Returns {@code median (min–max)}, with thousands separators. */
    String text() {
        long[] sorted = sorted();
        long median = sorted[sorted.length / 2];
        if (sorted[0] == sorted[sorted.length - 1]) {
            return String.format("%,d", median);
        }
        return String.format("%,d (%,d–%,d)", median, sorted[0], sorted[sorted.length - 1]);
    }

    /** Returns the {@code p}-th percentile (0 to 100, nearest rank) of {@code sorted}, ascending; 0 for none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private long[] sorted() {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
