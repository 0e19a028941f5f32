package dev.fanout.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * ... warmup (each a new client), fresh (a new client: new connections), warm (the same client
 * again: its pooled connections), probe (the same client, URLs held longer, heap sampled) ...
 * END version=V rssKiB=n           ──►
 * </pre>
 *
 * <p>{@code cold} is the first batch of this JVM, the client's construction included; the others
 * time the batch alone. {@code fresh}'s DONE also has {@code cpuMs} (the process's CPU time over
 * the batch, every thread) and {@code threads} (the most live threads during it). {@code probe}'s
 * has {@code heapPerRequest}: the largest live heap (after a full GC, sampled every 100 ms while
 * the requests are held) less the live heap before the batch, divided by the batch's requests.
 *
 * <p>Arguments: contender, URL file, probe URL file or {@code -}, max connections, warm-up batches,
 * body length every answer must have.
 */
final class FanOutChild {

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

        batchOnItsOwnClient("cold", name, maxConnections, urls, bodyLength);
        // The JDK's client (17) has no close(): it closes its pool once collected. The bench waits
        // for the server to see the last client's connections closed before a batch on new ones.
        System.gc();
        for (int i = 0; i < warmups; i++) {
            batchOnItsOwnClient("warmup", name, maxConnections, urls, bodyLength);
            System.gc();
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Contender contender = Contender.create(name, maxConnections)) {
            System.gc(); // not during the measured batch
            ready("fresh");
            threads.resetPeakThreadCount();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            int ok = contender.fetchAll(urls, bodyLength);
            long cpuMs = TimeUnit.NANOSECONDS.toMillis(os.getProcessCpuTime() - cpu);
            done("fresh", start, ok, " cpuMs=" + cpuMs + " threads=" + threads.getPeakThreadCount());

            ready("warm");
            start = System.nanoTime();
            done("warm", start, contender.fetchAll(urls, bodyLength), "");
            if (probeUrls != null) {
                probe(contender, probeUrls, bodyLength);
            }
        }
        System.out.println("END version=" + Contender.version(name).replace(' ', '_') + " rssKiB=" + peakRssKib());
        System.exit(0); // some clients leave non-daemon threads behind
    }

    /**
     * Sends one batch of {@code kind} with a client of its own, closed after: in a method of its
     * own so that no local variable of {@code main} keeps the client reachable past its batch. A
     * {@code cold} batch's time includes building the client.
     */
    private static void batchOnItsOwnClient(
            String kind, String name, int maxConnections, List<String> urls, int bodyLength) throws Exception {
        boolean cold = kind.equals("cold");
        if (cold) {
            ready(kind);
        }
        long start = System.nanoTime();
        try (Contender contender = Contender.create(name, maxConnections)) {
            if (!cold) {
                ready(kind);
                start = System.nanoTime();
            }
            done(kind, start, contender.fetchAll(urls, bodyLength), "");
        }
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
