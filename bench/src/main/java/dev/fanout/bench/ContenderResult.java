package dev.fanout.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One contender's line of results, as its child JVM ({@link ContenderRun}) printed it: the wall
 * time of each measured batch, the fewest correct answers in any of them, its threads and heap.
 */
record ContenderResult(
        String contender, long[] walls, int ok, int threadsBefore, int threadsPeak, long heapPeakMiB, int serverPeak) {

    /** Parses a {@code RESULT contender walls=ms,ms ok=n ...} line. */
    static ContenderResult parse(String line) {
        String[] parts = line.split(" ");
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 2; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        return new ContenderResult(
                parts[1],
                Arrays.stream(fields.get("walls").split(","))
                        .mapToLong(Long::parseLong)
                        .toArray(),
                Integer.parseInt(fields.get("ok")),
                Integer.parseInt(fields.get("threadsBefore")),
                Integer.parseInt(fields.get("threadsPeak")),
                Long.parseLong(fields.get("heapPeakMiB")),
                0);
    }

    /** Returns this result with the server's peak of requests held at once. */
    ContenderResult withServerPeak(int peak) {
        return new ContenderResult(contender, walls, ok, threadsBefore, threadsPeak, heapPeakMiB, peak);
    }

    /** Returns the median wall time in milliseconds (the upper one of an even count). */
    long medianWall() {
        long[] sorted = walls.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Returns the wall times as printed: {@code ms,ms,ms} in the order measured. */
    String wallsText() {
        return String.join(",", Arrays.stream(walls).mapToObj(String::valueOf).toArray(String[]::new));
    }
}
