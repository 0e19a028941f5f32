package dev.fanout.bench;

import java.util.Map;

/**
 * What one fan-out process ({@link FanOutChild}, or Node's or aiohttp's script) measured: one
 * batch of each variant, the server's peak of requests held in each, and the process's costs.
 * Immutable.
 *
 * @param contender the contender's name
 * @param version the library's version, as the process read it
 * @param walls each measured variant's wall time in ms: {@code cold}, {@code fresh}, {@code warm}
 * @param serverPeaks each measured variant's most requests the server held at once
 * @param fewestOk the fewest right answers (a 200 with the right body) in any batch, warm-ups too
 * @param cpuMs the process's CPU time over the fresh batch, in ms
 * @param threads the most live threads in the process during the fresh batch
 * @param rssKib the process's peak resident set (VmHWM), in KiB
 * @param heapPerRequest live heap per request held, in bytes, from the probe batch; -1 for none
 * @param warmups the warm-up batches the process sent; -1 where it did not say (Node, aiohttp)
 * @param freshJitMs the JIT's compile time over the fresh batch, in ms; -1 for none (Node, aiohttp)
 */
record FanOutSample(
        String contender,
        String version,
        Map<String, Long> walls,
        Map<String, Integer> serverPeaks,
        int fewestOk,
        long cpuMs,
        int threads,
        long rssKib,
        long heapPerRequest,
        int warmups,
        long freshJitMs) {

    /** Returns the wall time of {@code variant} ({@code cold}, {@code fresh} or {@code warm}) in ms. */
    long wall(String variant) {
        return walls.getOrDefault(variant, -1L);
    }
}
