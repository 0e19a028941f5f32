package dev.fanout.bench;

import dev.fanout.testkit.SlowEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fan-out side by side: each client fetches N URLs that the testkit's embedded server holds for
 * the same delay, all at once, in a JVM of its own (so that its threads and heap are its own),
 * against one server in this JVM. Prints, per N, each client's median wall time and its ratio
 * to fanout's, the threads it added, its peak heap, and the server's peak of requests held.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.FanOutBench --sizes 1000,5000
 * </pre>
 *
 * Options: {@code --sizes 1000,5000}, {@code --delay-ms 250}, {@code --rounds 3}, {@code --warmups 5},
 * {@code --contenders fanout,jdk,okhttp,reactor-netty,apache-async}, and
 * {@code --client-cpus 0}: run each client pinned to those CPUs ({@code taskset -c}); start the
 * bench itself under {@code taskset -c 1} to keep the server off them. Unpinned, the clients and
 * the server's threads share the cores, and a client's share of them depends on how many
 * threads it brings. {@code --client-classpath PATH}: the clients' class path (default: this
 * JVM's), for running the same bench against another build of fanout, as
 * {@code bench/compare-commits.sh} does.
 */
public final class FanOutBench {

    private FanOutBench() {}

    /** Runs the comparison; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the server's start-up chatter
        Map<String, String> options = parse(args);
        int[] sizes = Arrays.stream(options.getOrDefault("sizes", "1000,5000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        Duration delay = Duration.ofMillis(Long.parseLong(options.getOrDefault("delay-ms", "250")));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int warmups = Integer.parseInt(options.getOrDefault("warmups", "5"));
        List<String> contenders =
                List.of(options.getOrDefault("contenders", "fanout,jdk,okhttp,reactor-netty,apache-async")
                        .split(","));

        System.out.printf(
                "fan-out: every URL held %d ms by the testkit; median of %d rounds after %d warm-up"
                        + " batches (server warmed up first); server on %d core(s), clients on %s; Java %s%n",
                delay.toMillis(),
                rounds,
                warmups,
                Runtime.getRuntime().availableProcessors(),
                options.containsKey("client-cpus") ? "CPUs " + options.get("client-cpus") : "all cores",
                System.getProperty("java.version"));
        ContenderProcess process =
                new ContenderProcess("2g", options.get("client-cpus"), options.get("client-classpath"));
        try (SlowEndpoints server = SlowEndpoints.start()) {
            warmUp(server, Arrays.stream(sizes).max().orElse(1000), delay, warmups);
            for (int n : sizes) {
                List<ContenderResult> runs = new ArrayList<>();
                for (String contender : contenders) {
                    server.reset();
                    List<String> urls = server.delayed(n, delay);
                    ContenderResult run = process.run(contender, urls, n, warmups, rounds, -1);
                    runs.add(run.withServerPeak(server.peakInFlight()));
                }
                print(n, runs);
            }
        }
    }

    /**
     * Warms the server up (its JIT, its thread pools) with the JDK's client before any contender
     * runs, so that the first contender does not meet a colder server than the last.
     */
    private static void warmUp(SlowEndpoints server, int n, Duration delay, int batches) throws Exception {
        try (Contender jdk = Contender.create("jdk", n)) {
            for (int i = 0; i < batches; i++) {
                server.reset();
                jdk.fetchAll(server.delayed(n, delay));
            }
        }
    }

    private static void print(int n, List<ContenderResult> runs) {
        long fanoutWall = runs.stream()
                .filter(r -> r.contender().equals("fanout"))
                .findFirst()
                .map(ContenderResult::medianWall)
                .orElse(0L);
        System.out.printf("%nN = %d%n", n);
        System.out.println("| client | median wall ms | rounds ms | × fanout's wall | 200s | threads added (peak) "
                + "| peak heap MiB | server peak in flight |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (ContenderResult run : runs) {
            String ratio = fanoutWall > 0 ? String.format("%.2f", (double) run.medianWall() / fanoutWall) : "-";
            System.out.printf(
                    "| %s | %d | %s | %s | %d | %d | %d | %d |%n",
                    run.contender(),
                    run.medianWall(),
                    run.wallsText(),
                    ratio,
                    run.ok(),
                    run.threadsPeak() - run.threadsBefore(),
                    run.heapPeakMiB(),
                    run.serverPeak());
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --sizes 1000,5000 --delay-ms 250 --rounds 3"
                        + " --contenders fanout,jdk,... (got: " + args[i] + ")");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
