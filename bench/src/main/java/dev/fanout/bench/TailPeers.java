package dev.fanout.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link TailBench}'s clients side by side, none of them hedging (no peer has hedging of its
 * own): each in a process of its own ({@link ContenderProcess}, as ThroughputBench's; a JVM's
 * heap fixed at 2 GiB as in FanOutBench, each allowed N connections), with one client for all of
 * its batches, {@code --warmups} then {@code --rounds} measured ones over the same N URLs, every
 * answer a 200 with the server's 3-byte body. The server draws by occurrence
 * ({@link LogNormalDelays#byOccurrence}), so batch k of every client meets the delays of seed +
 * k, the same as TailBench's own batch k, in the order its requests arrive. Node's script fetches
 * the first URL once before its first batch (to reach undici's Agent), so its batches meet the
 * same delays but for that one request's shift.
 *
 * <p>Per client: the wall times of the measured batches, each less the longest delay the server
 * drew in that batch (what the client itself added, since no client without hedging can end a
 * batch before its slowest answer), the fewest right answers in a batch, and the p99 of the
 * server's draws.
 */
final class TailPeers {

    /**
     * The clients, fanout first: FanOutBench's but {@code fanout-xmx64m} (the same client) and
     * {@code netty-bare} (not a client: no pool to keep between batches).
     */
    static final String ALL =
            "fanout,jdk,okhttp,reactor-netty,apache-async,async-http-client,vertx,jetty,node-fetch,aiohttp";

    /** The heap of every JVM client, as FanOutBench's default. */
    private static final String HEAP = "2g";

    /**
     * One client's measured batches.
     *
     * @param walls each batch's wall time in ms, in the order measured
     * @param overLongest each batch's wall time less the longest delay the server drew in it
     * @param ok the fewest right answers in a batch
     * @param drawnP99 the p99 of the server's draws in each batch
     */
    record Row(String contender, long[] walls, long[] overLongest, int ok, long[] drawnP99) {}

    private TailPeers() {}

    /**
     * Runs each client of TailBench's {@code options} ({@code --contenders}, {@code --seed},
     * {@code --warmups}, {@code --rounds}, {@code --node}, {@code --python}) over {@code urls}
     * against {@code server}, whose model is {@code delays}; adds a line to {@code notes} for each
     * one skipped (not installed) and to {@code wrong} for each wrong answer or failed process,
     * named by the client.
     */
    static List<Row> run(
            LeanHttpServer server,
            LogNormalDelays delays,
            List<String> urls,
            BenchOptions options,
            List<String> notes,
            List<String> wrong)
            throws Exception {
        List<String> contenders = List.of(options.text("contenders", ALL).split(","));
        long seed = options.longNumber("seed", TailBench.SEED);
        int warmups = options.number("warmups", TailBench.WARMUPS);
        int rounds = options.number("rounds", TailBench.ROUNDS);
        String node = options.text("node", "node");
        String python = options.text("python", "/usr/bin/python3");
        ContenderProcess process = new ContenderProcess(FanOutProcess.heapOptions(HEAP), null, null, node, python);
        List<Row> rows = new ArrayList<>();
        for (String contender : contenders) {
            if (FanOutProcess.skipped(contender, node, python, notes)) {
                continue;
            }
            server.reset(() -> delays.byOccurrence(seed));
            ContenderResult result;
            try {
                result = process.run(contender, urls, urls.size(), warmups, rounds, LeanHttpServer.BODY_LENGTH);
            } catch (IllegalStateException e) {
                wrong.add(contender + " (own process, no hedging): " + BatchOutcome.clean(e.getMessage()));
                continue;
            }
            long[] walls = result.walls();
            long[] over = new long[walls.length];
            long[] p99 = new long[walls.length];
            for (int i = 0; i < walls.length; i++) {
                int batch = warmups + i;
                over[i] = walls[i] - server.call(() -> delays.percentile(batch, 100));
                p99[i] = server.call(() -> delays.percentile(batch, 99));
            }
            if (result.ok() != urls.size()) {
                wrong.add(String.format(
                        Locale.ROOT,
                        "%s (own process, no hedging): %,d of %,d answers right in its worst batch",
                        contender,
                        result.ok(),
                        urls.size()));
            }
            rows.add(new Row(contender, walls, over, result.ok(), p99));
            System.out.printf(
                    "%s (own process) done: walls %s ms, load average %s%n",
                    contender, result.wallsText(), LoadAverage.now());
        }
        return rows;
    }

    /** Returns the clients' table, with each median wall's ratio to fanout's. */
    static List<String> table(List<Row> rows, int n) {
        long fanout = fanoutWall(rows);
        List<String> lines = new ArrayList<>();
        lines.add("| client (own process, no hedging) | wall ms | × fanout | over the batch's longest delay, ms"
                + " | right answers (fewest) | the server's draws: p99 ms |");
        lines.add("|---|---|---|---|---|---|");
        for (Row row : rows) {
            long wall = Spread.of(row.walls()).median();
            double ratio = fanout > 0 ? (double) wall / fanout : Double.NaN;
            String text = Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
            lines.add(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %,d of %,d | %s |",
                    row.contender(),
                    Spread.of(row.walls()).text(),
                    ratio < 1 && !row.contender().equals("fanout") ? text + " (faster than fanout)" : text,
                    Spread.of(row.overLongest()).text(),
                    row.ok(),
                    n,
                    Spread.of(row.drawnP99()).text()));
        }
        return lines;
    }

    /** Returns a line for each client whose median wall time is lower than fanout's (none: one line that says so). */
    static List<String> behind(List<Row> rows) {
        long fanout = fanoutWall(rows);
        List<String> lines = new ArrayList<>();
        if (fanout <= 0) {
            return lines;
        }
        for (Row row : rows) {
            long wall = Spread.of(row.walls()).median();
            if (!row.contender().equals("fanout") && wall < fanout) {
                lines.add(String.format(
                        Locale.ROOT,
                        "- %s, wall ms: %,d against fanout's %,d (%.2f×)",
                        row.contender(),
                        wall,
                        fanout,
                        (double) wall / fanout));
            }
        }
        if (lines.isEmpty()) {
            lines.add("fanout's median wall time is the lowest of the clients without hedging.");
        } else {
            lines.add(0, "**Where fanout is behind** (a peer's median lower than fanout's, neither hedging):");
            lines.add(1, "");
        }
        return lines;
    }

    /** Returns fanout's median wall time in its own process, or 0 when it did not run. */
    private static long fanoutWall(List<Row> rows) {
        return rows.stream()
                .filter(r -> r.contender().equals("fanout"))
                .mapToLong(r -> Spread.of(r.walls()).median())
                .findFirst()
                .orElse(0);
    }
}
