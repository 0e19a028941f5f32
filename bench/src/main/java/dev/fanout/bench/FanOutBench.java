package dev.fanout.bench;

import dev.fanout.testkit.SlowEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fan-out side by side: each client fetches N distinct URLs that the server holds 250 ms each,
 * all at once, in a process of its own (a JVM for the Java clients, Node for fetch, Python for
 * aiohttp), so that its threads, CPU time and memory are its own. Each process measures three
 * variants ({@link FanOutChild}): its very first batch (a fresh JVM or interpreter), a batch of a
 * new client once warm (fresh connections), and that client's next batch (a warm pool). The
 * contenders take turns process by process, so that noise on the machine falls on all of them.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.FanOutBench --sizes 1000,5000,10000
 * </pre>
 *
 * <p>The server: {@code --server lean} (default), a {@link LeanHttpServer} on one Netty thread in
 * this JVM that holds each request on a timer ({@link HeldRequests}) and counts the most held at
 * once; or {@code --server wiremock}, the testkit's WireMock (meant for N = 1,000: at 5,000 its
 * threads, not the client, set the figures). Options: {@code --sizes 1000,5000,10000},
 * {@code --delay-ms 250}, {@code --processes 5} (one sample of each variant per process;
 * {@code --rounds} is the same), {@code --warmups 2} (batches between the first and the measured
 * ones, in pairs on a new client each: new connections, then its pool), {@code --warmup-requests 20000} (more warm-up batches where
 * {@code --warmups} would send fewer requests: at N = 1,000, 20 batches; see {@link
 * #warmupBatches}), {@code --jit-warmups 10} (at most this many warm-up batches more in a JVM
 * while its JIT still compiles; see {@link FanOutChild}), {@code --port-reuse-wait-ms} (see {@link
 * Lean#beforeBatch}; the kernel's {@code tcp_tw_reuse_delay} unless given), {@code --contenders} (default: every one, see
 * {@link #ALL}), {@code --probe-size 10000} (at that N, each process also sends a probe batch held
 * {@code --probe-hold-ms 2000}, sampling its heap; 0: none), {@code --heap 2g} (every JVM's
 * heap, {@code -Xms} and {@code -Xmx}: {@link FanOutProcess#heapOptions}), {@code --node node}, {@code --python /usr/bin/python3}, {@code --timeout-minutes
 * 5} (per process), {@code --client-classpath PATH} (the JVM clients' class path, for
 * {@code compare-commits.sh}). Exits 1 if any answer was wrong or any process failed.
 */
public final class FanOutBench {

    /**
     * Every contender, the JVM ones first; fanout twice, with the default JVM options and the small
     * heap; last {@code netty-bare}, not a client but the one-thread floor fanout is measured against.
     */
    static final String ALL =
            "fanout,fanout-xmx64m,jdk,okhttp,reactor-netty,apache-async,async-http-client,vertx,jetty,node-fetch,aiohttp,netty-bare";

    private static final String USAGE = "--sizes 1000,5000,10000 --server lean|wiremock --processes 5 --warmups 2"
            + " --warmup-requests 20000 --jit-warmups 10 --port-reuse-wait-ms 1000"
            + " --contenders " + ALL + " --delay-ms 250 --probe-size 10000";

    private FanOutBench() {}

    /** Runs the comparison; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        List<List<FanOutRow>> all = run(BenchOptions.parse(args, USAGE));
        System.exit(fanoutRight(all) ? 0 : 1);
    }

    /**
     * Returns whether every answer fanout's rows got was right and none of its processes failed,
     * after printing every row, of fanout or a peer, where that was not so. A peer's failure is a
     * result to report, not a broken bench: it fails neither FanOutBench nor AllBench.
     */
    static boolean fanoutRight(List<List<FanOutRow>> all) {
        List<String> failures = all.stream()
                .flatMap(rows -> FanOutReport.failures(rows).stream())
                .toList();
        if (!failures.isEmpty()) {
            System.out.println();
            System.out.println("WRONG ANSWERS OR FAILED PROCESSES (a peer's are reported, fanout's fail the run):");
            failures.forEach(System.out::println);
        }
        return all.stream().flatMap(List::stream).filter(FanOutRow::isFanout).allMatch(FanOutRow::allRight);
    }

    /** Runs the bench with {@code options} and returns, per N, every contender's row; prints as it goes. */
    static List<List<FanOutRow>> run(BenchOptions options) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // WireMock's start-up chatter
        int[] sizes = Arrays.stream(options.text("sizes", "1000,5000,10000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        long delay = options.longNumber("delay-ms", 250);
        int processes = options.number("processes", options.number("rounds", 5));
        int warmups = warmups(options);
        int warmupRequests = warmupRequests(options);
        int jitWarmups = jitWarmups(options);
        long portReuseWait = portReuseWait(options);
        int probeSize = options.number("probe-size", 10_000);
        long probeHold = options.longNumber("probe-hold-ms", 2_000);
        String serverKind = options.text("server", "lean");
        List<String> contenders = List.of(options.text("contenders", ALL).split(","));
        FanOutProcess process = new FanOutProcess(
                options.text("heap", "2g"),
                options.text("client-classpath", null),
                options.text("node", "node"),
                options.text("python", "/usr/bin/python3"),
                options.number("timeout-minutes", 5),
                FanOutProcess.descriptorLimit(),
                jitWarmups);
        System.out.printf(
                "fan-out: every URL held %d ms by %s; %d process(es) per client and N, %d warm-up batches each"
                        + " (more where they would send under %,d requests, and up to %d more in a JVM until its JIT"
                        + " is quiet);"
                        + " %d core(s); Java %s; every process's descriptor limit %,d; load average %s%n",
                delay,
                serverKind.equals("wiremock")
                        ? "the testkit's WireMock"
                        : "a lean Netty server (one thread, timers; a measured batch on new connections starts once"
                                + " the last connections closed " + portReuseWait + " ms ago, when the kernel"
                                + " may reuse their ports)",
                processes,
                warmups,
                warmupRequests,
                jitWarmups,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                process.descriptors(),
                LoadAverage.now());
        int largest = Arrays.stream(sizes).max().orElse(0);
        if (process.descriptors() < largest + FanOutProcess.DESCRIPTOR_HEADROOM) {
            System.out.printf(
                    "WARNING: a descriptor limit of %,d is under N + %,d for N = %,d: a client's connections may"
                            + " not fit (raise the hard limit, ulimit -Hn, before starting the bench)%n",
                    process.descriptors(), FanOutProcess.DESCRIPTOR_HEADROOM, largest);
        }
        String shortQueue = serverKind.equals("wiremock") ? null : ListenQueue.warning(largest);
        if (shortQueue != null) {
            System.out.println("WARNING: " + shortQueue);
        }
        List<List<FanOutRow>> results = new ArrayList<>();
        try (Server server = serverKind.equals("wiremock") ? new Wiremock() : new Lean(portReuseWait)) {
            for (int n : sizes) {
                long overflowsBefore = ListenQueue.overflows();
                List<String> urls = server.urls(n, delay);
                List<String> probe = n == probeSize && server.probes() ? server.urls(n, probeHold) : null;
                List<List<FanOutSample>> samples = new ArrayList<>();
                String[] skipped = new String[contenders.size()];
                String[] failed = new String[contenders.size()];
                int[] failures = new int[contenders.size()];
                for (int c = 0; c < contenders.size(); c++) {
                    samples.add(new ArrayList<>());
                    skipped[c] = process.unavailable(contenders.get(c));
                }
                for (int p = 0; p < processes; p++) {
                    for (int c = 0; c < contenders.size(); c++) {
                        if (skipped[c] != null) {
                            continue;
                        }
                        try {
                            FanOutSample sample = process.run(
                                    contenders.get(c),
                                    urls,
                                    probe,
                                    warmupBatches(warmups, warmupRequests, n),
                                    server.bodyLength(),
                                    server::beforeBatch,
                                    server::peak);
                            samples.get(c).add(sample);
                            System.out.printf(
                                    "  N = %d, %s, process %d of %d: first %d ms, fresh %d ms, warm %d ms%s (load %s)%n",
                                    n,
                                    contenders.get(c),
                                    p + 1,
                                    processes,
                                    sample.wall("cold"),
                                    sample.wall("fresh"),
                                    sample.wall("warm"),
                                    sample.warmups() < 0
                                            ? ""
                                            : "; " + sample.warmups() + " warm-up batches, JIT " + sample.freshJitMs()
                                                    + " ms in the fresh batch",
                                    LoadAverage.now());
                        } catch (Exception | Error e) {
                            failed[c] = failed[c] != null ? failed[c] : BatchOutcome.clean(e.toString());
                            failures[c]++;
                            System.out.printf(
                                    "  N = %d, %s, process %d of %d: FAILED: %s%n",
                                    n, contenders.get(c), p + 1, processes, BatchOutcome.clean(e.toString()));
                        }
                    }
                }
                List<FanOutRow> rows = new ArrayList<>();
                for (int c = 0; c < contenders.size(); c++) {
                    rows.add(new FanOutRow(contenders.get(c), n, samples.get(c), skipped[c], failed[c], failures[c]));
                }
                System.out.printf("%nN = %d%n", n);
                System.out.printf(
                        "load average after: %s%s%n%n", LoadAverage.now(), ListenQueue.since(overflowsBefore));
                FanOutReport.walls(rows, delay).forEach(System.out::println);
                System.out.println();
                FanOutReport.costs(rows).forEach(System.out::println);
                results.add(rows);
            }
        }
        return results;
    }

    /**
     * Returns how many warm-up batches of {@code n} URLs a process sends: {@code warmups}, or as
     * many as make {@code requests} requests if that is more. A JVM compiles a method once it has
     * run often enough, so a count of batches warms a small batch less than a large one: fanout's
     * fresh batch at 5,000 after 2 warm-up batches took 669-751 ms with 1.8-2.2 CPU s per 10,000
     * requests, after 8 (40,000 requests) 562-589 ms with 0.80-0.88 (3 processes each,
     * 2026-12-05 07:28-07:37 and 07:40-07:48 UTC): the process's compiler threads, not the client.
     */
    static int warmupBatches(int warmups, int requests, int n) {
        return n <= 0 ? warmups : Math.max(warmups, (requests + n - 1) / n);
    }

    /** Returns the warm-up batches of {@code n} URLs that {@code --warmups} and {@code --warmup-requests} ask for. */
    static int warmupBatches(BenchOptions options, int n) {
        return warmupBatches(warmups(options), warmupRequests(options), n);
    }

    private static int warmups(BenchOptions options) {
        return options.number("warmups", 2);
    }

    private static int warmupRequests(BenchOptions options) {
        return options.number("warmup-requests", 20_000);
    }

    /** Returns {@code --jit-warmups}: the most warm-up batches more a JVM sends while its JIT compiles. */
    static int jitWarmups(BenchOptions options) {
        return options.number("jit-warmups", 10);
    }

    /** Returns {@code --port-reuse-wait-ms}: the kernel's {@code tcp_tw_reuse_delay} unless told. */
    static long portReuseWait(BenchOptions options) {
        return options.longNumber("port-reuse-wait-ms", Lean.PORT_REUSE_MILLIS);
    }

    /** The server under the batches: its URLs, the body every answer has, and its peak of requests held. */
    interface Server extends AutoCloseable {
        List<String> urls(int n, long holdMillis) throws Exception;

        int bodyLength();

        boolean probes();

        /**
         * Readies the server for a batch of {@code kind} ({@code cold}, {@code warmup}, {@code
         * warmup-reuse}, {@code fresh}, {@code warm}, {@code probe}): resets its peak and, where it
         * can count them, waits until the connections of the clients before are closed, unless the
         * batch is to reuse them ({@link FanOutChild#reusesConnections}).
         */
        void beforeBatch(String kind);

        int peak() throws Exception;
    }

    /** {@link LeanHttpServer} with {@link HeldRequests}. */
    static final class Lean implements Server {
        private static final long DRAIN_MILLIS = 30_000;
        /** Linux's {@code tcp_tw_reuse_delay} where it has one, else the 1 s it had fixed. */
        static final long PORT_REUSE_MILLIS = portReuseMillis();

        private final HeldRequests model = new HeldRequests();
        private final LeanHttpServer server = LeanHttpServer.start(model);
        private final long portReuseWait;

        /** @param portReuseWait ms since the last connection closed that a cold or fresh batch waits for */
        Lean(long portReuseWait) throws InterruptedException {
            this.portReuseWait = portReuseWait;
        }

        @Override
        public List<String> urls(int n, long holdMillis) {
            return HeldRequests.urls(server, n, holdMillis);
        }

        @Override
        public int bodyLength() {
            return 3; // LeanHttpServer's "ok\n"
        }

        @Override
        public boolean probes() {
            return true;
        }

        /**
         * Waits until no connection of the clients before is open (at most {@link #DRAIN_MILLIS}),
         * so that a batch on new connections does not share the descriptors of either side with
         * the last client's idle ones: the JDK's client closes its pool only once collected, and
         * Node's global dispatcher keeps the first batch's sockets for 4 s. Without it, at 10,000
         * two pools at once passed a 20,000 descriptor limit ("Too many open files").
         *
         * <p>Before a measured batch on new connections ({@code cold}, {@code fresh}) it also waits
         * until the last connection closed {@link #PORT_REUSE_MILLIS} ago ({@code --port-reuse-wait-ms};
         * the quick subset's 0: its 500 connections a batch leave the kernel ports to spare). The kernel reuses a
         * loopback port its socket left in TIME_WAIT only after {@code tcp_tw_reuse_delay}, so a
         * batch opened sooner spends its connect() calls searching past the last batch's ports. Batches
         * of 10,000 held 250 ms, each on a new fanout client opened 0, 250, 500 and 1,100 ms after
         * the last one closed, took 1,340-1,497, 1,152-1,204, 878-925 and 767-845 ms, with 94-107,
         * 80-85, 50-57 and 40-49 µs of the loop's kernel time per connection (perf: {@code
         * __inet_hash_connect}, {@code __inet_check_established}). That is the bench's cadence, not
         * the client: a service does not open 10,000 connections to one address each second.
         */
        @Override
        public void beforeBatch(String kind) {
            try {
                if (!FanOutChild.reusesConnections(kind)) {
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
                    while (server.openConnections() > 0 && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    if (server.openConnections() > 0) {
                        System.out.printf(
                                "  %,d connections still open %d ms after the %s batch was announced%n",
                                server.openConnections(), DRAIN_MILLIS, kind);
                    }
                }
                if (kind.equals("cold") || kind.equals("fresh")) {
                    long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - server.lastClosedNanos());
                    Thread.sleep(Math.max(0, portReuseWait - since));
                }
                server.reset(model::reset);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int peak() throws Exception {
            return server.call(model::peak);
        }

        private static long portReuseMillis() {
            try { // one read: a sysctl file read from an offset past 0 reads as ended (readString read "1")
                return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_tw_reuse_delay"))
                        .get(0)
                        .trim());
            } catch (IOException | RuntimeException e) {
                return 1_000; // not Linux, or a kernel before the setting
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** The testkit's WireMock, warmed up first with the JDK's client (its JIT, its thread pools). */
    private static final class Wiremock implements Server {
        private final SlowEndpoints server = SlowEndpoints.start();

        @Override
        public List<String> urls(int n, long holdMillis) throws Exception {
            try (Contender jdk = Contender.create("jdk", n)) {
                for (int i = 0; i < 3; i++) {
                    server.reset();
                    jdk.fetchAll(server.delayed(n, Duration.ofMillis(holdMillis)));
                }
            }
            return server.delayed(n, Duration.ofMillis(holdMillis));
        }

        @Override
        public int bodyLength() {
            return -1; // a delayed answer's body says its delay: its length varies
        }

        @Override
        public boolean probes() {
            return false; // the probe's long holds would tie up WireMock's threads
        }

        @Override
        public void beforeBatch(String kind) {
            server.reset(); // no count of open connections; N = 1,000 leaves room for two pools
        }

        @Override
        public int peak() {
            return server.peakInFlight();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
