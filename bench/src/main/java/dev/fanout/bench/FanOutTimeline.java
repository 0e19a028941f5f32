package dev.fanout.bench;

import dev.fanout.client.EventListener;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a fresh batch's time goes on the loop thread: {@code --batches} (14) batches of
 * {@code --size} (5,000) URLs held {@code --hold-ms} (250) by a {@link LeanHttpServer} in a
 * process of its own, one after another in this JVM, each on a new client. For each batch it
 * prints the wall time and, for six events of the requests' lives (admitted, connect started,
 * connect ended, request sent, response ended, call ended), when the first, the median, the
 * 90th percentile and the last of them came, in ms after {@code fetchAll} began (read with
 * {@link System#nanoTime()} in an {@link EventListener}, on the loop thread). At the end, the
 * median wall of the batches from {@code --count-from} (7: the earlier ones run while the JIT
 * compiles) on. A tool for profiling the client, not one of AllBench's workloads.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.FanOutTimeline [--size 5000] [--batches 14]
 *     [--count-from 7] [--hold-ms 250]
 * </pre>
 */
public final class FanOutTimeline {

    private static final String[] EVENTS = {
        "callStart", "connectStart", "connectEnd", "requestSent", "responseEnd", "callEnd"
    };

    private FanOutTimeline() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--serve")) {
            LeanHttpServer server = LeanHttpServer.start(new HeldRequests());
            System.out.println(server.url(""));
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE); // until the parent ends this process
        }
        BenchOptions options =
                BenchOptions.parse(args, "FanOutTimeline [--size N] [--batches N] [--count-from N] [--hold-ms N]");
        int size = options.number("size", 5000);
        int batches = options.number("batches", 14);
        int countFrom = options.number("count-from", 7);
        int holdMillis = options.number("hold-ms", 250);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = ChildProcesses.builder(List.of(
                        java, "-cp", System.getProperty("java.class.path"), FanOutTimeline.class.getName(), "--serve"))
                .start();
        try {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String base = lines.readLine();
            while (base != null && !base.startsWith("http://")) { // "Picked up JAVA_TOOL_OPTIONS", say
                base = lines.readLine();
            }
            if (base == null) {
                throw new IllegalStateException("the server's process ended before it gave its URL");
            }
            List<String> urls = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                urls.add(base + "/held/" + holdMillis + "/" + i);
            }
            List<Long> counted = new ArrayList<>();
            for (int batch = 1; batch <= batches; batch++) {
                Thread.sleep(500); // the last batch's connections close at the server
                System.gc();
                long wall = batch(urls, batch);
                if (batch >= countFrom) {
                    counted.add(wall);
                }
            }
            long[] walls = counted.stream().mapToLong(Long::longValue).sorted().toArray();
            if (walls.length > 0) {
                System.out.printf(
                        "batches %d to %d: median wall %d ms (%d-%d)%n",
                        countFrom, batches, walls[walls.length / 2], walls[0], walls[walls.length - 1]);
            }
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sends one batch on a new client, prints its timeline and returns its wall time in ms. */
    private static long batch(List<String> urls, int number) {
        int n = urls.size();
        long[][] at = new long[EVENTS.length][n];
        int[] seen = new int[EVENTS.length];
        EventListener marks = new EventListener() {
            private void mark(int event) {
                if (seen[event] < n) { // a retry or a replay would mark again
                    at[event][seen[event]++] = System.nanoTime();
                }
            }

            @Override
            public void callStart(Request request) {
                mark(0);
            }

            @Override
            public void connectStart(Request request, InetSocketAddress address) {
                mark(1);
            }

            @Override
            public void connectEnd(Request request) {
                mark(2);
            }

            @Override
            public void requestSent(Request request) {
                mark(3);
            }

            @Override
            public void responseEnd(Request request, long bodyBytes) {
                mark(4);
            }

            @Override
            public void callEnd(Result result) {
                mark(5);
            }
        };
        try (FanoutClient client = FanoutClient.builder()
                .eventListener(marks)
                .maxInFlight(n)
                .maxConnectionsPerHost(n)
                .build()) {
            long start = System.nanoTime();
            long ok = client.fetchAll(urls).stream().filter(Result::ok).count();
            long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            StringBuilder line = new StringBuilder("batch " + number + ": wall " + wall + " ms, " + ok + " of " + n
                    + " ok; first/median/p90/last ms:");
            for (int e = 0; e < EVENTS.length; e++) {
                long[] times = Arrays.copyOf(at[e], seen[e]);
                Arrays.sort(times);
                if (times.length > 0) {
                    int m = times.length;
                    line.append(String.format(
                            " %s %d/%d/%d/%d",
                            EVENTS[e],
                            ms(times[0] - start),
                            ms(times[m / 2] - start),
                            ms(times[m * 9 / 10] - start),
                            ms(times[m - 1] - start)));
                }
            }
            System.out.println(line);
            return wall;
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
