package dev.fanout.bench;

import dev.fanout.client.FanoutClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Hedging against a long tail ("The Tail at Scale", Dean and Barroso, 2013): N distinct URLs
 * (1,000) in one batch from a {@link LeanHttpServer} that holds each request it receives for a
 * log-normal delay (median 100 ms, sigma 1: p90 ≈ 360 ms, p95 ≈ 518 ms, p99 ≈ 1,023 ms), drawn
 * afresh for every request, not per URL, so that a hedged copy of a slow request is likely fast
 * ({@link LogNormalDelays}).
 *
 * <p>First fanout in this JVM: each run (no hedging, {@code hedgeAfter} a fixed delay,
 * {@code hedgeAtPercentile}) has a client of its own, sends {@code --warmups} batches, then
 * {@code --rounds} measured ones; batch i of every run draws from a generator seeded
 * {@code seed + i}, so the runs meet the same delays in the order the requests arrive. Per run,
 * the median (min–max) over the rounds of: p50, p99 and max of the 200s' {@code
 * Result.elapsed()}, the batch's wall time, the requests the server received beyond N, the
 * client's {@code BatchStats.hedges()}, and the answers the server could not send because the
 * client had closed that copy's connection. Every result must be a 200 and every URL must have
 * reached the server.
 *
 * <p>Then every client of {@code --contenders} without hedging, each in a process of its own, over
 * the same URLs and delays ({@link TailPeers}): wall times, and what each client added to the
 * batch's longest delay. A peer's wrong answers are results, listed; fanout's fail the bench
 * (exit 1), after the tables are printed.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.TailBench
 * </pre>
 *
 * Options: {@code --urls 1000}, {@code --median-ms 100}, {@code --sigma 1}, {@code --seed 11},
 * {@code --rounds 5}, {@code --warmups 3}, {@code --runs none,after-518,after-360,percentile-0.95}
 * (each {@code none}, {@code after-MS} for {@code hedgeAfter(MS ms)}, or {@code percentile-P} for
 * {@code hedgeAtPercentile(P)}), {@code --contenders} ({@link TailPeers#ALL}, or {@code none}),
 * {@code --node node}, {@code --python /usr/bin/python3}.
 */
public final class TailBench {

    static final long SEED = 11;
    static final int WARMUPS = 3;
    static final int ROUNDS = 5;

    static final String RUNS = "none,after-518,after-360,percentile-0.95";

    private static final String USAGE = "--urls 1000 --median-ms 100 --sigma 1 --seed 11 --rounds 5 --warmups 3"
            + " --runs " + RUNS + " --contenders " + TailPeers.ALL + " --node node --python /usr/bin/python3";

    /** One bar of the chart: a client's or a run's wall times, in ms. */
    record Walls(String label, long[] walls) {}

    /**
     * What a run of the bench gave.
     *
     * @param lines its tables, as printed
     * @param wrong its wrong answers and failed processes, each named by the client (fanout's first word {@code fanout})
     * @param title the chart's title
     * @param walls the chart's bars: each client without hedging, then fanout's hedging runs
     */
    record Outcome(List<String> lines, List<String> wrong, String title, List<Walls> walls) {

        /** Returns true if no answer of fanout's was wrong. */
        boolean fanoutRight() {
            return wrong.stream().noneMatch(w -> w.startsWith("fanout"));
        }

        /** Draws the wall times as a bar chart into {@code png}; nothing when no batch ran. */
        void chart(Path png) throws IOException {
            if (walls.isEmpty()) {
                return;
            }
            BarChart.Bar[][] bars = new BarChart.Bar[1][walls.size()];
            for (int i = 0; i < walls.size(); i++) {
                Spread spread = Spread.of(walls.get(i).walls());
                bars[0][i] = new BarChart.Bar(spread.median(), spread.min(), spread.max());
            }
            BarChart.draw(
                    png,
                    title,
                    List.of(new BarChart.Panel(
                            "wall time of a batch, ms",
                            List.of("wall ms"),
                            walls.stream().map(Walls::label).toList(),
                            bars)));
        }
    }

    private TailBench() {}

    /** Runs the bench; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Outcome outcome = run(BenchOptions.parse(args, USAGE));
        outcome.lines().forEach(System.out::println);
        outcome.wrong().forEach(wrong -> System.out.println("WRONG: " + wrong));
        System.out.printf("load average at the end: %s%n", LoadAverage.now());
        if (!outcome.fanoutRight()) {
            throw new IllegalStateException("wrong answers: " + String.join("; ", outcome.wrong()));
        }
    }

    /** Runs what {@code options} name, printing its progress; returns the tables, what was wrong and the chart's bars. */
    static Outcome run(BenchOptions options) throws Exception {
        int n = options.number("urls", 1000);
        double medianMs = options.decimal("median-ms", 100);
        double sigma = options.decimal("sigma", 1);
        long seed = options.longNumber("seed", SEED);
        int rounds = options.number("rounds", ROUNDS);
        int warmups = options.number("warmups", WARMUPS);
        List<String> runs = List.of(options.text("runs", RUNS).split(","));

        String model = String.format(
                Locale.ROOT,
                "%,d distinct URLs in one batch; each request held a fresh log-normal delay (median %.0f ms,"
                        + " sigma %.2f: p90 %.0f ms, p95 %.0f ms, p99 %.0f ms) by a lean Netty HTTP/1.1 server",
                n,
                medianMs,
                sigma,
                medianMs * Math.exp(sigma * 1.2816),
                medianMs * Math.exp(sigma * 1.6449),
                medianMs * Math.exp(sigma * 2.3263));
        System.out.printf(
                "tail: %s; %d warm-up and %d measured batches per run; %d core(s); Java %s; load average %s%n",
                model,
                warmups,
                rounds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                LoadAverage.now());
        LogNormalDelays delays = new LogNormalDelays(medianMs, sigma);
        List<String> wrong = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        List<TailPeers.Row> peers;
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
                        String problem = check(round, urls);
                        if (problem != null) {
                            wrong.add("fanout, " + label(run) + (i < warmups ? ", warm-up " : ", round ") + (i + 1)
                                    + ": " + problem);
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
                System.out.printf("%s done, load average %s%n", label(run), LoadAverage.now());
            }
            peers = options.text("contenders", TailPeers.ALL).equals("none")
                    ? List.of()
                    : TailPeers.run(server, delays, urls, options, notes, wrong);
        }
        List<String> lines = new ArrayList<>();
        List<Walls> walls = new ArrayList<>();
        if (!peers.isEmpty()) {
            lines.add("");
            lines.add("Every client without hedging, each in a process of its own with one client for all its"
                    + " batches; batch i of each meets the delays of fanout's batch i below, in the order its"
                    + " requests arrive:");
            lines.add("");
            lines.addAll(TailPeers.table(peers, n));
            lines.add("");
            lines.addAll(TailPeers.behind(peers));
            peers.forEach(p -> walls.add(new Walls(p.contender(), p.walls())));
        }
        lines.add("");
        lines.add("fanout in the bench's JVM, with and without hedging (p50, p99 and max of the 200s' elapsed"
                + " times):");
        lines.addAll(table(rows));
        if (!notes.isEmpty()) {
            lines.add("");
            lines.addAll(notes);
        }
        rows.stream()
                .filter(row -> !row.run.equals("none"))
                .forEach(row -> walls.add(new Walls(
                        "fanout " + label(row.run),
                        row.rounds.stream().mapToLong(BatchRound::wallMillis).toArray())));
        String title = String.format(
                Locale.ROOT,
                "tail: %,d URLs, log-normal delays (median %.0f ms, sigma %.2f): wall time, median of the batches,"
                        + " whisker min-max (lower is better)",
                n,
                medianMs,
                sigma);
        return new Outcome(lines, wrong, title, walls);
    }

    /** Returns a run's name as the builder's call: {@code hedgeAfter(518 ms)}, {@code hedgeAtPercentile(0.95)}, {@code none}. */
    static String label(String run) {
        if (run.startsWith("after-")) {
            return "hedgeAfter(" + run.substring("after-".length()) + " ms)";
        }
        if (run.startsWith("percentile-")) {
            return "hedgeAtPercentile(" + run.substring("percentile-".length()) + ")";
        }
        return run;
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
                    label(row.run),
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
