package dev.fanout.bench;

import dev.fanout.testkit.SlowEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * ones, each with a new client), {@code --contenders} (default: every one, see
 * {@link #ALL}), {@code --probe-size 10000} (at that N, each process also sends a probe batch held
 * {@code --probe-hold-ms 2000}, sampling its heap; 0: none), {@code --heap 2g} (every JVM's
 * {@code -Xmx}), {@code --node node}, {@code --python /usr/bin/python3}, {@code --timeout-minutes
 * 5} (per process), {@code --client-classpath PATH} (the JVM clients' class path, for
 * {@code compare-commits.sh}). Exits 1 if any answer was wrong or any process failed.
 */
public final class FanOutBench {

    /** Every contender, the JVM ones first. */
    static final String ALL =
            "fanout,jdk,okhttp,reactor-netty,apache-async,async-http-client,vertx,jetty,node-fetch,aiohttp";

    private static final String USAGE = "--sizes 1000,5000,10000 --server lean|wiremock --processes 5 --warmups 2"
            + " --contenders " + ALL + " --delay-ms 250 --probe-size 10000";

    private FanOutBench() {}

    /** Runs the comparison; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        List<List<FanOutRow>> all = run(BenchOptions.parse(args, USAGE));
        boolean right = all.stream().flatMap(List::stream).allMatch(FanOutRow::allRight);
        System.exit(right ? 0 : 1);
    }

    /** Runs the bench with {@code options} and returns, per N, every contender's row; prints as it goes. */
    static List<List<FanOutRow>> run(BenchOptions options) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // WireMock's start-up chatter
        int[] sizes = Arrays.stream(options.text("sizes", "1000,5000,10000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        long delay = options.longNumber("delay-ms", 250);
        int processes = options.number("processes", options.number("rounds", 5));
        int warmups = options.number("warmups", 2);
        int probeSize = options.number("probe-size", 10_000);
        long probeHold = options.longNumber("probe-hold-ms", 2_000);
        String serverKind = options.text("server", "lean");
        List<String> contenders = List.of(options.text("contenders", ALL).split(","));
        FanOutProcess process = new FanOutProcess(
                options.text("heap", "2g"),
                options.text("client-classpath", null),
                options.text("node", "node"),
                options.text("python", "/usr/bin/python3"),
                options.number("timeout-minutes", 5));
        System.out.printf(
                "fan-out: every URL held %d ms by %s; %d process(es) per client and N, %d warm-up batches each;"
                        + " %d core(s); Java %s; load average %s%n",
                delay,
                serverKind.equals("wiremock") ? "the testkit's WireMock" : "a lean Netty server (one thread, timers)",
                processes,
                warmups,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                LoadAverage.now());
        List<List<FanOutRow>> results = new ArrayList<>();
        try (Server server = serverKind.equals("wiremock") ? new Wiremock() : new Lean()) {
            for (int n : sizes) {
                List<String> urls = server.urls(n, delay);
                List<String> probe = n == probeSize && server.probes() ? server.urls(n, probeHold) : null;
                List<List<FanOutSample>> samples = new ArrayList<>();
                String[] skipped = new String[contenders.size()];
                String[] failed = new String[contenders.size()];
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
                                    warmups,
                                    server.bodyLength(),
                                    server::resetPeak,
                                    server::peak);
                            samples.get(c).add(sample);
                            System.out.printf(
                                    "  N = %d, %s, process %d of %d: first %d ms, fresh %d ms, warm %d ms (load %s)%n",
                                    n,
                                    contenders.get(c),
                                    p + 1,
                                    processes,
                                    sample.wall("cold"),
                                    sample.wall("fresh"),
                                    sample.wall("warm"),
                                    LoadAverage.now());
                        } catch (Exception | Error e) {
                            failed[c] = failed[c] != null ? failed[c] : BatchOutcome.clean(e.toString());
                        }
                    }
                }
                List<FanOutRow> rows = new ArrayList<>();
                for (int c = 0; c < contenders.size(); c++) {
                    rows.add(new FanOutRow(contenders.get(c), n, samples.get(c), skipped[c], failed[c]));
                }
                System.out.printf("%nN = %d%n", n);
                System.out.printf("load average after: %s%n%n", LoadAverage.now());
                FanOutReport.walls(rows, delay).forEach(System.out::println);
                System.out.println();
                FanOutReport.costs(rows).forEach(System.out::println);
                results.add(rows);
            }
        }
        return results;
    }

    /** The server under the batches: its URLs, the body every answer has, and its peak of requests held. */
    private interface Server extends AutoCloseable {
        List<String> urls(int n, long holdMillis) throws Exception;

        int bodyLength();

        boolean probes();

        void resetPeak();

        int peak() throws Exception;
    }

    /** {@link LeanHttpServer} with {@link HeldRequests}. */
    private static final class Lean implements Server {
        private final HeldRequests model = new HeldRequests();
        private final LeanHttpServer server = LeanHttpServer.start(model);

        Lean() throws InterruptedException {}

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

        @Override
        public void resetPeak() {
            try {
                server.reset(model::reset);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int peak() throws Exception {
            return server.call(model::peak);
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
        public void resetPeak() {
            server.reset();
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
