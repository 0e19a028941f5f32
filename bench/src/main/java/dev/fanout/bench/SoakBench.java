package dev.fanout.bench;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak: one client sends {@code --requests} (1,000,000) GETs in batches of {@code --batch}
 * (10,000) to a {@link LeanHttpServer} in this JVM whose answers follow a fault mix by path: of
 * every 100 URLs, 90 answer 200 at once, 3 answer 503, 3 reset the connection, 2 never answer
 * (the client's {@code --timeout-ms}, 1 s, ends them) and 2 send their body a byte every 20 ms.
 * After each batch it samples the heap after a full GC, the process's open file descriptors, its
 * live threads and the connections open at the server, prints them every tenth batch, and at the
 * end draws them against the batch number in {@code --png} (bench/target/soak.png). A result
 * that is not what its path asks for (200, 503, CLOSED, TIMEOUT) fails the run, but for a
 * TIMEOUT where the server, one thread in this JVM, was too slow to answer in time: those are
 * counted and printed as unplanned timeouts.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.SoakBench [--requests 1000000] [--batch 10000]
 *     [--timeout-ms 1000] [--png bench/target/soak.png]
 * </pre>
 */
public final class SoakBench {

    private SoakBench() {}

    /** What one sample holds, taken after a batch. */
    record Sample(int batch, double heapMib, long fds, int threads, int connections) {}

    public static void main(String[] args) throws Exception {
        BenchOptions options =
                BenchOptions.parse(args, "SoakBench [--requests N] [--batch N] [--timeout-ms N] [--png FILE]");
        int requests = options.number("requests", 1_000_000);
        int batchSize = options.number("batch", 10_000);
        Duration timeout = Duration.ofMillis(options.number("timeout-ms", 1000));
        Path png = Path.of(options.text("png", "bench/target/soak.png"));
        System.out.printf(
                "SoakBench: %,d requests in batches of %,d, timeout %d ms, %s%n",
                requests, batchSize, timeout.toMillis(), LoadAverage.now());
        List<Sample> samples = new ArrayList<>();
        long started = System.nanoTime();
        long unplanned = 0;
        try (LeanHttpServer server = LeanHttpServer.start(SoakBench::answer);
                FanoutClient client =
                        FanoutClient.builder().requestTimeout(timeout).build()) {
            samples.add(sample(0, server));
            int batches = (requests + batchSize - 1) / batchSize;
            for (int b = 1; b <= batches; b++) {
                int n = Math.min(batchSize, requests - (b - 1) * batchSize);
                List<String> urls = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    urls.add(server.url("/" + (i % 100) + "/" + b + "/" + i));
                }
                unplanned += check(client.fetchAll(urls), urls);
                server.reset(() -> {}); // the server's per-path counts would grow with every unique URL
                Sample s = sample(b, server);
                samples.add(s);
                if (b % 10 == 0 || b == batches) {
                    System.out.printf(
                            "batch %4d: heap %6.1f MiB, fds %5d, threads %3d, server connections %5d, "
                                    + "unplanned timeouts so far %d, %s%n",
                            b, s.heapMib(), s.fds(), s.threads(), s.connections(), unplanned, LoadAverage.now());
                }
            }
        }
        System.out.printf("SoakBench: done in %.0f s%n", (System.nanoTime() - started) / 1e9);
        Files.createDirectories(png.toAbsolutePath().getParent());
        SoakChart.draw(samples, png);
        System.out.println("SoakBench: chart in " + png);
    }

    /** The fault mix: the first path segment, 0 to 99, picks the answer. */
    private static void answer(LeanHttpServer.Exchange exchange) {
        int kind = kind(exchange.path());
        if (kind < 90) {
            exchange.respond(200);
        } else if (kind < 93) {
            exchange.respond(503);
        } else if (kind < 96) {
            exchange.reset();
        } else if (kind < 98) {
            // never answered: the client's timeout ends it and closes the connection
        } else {
            exchange.respondSlowly(Duration.ofMillis(20).toNanos());
        }
    }

    private static int kind(String path) {
        return Integer.parseInt(path.substring(1, path.indexOf('/', 1)));
    }

    /**
     * Fails the run on a result its path does not allow; returns how many ended TIMEOUT where
     * the path asked for something else (the server was slow).
     */
    private static int check(List<Result> results, List<String> urls) {
        int unplanned = 0;
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            int kind = i % 100;
            boolean expected;
            if (kind < 90 || kind >= 98) {
                expected = r.status() == 200;
            } else if (kind < 93) {
                expected = r.status() == 503;
            } else if (kind < 96) {
                expected = r.error() != null && r.error().kind() == ErrorKind.CLOSED;
            } else {
                expected = r.error() != null && r.error().kind() == ErrorKind.TIMEOUT;
            }
            if (!expected && r.error() != null && r.error().kind() == ErrorKind.TIMEOUT) {
                unplanned++;
            } else if (!expected) {
                throw new IllegalStateException("unexpected result for " + urls.get(i) + ": " + r + " " + r.error());
            }
        }
        return unplanned;
    }

    private static Sample sample(int batch, LeanHttpServer server) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
        String[] fds = new File("/proc/self/fd").list();
        return new Sample(
                batch,
                heap,
                fds == null ? -1 : fds.length,
                ManagementFactory.getThreadMXBean().getThreadCount(),
                server.openConnections());
    }
}
