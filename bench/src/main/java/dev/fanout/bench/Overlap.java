package dev.fanout.bench;

import java.util.Arrays;
import java.util.List;

/** Counts how many intervals overlap at most, for the servers' peaks of requests held at once. */
final class Overlap {

    private Overlap() {}

    /**
     * Returns the most of {@code intervals} that overlap at one instant; each is
     * {@code [ignored, start, end]}, and an interval that ends when another starts does not overlap it.
     */
    static int peak(List<long[]> intervals) {
        long[] events = new long[intervals.size() * 2];
        int i = 0;
        for (long[] interval : intervals) {
            // Ends sort before starts at the same instant: 2 × time, +1 for a start.
            events[i++] = interval[1] * 2 + 1;
            events[i++] = interval[2] * 2;
        }
        Arrays.sort(events);
        int open = 0;
        int peak = 0;
        for (long event : events) {
            open += (event & 1) == 1 ? 1 : -1;
            peak = Math.max(peak, open);
        }
        return peak;
    }
}
