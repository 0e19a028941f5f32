package dev.fanout.bench;

import dev.fanout.testkit.SlowEndpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * threads it brings.
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
        try (SlowEndpoints server = SlowEndpoints.start()) {
            warmUp(server, Arrays.stream(sizes).max().orElse(1000), delay, warmups);
            for (int n : sizes) {
                List<Run> runs = new ArrayList<>();
                for (String contender : contenders) {
                    server.reset();
                    List<String> urls = server.delayed(n, delay);
                    Run run = runChild(contender, urls, n, warmups, rounds, options.get("client-cpus"));
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

    private static Run runChild(
            String contender, List<String> urls, int maxConnections, int warmups, int rounds, String cpus)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile("fanout-bench-urls", ".txt");
        try {
            Files.write(file, urls);
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>();
            if (cpus != null) {
                command.addAll(List.of("taskset", "-c", cpus));
            }
            command.addAll(List.of(
                    java,
                    "-Xmx2g",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ContenderRun.class.getName(),
                    contender,
                    file.toString(),
                    String.valueOf(maxConnections),
                    String.valueOf(warmups),
                    String.valueOf(rounds)));
            Process child =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String result = null;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("RESULT ")) {
                        result = line;
                    }
                }
            }
            int exit = child.waitFor();
            if (result == null) {
                throw new IllegalStateException(contender + ": no result (exit " + exit + ")");
            }
            return Run.parse(result);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void print(int n, List<Run> runs) {
        long fanoutWall = runs.stream()
                .filter(r -> r.contender.equals("fanout"))
                .findFirst()
                .map(Run::medianWall)
                .orElse(0L);
        System.out.printf("%nN = %d%n", n);
        System.out.println("| client | median wall ms | rounds ms | × fanout's wall | 200s | threads added (peak) "
                + "| peak heap MiB | server peak in flight |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Run run : runs) {
            String ratio = fanoutWall > 0 ? String.format("%.2f", (double) run.medianWall() / fanoutWall) : "-";
            System.out.printf(
                    "| %s | %d | %s | %s | %d | %d | %d | %d |%n",
                    run.contender,
                    run.medianWall(),
                    run.walls,
                    ratio,
                    run.ok,
                    run.threadsPeak - run.threadsBefore,
                    run.heapPeakMiB,
                    run.serverPeak);
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

    /** One contender's line of results. */
    private record Run(
            String contender,
            String walls,
            int ok,
            int threadsBefore,
            int threadsPeak,
            long heapPeakMiB,
            int serverPeak) {

        static Run parse(String line) {
            String[] parts = line.split(" ");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 2; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                fields.put(kv[0], kv[1]);
            }
            return new Run(
                    parts[1],
                    fields.get("walls"),
                    Integer.parseInt(fields.get("ok")),
                    Integer.parseInt(fields.get("threadsBefore")),
                    Integer.parseInt(fields.get("threadsPeak")),
                    Long.parseLong(fields.get("heapPeakMiB")),
                    0);
        }

        Run withServerPeak(int peak) {
            return new Run(contender, walls, ok, threadsBefore, threadsPeak, heapPeakMiB, peak);
        }

        long medianWall() {
            long[] sorted = Arrays.stream(walls.split(","))
                    .mapToLong(Long::parseLong)
                    .sorted()
                    .toArray();
            return sorted[sorted.length / 2];
        }
    }
}
