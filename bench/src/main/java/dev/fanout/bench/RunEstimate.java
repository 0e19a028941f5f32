package dev.fanout.bench;

import java.util.Arrays;
import java.util.List;

/**
 * How long each of {@link AllBench}'s workloads should take on a quiet 2-core machine, from its
 * exact arguments, so that the run can announce its length and RESULTS.md can set what each
 * workload took beside it. The constants come from the first full run (2026-12-04 17:19–17:55
 * UTC, 36 minutes, load 2–11): its median walls give about 0.6 s per fan-out batch at 1,000, 2.2
 * at 5,000 and 3.7 at 10,000 averaged over the peers (slow ones, the JDK's client at 10,000 with
 * 10 s and more, included), so a batch is taken as 0.25 s + 0.35 ms per URL, and a process's
 * start (a JVM, Node or Python, and the files it reads) as 1.5 s. The throughput rates are those
 * measured under load, rounded up. An estimate, not a promise: RESULTS.md says what each took.
 */
final class RunEstimate {

    private static final double PROCESS_START_SECONDS = 1.5;

    /** A JMH fork's JVM start and set-up, before its first iteration. */
    private static final double JMH_FORK_START_SECONDS = 2;

    /** The waits for the last client's connections to close (the JDK's: until its next select). */
    private static final double DRAIN_SECONDS = 0.5;

    private RunEstimate() {}

    /** Returns the seconds of one fan-out batch of {@code n} URLs, averaged over the peers. */
    private static double batchSeconds(int n) {
        return 0.25 + 0.00035 * n;
    }

    /** Returns the seconds of FanOutBench with {@code arguments} and {@code contenders} clients. */
    static long fanOut(String arguments, int contenders) {
        BenchOptions options = BenchOptions.parse(arguments.split(" "), arguments);
        int probeSize = options.number("probe-size", 10_000);
        double perRound = 0;
        double portReuseSeconds = FanOutBench.portReuseWait(options) / 1000.0;
        for (int n : sizes(options.text("sizes", "1000,5000,10000"))) {
            int warmups = FanOutBench.warmupBatches(options, n);
            int batches = 3 + warmups + (n == probeSize ? 1 : 0); // cold, fresh, warm; the probe
            double probeHold = n == probeSize ? options.longNumber("probe-hold-ms", 2_000) / 1000.0 : 0;
            perRound += contenders
                    * (PROCESS_START_SECONDS
                            + batches * batchSeconds(n)
                            + probeHold
                            + (1 + warmups) * DRAIN_SECONDS
                            + 2 * portReuseSeconds); // at most, before the first and the fresh batch
        }
        return Math.round(perRound * options.number("processes", 5));
    }

    /**
     * Returns the seconds of Http2FanOutBench with {@code arguments}: TLS makes a batch half as
     * long again, and Reactor Netty allowed N connections opens one per request, a TLS handshake
     * each (1.9 s at 1,000 in the README's quiet run; 33 s at 5,000 under a load of 9-18).
     */
    static long http2(String arguments) {
        BenchOptions options = BenchOptions.parse(arguments.split(" "), arguments);
        int batches = options.number("warmups", 3) + options.number("rounds", 3);
        double seconds = 5; // nginx, its certificate, the server's warm-up
        for (int n : sizes(options.text("sizes", "1000,10000"))) {
            for (String contender :
                    options.text("contenders", "fanout,jdk,reactor-netty").split(",")) {
                double batch = contender.equals("reactor-netty") ? 0.25 + 0.002 * n : 1.5 * batchSeconds(n);
                seconds += options.number("processes", 1) * (PROCESS_START_SECONDS + batches * batch);
            }
        }
        return Math.round(seconds);
    }

    /**
     * Returns the seconds of ThroughputBench with {@code arguments}: per body, wrk's runs and each
     * client's batches at about 30,000 requests/s for 16 B and 15,000 for 16 KiB on the JVM, and
     * 3,000 for Node's fetch and aiohttp (2,400-3,400 measured under a load of 5-8).
     */
    static long throughput(String arguments) {
        BenchOptions options = BenchOptions.parse(arguments.split(" "), arguments);
        int requests = options.number("requests", 100_000);
        int rounds = options.number("rounds", 3);
        int batches = options.number("warmups", 2) + rounds;
        double seconds = 2; // nginx
        for (int body : sizes(options.text("bodies", "16,16384"))) {
            seconds += (1 + rounds) * options.number("wrk-seconds", 5);
            for (String contender :
                    options.text("contenders", "fanout,reactor-netty").split(",")) {
                double rate = contender.equals("node-fetch") || contender.equals("aiohttp")
                        ? 3_000
                        : body <= 1024 ? 30_000 : 15_000;
                seconds += PROCESS_START_SECONDS + batches * requests / rate;
            }
        }
        return Math.round(seconds);
    }

    /**
     * Returns the seconds of CliFirstBatchBench with {@code arguments}: per round the command
     * (a JVM, its batch, its exit: about 1 s) and one fanout process; two unmeasured commands first.
     */
    static long cli(String arguments) {
        BenchOptions options = BenchOptions.parse(arguments.split(" "), arguments);
        int n = options.number("size", 1000);
        int warmups = FanOutBench.warmupBatches(options, n);
        double command = 0.5 + batchSeconds(n);
        double library = PROCESS_START_SECONDS + (3 + warmups) * batchSeconds(n) + (1 + warmups) * DRAIN_SECONDS;
        return Math.round(2 * command + options.number("processes", 5) * (command + library));
    }

    /**
     * Returns the seconds of TailBench with {@code arguments}: a batch lasts about its longest delay,
     * which of 1,000 log-normal draws is about e^(3.1 sigma) medians (1.8-4.4 s at median 100 ms,
     * sigma 1, in bench/README.md's runs), a little less with hedging; each run has its warm-up and
     * measured batches, and each client without hedging a process of its own besides.
     */
    static long tail(String arguments) {
        BenchOptions options = BenchOptions.parse(arguments.split(" "), arguments);
        double batch = 0.1 + options.decimal("median-ms", 100) / 1000 * Math.exp(3.1 * options.decimal("sigma", 1));
        int batches = options.number("warmups", TailBench.WARMUPS) + options.number("rounds", TailBench.ROUNDS);
        int runs = options.text("runs", TailBench.RUNS).split(",").length;
        String contenders = options.text("contenders", TailPeers.ALL);
        int clients = contenders.equals("none") ? 0 : contenders.split(",").length;
        return Math.round(runs * batches * batch + clients * (PROCESS_START_SECONDS + batches * batch));
    }

    /**
     * Returns the seconds of the JMH run with JMH's {@code options} ({@code -f}, {@code -wi},
     * {@code -i}, {@code -w}, {@code -r}, as numbers, times in seconds; JMH's own defaults where
     * one is missing): 4 benchmarks (2 × 2 parameters), each fork a JVM's start and its
     * iterations. For {@code -f 3 -wi 5 -i 10 -w 1 -r 1}, 204 s; 198 s measured on 2026-12-06 at
     * 17:01 UTC.
     */
    static long jmh(String options) {
        List<String> words = List.of(options.split(" "));
        double forks = jmhOption(words, "-f", 5);
        double seconds = jmhOption(words, "-wi", 5) * jmhOption(words, "-w", 10)
                + jmhOption(words, "-i", 5) * jmhOption(words, "-r", 10);
        return Math.round(4 * forks * (JMH_FORK_START_SECONDS + seconds));
    }

    /** Returns the number after {@code name} in {@code words}, else {@code otherwise}. */
    private static double jmhOption(List<String> words, String name, double otherwise) {
        int at = words.indexOf(name);
        return at >= 0 && at + 1 < words.size() ? Double.parseDouble(words.get(at + 1)) : otherwise;
    }

    /** Returns {@code seconds} as {@code "about 12 min"} or {@code "about 45 s"}. */
    static String text(long seconds) {
        return seconds >= 120 ? "about " + Math.round(seconds / 60.0) + " min" : "about " + seconds + " s";
    }

    private static int[] sizes(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
