package dev.fanout.bench;

import dev.fanout.client.FanoutClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Hedging against a long tail ("The Tail at Scale", Dean and Barroso, 2013): fanout fetches N
 * distinct URLs (1,000) in one batch from a {@link LeanHttpServer} that holds each request it
 * receives for a log-normal delay (median 100 ms, sigma 1: p90 ≈ 360 ms, p95 ≈ 518 ms, p99 ≈
 * 1,023 ms), drawn afresh for every request, not per URL, so that a hedged copy of a slow request
 * is likely fast. Each run (no hedging, {@code hedgeAfter} a fixed delay, {@code hedgeAtPercentile})
 * has a client of its own, sends {@code --warmups} batches, then {@code --rounds} measured ones;
 * round i of every run draws from a generator seeded {@code seed + i}, so the runs meet the same
 * delays in the order the requests arrive. Prints, per run, the median (min–max) over the rounds of: p50, p99 and max
 * of the 200s' {@code Result.elapsed()}, the batch's wall time, the requests the server received
 * beyond N, the client's {@code BatchStats.hedges()}, and the answers the server could not send
 * because the client had closed that copy's connection. Every result must be a 200 and every
 * URL must have reached the server, or the run fails after the table is printed.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.TailBench
 * </pre>
 *
 * Options: {@code --urls 1000}, {@code --median-ms 100}, {@code --sigma 1}, {@code --seed 11},
 * {@code --rounds 5}, {@code --warmups 3}, {@code --runs none,after-518,after-360,percentile-0.95}
 * (each {@code none}, {@code after-MS} for {@code hedgeAfter(MS ms)}, or {@code percentile-P} for
 * {@code hedgeAtPercentile(P)}).
 */
public final class TailBench {

    private static final String USAGE = "--urls 1000 --median-ms 100 --sigma 1 --seed 11 --rounds 5 --warmups 3"
            + " --runs none,after-518,after-360,percentile-0.95";

    /** What a run of the bench gave: its table, as printed, and what was wrong, if anything. */
    record Outcome(List<String> lines, List<String> failures) {}

    private TailBench() {}

    /** Runs the bench; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Outcome outcome = run(BenchOptions.parse(args, USAGE));
        outcome.lines().forEach(System.out::println);
        System.out.printf("load average at the end: %s%n", LoadAverage.now());
        if (!outcome.failures().isEmpty()) {
            throw new IllegalStateException("wrong answers: " + String.join("; ", outcome.failures()));
        }
    }

    /** Runs the runs {@code options} name, printing its progress; returns the table and what was wrong. */
    static Outcome run(BenchOptions options) throws Exception {
        int n = options.number("urls", 1000);
        double medianMs = options.decimal("median-ms", 100);
        double sigma = options.decimal("sigma", 1);
        long seed = options.longNumber("seed", 11);
        int rounds = options.number("rounds", 5);
        int warmups = options.number("warmups", 3);
        List<String> runs = List.of(
                options.text("runs", "none,after-518,after-360,percentile-0.95").split(","));

        System.out.printf(
                "tail: %,d distinct URLs in one batch; each request held a fresh log-normal delay (median %.0f ms,"
                        + " sigma %.2f: p90 %.0f ms, p95 %.0f ms, p99 %.0f ms) by a lean Netty HTTP/1.1 server;"
                        + " %d warm-up and %d measured batches per run; %d core(s); Java %s; load average %s%n",
                n,
                medianMs,
                sigma,
                medianMs * Math.exp(sigma * 1.2816),
                medianMs * Math.exp(sigma * 1.6449),
                medianMs * Math.exp(sigma * 2.3263),
                warmups,
                rounds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                LoadAverage.now());
        LogNormalDelays delays = new LogNormalDelays(medianMs, sigma);
        List<String> failures = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (LeanHttpServer server = LeanHttpServer.start(delays)) {
            List<String> urls = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                urls.add(server.url("/tail/" + i));
            }
            for (String run : runs) {
                List<BatchRound> measured = new ArrayList<>();
                List<Long> drawnP99 = new ArrayList<>();
                try (FanoutClient client = client(run)) {
                    for (int i = 0; i < warmups + rounds; i++) {
                        long roundSeed = seed + i;
                        BatchRound round = BatchRound.run(client, urls, server, () -> delays.reset(roundSeed));
                        String wrong = check(round, urls);
                        if (wrong != null) {
                            failures.add(run + (i < warmups ? ", warm-up " : ", round ") + (i + 1) + ": " + wrong);
                        }
                        if (i >= warmups) {
                            measured.add(round);
                            drawnP99.add(server.call(() -> delays.percentile(99)));
                        }
                    }
                }
                rows.add(new Row(
                        run,
                        measured,
                        drawnP99.stream().mapToLong(Long::longValue).toArray(),
                        n));
                System.out.printf("%s done, load average %s%n", run, LoadAverage.now());
            }
        }
        return new Outcome(table(rows), failures);
    }

    /**
     * Returns the client of a run: {@code none}, {@code after-MS} for {@code hedgeAfter(MS ms)}, or
     * {@code percentile-P} for {@code hedgeAtPercentile(P)}.
     */
    private static FanoutClient client(String run) {
        FanoutClient.Builder builder = FanoutClient.builder();
        if (run.startsWith("after-")) {
            builder.hedgeAfter(Duration.ofMillis(Long.parseLong(run.substring("after-".length()))));
        } else if (run.startsWith("percentile-")) {
            builder.hedgeAtPercentile(Double.parseDouble(run.substring("percentile-".length())));
        } else if (!run.equals("none")) {
            throw new IllegalArgumentException("run: " + run + " (expected: none, after-MS or percentile-P)");
        }
        return builder.build();
    }

    /** Returns what was wrong with a round (a result not a 200, a URL the server never saw), or null. */
    private static String check(BatchRound round, List<String> urls) {
        String unexpected = round.unexpected(Set.of("200"));
        if (unexpected != null) {
            return "results other than 200: " + unexpected;
        }
        if (round.server().perPath().size() != urls.size()) {
            return "the server saw " + round.server().perPath().size() + " of the " + urls.size() + " paths";
        }
        return null;
    }

    private static List<String> table(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("| run | p50 ms | p99 ms | max ms | wall ms | extra requests (server) | hedges (client)"
                + " | answers to a closed copy | connections accepted | the server's draws: p99 ms |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            lines.add(String.format(
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    row.run,
                    row.spread(r -> r.okPercentile(50)).text(),
                    row.spread(r -> r.okPercentile(99)).text(),
                    row.spread(BatchRound::okMax).text(),
                    row.spread(BatchRound::wallMillis).text(),
                    row.spread(r -> r.server().requests() - row.n).text(),
                    row.spread(BatchRound::hedges).text(),
                    row.spread(r -> r.server().unanswered()).text(),
                    row.spread(r -> r.server().accepted()).text(),
                    Spread.of(row.drawnP99).text()));
        }
        return lines;
    }

    /** The measured rounds of one run. */
    private record Row(String run, List<BatchRound> rounds, long[] drawnP99, int n) {

        Spread spread(ToLongFunction<BatchRound> figure) {
            return Spread.of(rounds.stream().mapToLong(figure).toArray());
        }
    }
}
