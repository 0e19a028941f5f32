package dev.fanout.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Throughput side by side: each client sends 100,000 GETs of one small file over 64 keep-alive
 * connections to nginx with one worker process, as one batch, in a JVM of its own; {@code wrk -t1
 * -c64} against the same nginx in the same run is the reference. Prints, per body length,
 * each client's median requests per second and its ratio to wrk's. Every answer must be a 200
 * with the body's length: each client with one that is not is printed after the tables
 * ({@code WRONG: ...}), and fails the run (exit 1) if it is fanout; a peer's process that fails
 * is printed the same way, and a peer that is not on the machine is skipped.
 *
 * <pre>
 * apt-get install -y nginx wrk      # once
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.ThroughputBench
 * </pre>
 *
 * Options: {@code --requests 100000}, {@code --connections 64}, {@code --bodies 16,16384},
 * {@code --rounds 3} (measured batches per client, and wrk runs), {@code --warmups 2},
 * {@code --contenders fanout,reactor-netty} (any of {@link Contender}'s), {@code --wrk-seconds 5}
 * (0: no wrk), {@code --nginx nginx}, {@code --wrk wrk}, {@code --dir DIR} (nginx's working
 * directory, default {@code nginx/} beside the benchmark jar, so {@code bench/target/nginx}),
 * {@code --jvm-options OPTIONS} (every JVM client's; default {@link #DEFAULT_JVM_OPTIONS}),
 * {@code --client-cpus 0} and {@code --client-classpath PATH} as in
 * {@link FanOutBench}, {@code --node
 * node}, {@code --python /usr/bin/python3} (for {@code node-fetch} and {@code aiohttp}).
 */
public final class ThroughputBench {

    /**
     * Every JVM client's options: a fixed heap, touched as the JVM starts. 100,000 answers are
     * all held until a batch returns (16 KiB each is 1.6 GB of bodies), and with the heap's
     * default sizing the collector grows and gives back memory between rounds: the first
     * touches of new pages then count as the loop thread's kernel time: at 16 KiB one process's
     * rounds ran from 28,353 to 53,333 requests/s (bench/README.md). And the JDK's throughput
     * collector, Parallel, in place of the default G1: with it at 16 B fanout, Reactor Netty and
     * Jetty each made 6-10% more requests a second than with G1 in the same run; at 16 KiB
     * fanout and Reactor Netty about the same and Jetty 12% fewer (bench/README.md, "The
     * throughput collector"). And jdk.internal.misc exported, so that Netty may hand out byte
     * arrays it did not zero, as do fanout's body buffers (and Netty's heap buffers, for the
     * peers on Netty): at 16 KiB it gave fanout 1.05x, the zeroing having had 15% of the loop
     * thread (bench/README.md, "Body arrays not zeroed first"). And a young generation of 6 GB,
     * its size fixed: a batch's 1.6 GB of results then die young, where with 4 GB in all the
     * young collections in each batch copied the kept bodies to the old generation, 124-282 ms
     * of pauses a batch; fanout's fetchAll made 1.13-1.16x the requests a second at 16 KiB with
     * it, Jetty 1.26-1.44x; at 16 B no clear change (fanout 0.96-0.99x in three pairs, the
     * rounds overlapping; bench/README.md, "Room in the young generation for a batch").
     */
    static final String DEFAULT_JVM_OPTIONS = "-Xms8g -Xmx8g -Xmn6g -XX:-UseAdaptiveSizePolicy -XX:+AlwaysPreTouch"
            + " -XX:+UseParallelGC --add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    private ThroughputBench() {}

    /** Runs the comparison; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int requests = Integer.parseInt(options.getOrDefault("requests", "100000"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "64"));
        int[] bodies = Arrays.stream(options.getOrDefault("bodies", "16,16384").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int warmups = Integer.parseInt(options.getOrDefault("warmups", "2"));
        List<String> contenders = List.of(
                options.getOrDefault("contenders", "fanout,reactor-netty").split(","));
        int wrkSeconds = Integer.parseInt(options.getOrDefault("wrk-seconds", "5"));
        String nginx = options.getOrDefault("nginx", "nginx");
        WrkRun wrk = new WrkRun(options.getOrDefault("wrk", "wrk"), connections, wrkSeconds);
        Path dir = options.containsKey("dir") ? Path.of(options.get("dir")) : defaultDir();
        String node = options.getOrDefault("node", "node");
        String python = options.getOrDefault("python", "/usr/bin/python3");
        List<String> jvmOptions = List.of(
                options.getOrDefault("jvm-options", DEFAULT_JVM_OPTIONS).trim().split("\\s+"));
        ContenderProcess process = new ContenderProcess(
                jvmOptions, options.get("client-cpus"), options.get("client-classpath"), node, python);

        System.out.printf(
                "throughput: %,d GETs over %d keep-alive connections to %s (1 worker) on loopback, as one"
                        + " batch; median of %d batches after %d warm-up batches, each client in a JVM of its"
                        + " own (%s); %s × %d beside them; %d core(s), clients on %s; Java %s%n",
                requests,
                connections,
                NginxServer.version(nginx),
                rounds,
                warmups,
                String.join(" ", jvmOptions),
                wrkSeconds > 0 ? wrk.describe() : "no wrk",
                rounds,
                Runtime.getRuntime().availableProcessors(),
                options.containsKey("client-cpus") ? "CPUs " + options.get("client-cpus") : "all cores",
                System.getProperty("java.version"));
        List<String> failures = new ArrayList<>();
        try (NginxServer server = NginxServer.start(nginx, Files.createDirectories(dir), bodies)) {
            for (int length : bodies) {
                String url = server.url(length);
                checkServed(url, length);
                List<Row> rows = new ArrayList<>();
                if (wrkSeconds > 0) {
                    new WrkRun(wrk.executable(), connections, 1).requestsPerSecond(url); // nginx's caches
                    double[] rates = new double[rounds];
                    for (int i = 0; i < rounds; i++) {
                        rates[i] = wrk.requestsPerSecond(url);
                    }
                    rows.add(new Row(wrk.describe(), rates, -1));
                }
                List<String> urls = Collections.nCopies(requests, url);
                List<String> notes = new ArrayList<>();
                for (String contender : contenders) {
                    if (FanOutProcess.skipped(contender, node, python, notes)) {
                        continue;
                    }
                    ContenderResult run;
                    try {
                        run = process.run(contender, urls, connections, warmups, rounds, length);
                    } catch (IllegalStateException e) {
                        failures.add(contender + ", body " + length + " B: " + BatchOutcome.clean(e.getMessage()));
                        continue;
                    }
                    double[] rates = Arrays.stream(run.walls())
                            .mapToDouble(ms -> requests * 1000.0 / Math.max(1, ms))
                            .toArray();
                    rows.add(new Row(contender, rates, run.ok()));
                    if (run.ok() != requests) {
                        failures.add(String.format(
                                "%s, body %d B: %,d of %,d answers were a 200 with a %d-byte body",
                                contender, length, run.ok(), requests, length));
                    }
                }
                print(length, requests, rows);
                notes.forEach(System.out::println);
            }
        }
        // A peer's wrong answers are a result, printed; fanout's (or a bench that cannot run) fail it.
        failures.forEach(failure -> System.out.println("WRONG: " + failure));
        if (failures.stream().anyMatch(failure -> failure.startsWith("fanout"))) {
            System.exit(1);
        }
    }

    /** Fails unless nginx answers {@code url} with a 200 and the body written for it. */
    private static void checkServed(String url, int length) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200 || !Arrays.equals(response.body(), NginxServer.body(length))) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + " with "
                    + response.body().length + " bytes (expected: 200 with " + length + ")");
        }
    }

    private static void print(int length, int requests, List<Row> rows) {
        double wrkRate = rows.stream()
                .filter(row -> row.expected < 0)
                .mapToDouble(Row::median)
                .findFirst()
                .orElse(0);
        System.out.printf("%nbody %d B%n", length);
        System.out.println("| client | median requests/s | rounds requests/s | × wrk's | expected answers |");
        System.out.println("|---|---|---|---|---|");
        for (Row row : rows) {
            System.out.printf(
                    "| %s | %.0f | %s | %s | %s |%n",
                    row.client,
                    row.median(),
                    Arrays.stream(row.rates)
                            .mapToObj(rate -> String.format("%.0f", rate))
                            .collect(Collectors.joining(",")),
                    wrkRate > 0 ? String.format("%.2f", row.median() / wrkRate) : "-",
                    row.expected < 0 ? "-" : row.expected + " of " + requests);
        }
    }

    /** Returns {@code nginx/} beside the benchmark jar (or beside the classes folder). */
    private static Path defaultDir() throws URISyntaxException {
        Path code = Path.of(ThroughputBench.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return code.toAbsolutePath().getParent().resolve("nginx");
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --requests 100000 --connections 64 --bodies 16,16384"
                        + " --rounds 3 --contenders fanout,reactor-netty (got: " + args[i] + ")");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** One client's rates; {@code expected} is its fewest right answers in a batch, -1 for wrk. */
    private record Row(String client, double[] rates, int expected) {

        double median() {
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }
    }
}
