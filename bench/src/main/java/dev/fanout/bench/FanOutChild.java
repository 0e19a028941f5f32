package dev.fanout.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM of one fan-out process of {@link FanOutBench}: one contender's batches, in the order
 * below, each announced to the bench (which resets the server's peak) and reported after.
 * Node's and aiohttp's scripts ({@code fanout-fetch.mjs}, {@code fanout_fetch.py}) speak the same.
 *
 * <pre>
 * child                                      bench
 * READY cold                        ──►      resets the server's peak
 *                                   ◄──      GO
 * DONE cold wall=ms ok=n            ──►      reads the server's peak
 * ... warmup then warmup-reuse (each pair a new client: its new connections, then its pool),
 * fresh (a new client: new connections), warm (the same client again: its pooled connections),
 * probe (the same client, URLs held longer, heap sampled) ...
 * END version=V rssKiB=n           ──►
 * </pre>
 *
 * <p>{@code cold} is the first batch of this JVM, the client's construction included; the others
 * time the batch alone. The warm-ups are {@code --warmups} batches, then more while the JIT is
 * still at work ({@link #warmUp}). {@code fresh}'s DONE also has {@code cpuMs} (the process's CPU
 * time over the batch, every thread), {@code threads} (the most live threads during it) and
 * {@code jitMs} (the JIT's compile time over it), END {@code warmups} (the warm-up batches sent). {@code probe}'s
 * has {@code heapPerRequest}: the largest live heap (after a full GC, sampled every 100 ms while
 * the requests are held) less the live heap before the batch, divided by the batch's requests.
 *
 * <p>Arguments: contender, URL file, probe URL file or {@code -}, max connections, warm-up batches,
 * body length every answer must have, most warm-up batches more while the JIT compiles.
 */
final class FanOutChild {

    /** A warm-up batch on new connections, and the one after it on the same client's pool. */
    static final String WARMUP = "warmup";

    static final String WARMUP_REUSE = "warmup-reuse";

    /** The most of a warm-up round's wall time the JIT may compile in for the round to count as quiet. */
    static final double JIT_QUIET_SHARE = 0.05;

    private static final BufferedReader PARENT =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private FanOutChild() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        List<String> urls = Files.readAllLines(Path.of(args[1]));
        List<String> probeUrls = args[2].equals("-") ? null : Files.readAllLines(Path.of(args[2]));
        int maxConnections = Integer.parseInt(args[3]);
        int warmups = Integer.parseInt(args[4]);
        int bodyLength = Integer.parseInt(args[5]);
        int jitWarmups = Integer.parseInt(args[6]);

        coldBatch(name, maxConnections, urls, bodyLength);
        // The JDK's client (17) has no close(): it closes its pool once collected. The bench waits
        // for the server to see the last client's connections closed before a batch on new ones.
        System.gc();
        int warmed = warmUp(name, maxConnections, urls, bodyLength, warmups, jitWarmups);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Contender contender = Contender.create(name, maxConnections)) {
            System.gc(); // not during the measured batch
            ready("fresh");
            threads.resetPeakThreadCount();
            long cpu = os.getProcessCpuTime();
            long compiled = compileMillis(jit);
            long start = System.nanoTime();
            int ok = contender.fetchAll(urls, bodyLength);
            long cpuMs = TimeUnit.NANOSECONDS.toMillis(os.getProcessCpuTime() - cpu);
            long jitMs = compiled < 0 ? -1 : compileMillis(jit) - compiled;
            done(
                    "fresh",
                    start,
                    ok,
                    " cpuMs=" + cpuMs + " threads=" + threads.getPeakThreadCount() + " jitMs=" + jitMs);

            batch("warm", contender, urls, bodyLength);
            if (probeUrls != null) {
                probe(contender, probeUrls, bodyLength);
            }
        }
        System.out.println("END version=" + Contender.version(name).replace(' ', '_') + " rssKiB=" + peakRssKib()
                + " warmups=" + warmed);
        System.exit(0); // some clients leave non-daemon threads behind
    }

    /**
     * Sends {@code warmups} warm-up batches, in rounds of two on a client of its own (one on new
     * connections, then one on its pool: the paths of both measured batches), then rounds up to
     * {@code jitWarmups} batches more until two rounds in a row were quiet: the JIT compiled for
     * under 5% ({@link #JIT_QUIET_SHARE}) of the round's wall time. A count of requests is a guess
     * at when a JVM is warm; the compiler threads say it. Without it the measured batch shared the
     * two cores with them: fanout's fresh batches of 5,000, one after another in one JVM, compiled
     * for 434-1,284 ms during each of the first six (622-1,018 ms walls), then 0-63 ms (494-573 ms
     * walls); at 1,000 it was quiet from the eighteenth batch (2026-12-05 09:49-09:51 UTC). And
     * with warm-ups on new connections only, the measured warm-pool batch was the first to reuse
     * a connection in the JVM: at 5,000 fanout's compiled for 143-220 ms and AsyncHttpClient's for
     * 89-201, where after warm-ups of both kinds they compiled for 1-6 and 9-102 ms (2026-12-06
     * 10:46-10:49 UTC; bench/README.md).
     *
     * @return the warm-up batches sent
     */
    private static int warmUp(
            String name, int maxConnections, List<String> urls, int bodyLength, int warmups, int jitWarmups)
            throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int most = compileMillis(jit) < 0 ? warmups : warmups + jitWarmups; // no JIT time, no JIT rule
        int sent = 0;
        int quiet = 0;
        while (sent < warmups || (sent < most && quiet < 2)) {
            long compiled = compileMillis(jit);
            long start = System.nanoTime();
            warmUpRound(name, maxConnections, urls, bodyLength);
            long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            quiet = compileMillis(jit) - compiled < JIT_QUIET_SHARE * wallMs ? quiet + 1 : 0;
            sent += 2;
            System.gc();
        }
        return sent;
    }

    /** Returns the JIT's compile time so far in ms (summed over its threads), or -1 where not measured. */
    private static long compileMillis(CompilationMXBean jit) {
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /**
     * Sends the cold batch, its time including building the client. This and {@link #warmUpRound}
     * are methods of their own so that no local variable keeps a client reachable past its batch.
     */
    private static void coldBatch(String name, int maxConnections, List<String> urls, int bodyLength) throws Exception {
        ready("cold");
        long start = System.nanoTime();
        try (Contender contender = Contender.create(name, maxConnections)) {
            done("cold", start, contender.fetchAll(urls, bodyLength), "");
        }
    }

    /** Sends a warm-up round: a batch on a new client's new connections, then one on its pool. */
    private static void warmUpRound(String name, int maxConnections, List<String> urls, int bodyLength)
            throws Exception {
        try (Contender contender = Contender.create(name, maxConnections)) {
            batch(WARMUP, contender, urls, bodyLength);
            batch(WARMUP_REUSE, contender, urls, bodyLength);
        }
    }

    /** Returns true if a batch of {@code kind} is sent on the connections of the batch before it. */
    static boolean reusesConnections(String kind) {
        return kind.equals("warm") || kind.equals("probe") || kind.equals(WARMUP_REUSE);
    }

    /** Announces a batch of {@code kind} on {@code contender}, sends it and reports it. */
    private static void batch(String kind, Contender contender, List<String> urls, int bodyLength) throws Exception {
        ready(kind);
        long start = System.nanoTime();
        done(kind, start, contender.fetchAll(urls, bodyLength), "");
    }

    private static void probe(Contender contender, List<String> urls, int bodyLength) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long[] most = {before};
        Thread sampler = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.sleep(100);
                            System.gc();
                            most[0] = Math.max(
                                    most[0], memory.getHeapMemoryUsage().getUsed());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the batch ended
                    }
                },
                "heap-sampler");
        ready("probe");
        long start = System.nanoTime();
        sampler.start();
        int ok = contender.fetchAll(urls, bodyLength);
        sampler.interrupt();
        sampler.join();
        done("probe", start, ok, " heapPerRequest=" + (most[0] - before) / urls.size());
    }

    private static void ready(String kind) throws IOException {
        System.out.println("READY " + kind);
        System.out.flush();
        if (!"GO".equals(PARENT.readLine())) {
            throw new IllegalStateException("the bench did not say GO before " + kind);
        }
    }

    private static void done(String kind, long startNanos, int ok, String more) {
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        System.out.println("DONE " + kind + " wall=" + wall + " ok=" + ok + more);
        System.out.flush();
    }

    /** Returns the process's peak resident set (VmHWM) in KiB, or -1 where /proc has none. */
    static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux
        }
        return -1;
    }
}
