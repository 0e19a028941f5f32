package dev.fanout.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One contender's figures at one N on one server: every process's sample, or why it has none
 * (skipped: the peer is not on this machine; failed: a process ended badly). Immutable.
 *
 * @param contender the contender's name
 * @param n the URLs per batch
 * @param samples one per process that ended well
 * @param skipped why the contender was not run, or null
 * @param failure the first process failure's text, or null
 * @param failedProcesses how many processes failed
 */
record FanOutRow(
        String contender, int n, List<FanOutSample> samples, String skipped, String failure, int failedProcesses) {

    /** Returns whether every process ended well and every answer of every batch was right. */
    boolean allRight() {
        return skipped != null || (failure == null && samples.stream().allMatch(s -> s.fewestOk() == n));
    }

    /** Returns whether this row is fanout's own (any of its variants), whose failure fails the run. */
    boolean isFanout() {
        return contender.startsWith("fanout");
    }

    /** Returns whether there is something to print. */
    boolean measured() {
        return !samples.isEmpty();
    }

    /** Returns {@code variant}'s wall times, one per process. */
    Spread wall(String variant) {
        return Spread.of(samples.stream().mapToLong(s -> s.wall(variant)).toArray());
    }

    /** Returns the server's peak of requests held in {@code variant}'s batches, one per process. */
    Spread serverPeak(String variant) {
        return Spread.of(samples.stream()
                .mapToLong(s -> s.serverPeaks().getOrDefault(variant, 0))
                .toArray());
    }

    /** Returns CPU milliseconds per 10,000 requests of the fresh batch, one per process. */
    Spread cpuMsPer10k() {
        return Spread.of(samples.stream().mapToLong(s -> s.cpuMs() * 10_000 / n).toArray());
    }

    /** Returns the peak RSS in MiB, one per process. */
    Spread rssMib() {
        return Spread.of(samples.stream().mapToLong(s -> s.rssKib() >> 10).toArray());
    }

    /** Returns the live threads during the fresh batch, one per process. */
    Spread threads() {
        return Spread.of(samples.stream().mapToLong(FanOutSample::threads).toArray());
    }

    /** Returns heap bytes per in-flight request from the probe batches, or null where none was taken. */
    Spread heapPerRequest() {
        return reported(samples.stream().mapToLong(FanOutSample::heapPerRequest).toArray());
    }

    /** Returns the warm-up batches each process sent, or null where none said (Node, aiohttp). */
    Spread warmups() {
        return reported(samples.stream().mapToLong(FanOutSample::warmups).toArray());
    }

    /** Returns the JIT's compile ms over the fresh batch, one per process, or null where none said. */
    Spread freshJitMs() {
        return reported(samples.stream().mapToLong(FanOutSample::freshJitMs).toArray());
    }

    private static Spread reported(long[] values) {
        long[] said = Arrays.stream(values).filter(v -> v >= 0).toArray();
        return said.length == 0 ? null : Spread.of(said);
    }

    /** Returns the fewest right answers in any batch of any process. */
    int fewestOk() {
        return samples.stream().mapToInt(FanOutSample::fewestOk).min().orElse(0);
    }

    /** Returns the version the first process reported, or {@code "-"}. */
    String version() {
        return samples.isEmpty() ? "-" : samples.get(0).version();
    }
}
