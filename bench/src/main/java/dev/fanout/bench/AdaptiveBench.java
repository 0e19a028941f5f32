package dev.fanout.bench;

import dev.fanout.client.FanoutClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Concurrency against a server whose latency grows with its load: fanout fetches N distinct URLs
 * (5,000) in one batch from a {@link LeanHttpServer} that works on at most {@code --capacity}
 * requests at once (50), each for {@code --work-ms} (20 ms, a timer standing for the work); the
 * requests beyond wait in its FIFO queue, so their latency grows with the load, and a request
 * that finds {@code --queue} (100) already waiting is answered 503 at once. The server can thus
 * answer at most capacity ÷ work (2,500) requests a second, and hold capacity + queue (150) at
 * once. Runs, each with a client of its own, {@code --warmups} batches then {@code --rounds}
 * measured ones:
 * <ul>
 *   <li>{@code default}: the builder's defaults (up to 1,024 requests at once to one host);</li>
 *   <li>{@code fixed-C}: {@code maxConnectionsPerHost(C)}, a limit fitted by hand (C = capacity
 *       by default: no request then waits in the server's queue);</li>
 *   <li>{@code adaptive}: {@code adaptiveConcurrency()}, the limit starting at the default per-host
 *       limit and moved by what the server does (halved on a 503, shrunk when latency rises);</li>
 *   <li>{@code adaptive-cold}: the same with a new client for every batch, so that each batch
 *       starts from the default limit instead of the one the batch before adapted to.</li>
 * </ul>
 * A run's client is kept over its batches unless the run's name ends in {@code -cold}.
 * Prints, per run, the median (min–max) over the rounds of: the batch's wall time, its 200s and
 * 503s, p50 and p99 of the 200s' {@code Result.elapsed()} (which counts the wait in the client's
 * own queue), p50 of the same less that wait (from the slot to the answer), the requests the
 * server received, the longest its queue grew, and the client's {@code concurrencyLimit} for the
 * server at the batch's end (an adapted limit carries over to the client's next batch). Every
 * result must be a 200 or a 503, or the bench fails after the table is printed.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.AdaptiveBench
 * </pre>
 *
 * Options: {@code --urls 5000}, {@code --capacity 50}, {@code --work-ms 20}, {@code --queue 100},
 * {@code --rounds 5}, {@code --warmups 3}, {@code --runs default,fixed-50,adaptive,adaptive-cold}
 * (any {@code fixed-N}; any run with {@code -cold} after it).
 */
public final class AdaptiveBench {

    /** The suffix of a run whose every batch has a new client: {@code adaptive-cold}. */
    private static final String COLD = "-cold";

    private AdaptiveBench() {}

    /** Runs the bench; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(
                args,
                "--urls 5000 --capacity 50 --work-ms 20 --queue 100 --rounds 5 --warmups 3"
                        + " --runs default,fixed-50,adaptive,adaptive-cold");
        int n = options.number("urls", 5000);
        int capacity = options.number("capacity", 50);
        long workMs = options.longNumber("work-ms", 20);
        int queue = options.number("queue", 100);
        int rounds = options.number("rounds", 5);
        int warmups = options.number("warmups", 3);
        List<String> runs = List.of(options.text("runs", "default,fixed-" + capacity + ",adaptive,adaptive-cold")
                .split(","));

        System.out.printf(
                "adaptive: %,d distinct URLs in one batch against a lean Netty HTTP/1.1 server that works on %d"
                        + " requests at once for %d ms each, queues %d more and answers 503 beyond (at most %,d"
                        + " answers/s); %d warm-up and %d measured batches per run; %d core(s); Java %s;"
                        + " load average %s%n",
                n,
                capacity,
                workMs,
                queue,
                capacity * 1000 / Math.max(1, workMs),
                warmups,
                rounds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                LoadAverage.now());
        BoundedWorkers workers = new BoundedWorkers(capacity, workMs * 1_000_000, queue);
        List<String> failures = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (LeanHttpServer server = LeanHttpServer.start(workers)) {
            List<String> urls = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                urls.add(server.url("/work/" + i));
            }
            for (String run : runs) {
                List<BatchRound> measured = new ArrayList<>();
                List<Long> peaks = new ArrayList<>();
                List<Long> limits = new ArrayList<>();
                boolean cold = run.endsWith(COLD);
                String kind = cold ? run.substring(0, run.length() - COLD.length()) : run;
                FanoutClient shared = cold ? null : client(kind);
                for (int i = 0; i < warmups + rounds; i++) {
                    // A cold run's client is new to the server at every batch: what its first batch meets.
                    try (FanoutClient client = cold ? client(kind) : null) {
                        FanoutClient used = cold ? client : shared;
                        BatchRound round = BatchRound.run(used, urls, server, workers::reset);
                        String wrong = round.unexpected(Set.of("200", "503"));
                        if (wrong != null) {
                            failures.add(run + (i < warmups ? ", warm-up " : ", round ") + (i + 1) + ": " + wrong);
                        }
                        if (i >= warmups) {
                            measured.add(round);
                            peaks.add((long) server.call(() -> workers.peakQueued));
                            limits.add((long) used.concurrencyLimit(server.url("/")));
                        }
                    }
                }
                if (shared != null) {
                    shared.close();
                }
                rows.add(new Row(run, measured, array(peaks), array(limits)));
                System.out.printf("%s done, load average %s%n", run, LoadAverage.now());
            }
        }
        print(rows);
        System.out.printf("load average at the end: %s%n", LoadAverage.now());
        if (!failures.isEmpty()) {
            throw new IllegalStateException("wrong answers: " + String.join("; ", failures));
        }
    }

    /** Returns the client of a run: {@code default}, {@code fixed-N} or {@code adaptive} (see the class comment). */
    private static FanoutClient client(String run) {
        FanoutClient.Builder builder = FanoutClient.builder();
        if (run.startsWith("fixed-")) {
            builder.maxConnectionsPerHost(Integer.parseInt(run.substring("fixed-".length())));
        } else if (run.equals("adaptive")) {
            builder.adaptiveConcurrency();
        } else if (!run.equals("default")) {
            throw new IllegalArgumentException("run: " + run + " (expected: default, fixed-N or adaptive)");
        }
        return builder.build();
    }

    private static long[] array(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("| run | wall ms | 200s | 503s | p50 ms (200s) | p99 ms (200s) | p50 ms on the wire (200s)"
                + " | requests the server got"
                + " | server's longest queue | concurrencyLimit at the end |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            System.out.printf(
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    row.run,
                    row.spread(BatchRound::wallMillis).text(),
                    row.spread(r -> r.outcome("200")).text(),
                    row.spread(r -> r.outcome("503")).text(),
                    row.spread(r -> r.okPercentile(50)).text(),
                    row.spread(r -> r.okPercentile(99)).text(),
                    row.spread(r -> Spread.percentile(r.okWireMillis(), 50)).text(),
                    row.spread(r -> r.server().requests()).text(),
                    Spread.of(row.peakQueued).text(),
                    Spread.of(row.limits).text());
        }
    }

    /** The measured rounds of one run. */
    private record Row(String run, List<BatchRound> rounds, long[] peakQueued, long[] limits) {

        Spread spread(ToLongFunction<BatchRound> figure) {
            return Spread.of(rounds.stream().mapToLong(figure).toArray());
        }
    }

    /**
     * The server's model: {@code capacity} workers, each request {@code workNanos} on a timer;
     * beyond them a FIFO queue of at most {@code bound}, and a 503 at once beyond that. A queued
     * request whose client has gone by its turn is dropped unworked. Server thread only.
     */
    private static final class BoundedWorkers implements LeanHttpServer.Model {
        private final int capacity;
        private final long workNanos;
        private final int bound;
        private final ArrayDeque<LeanHttpServer.Exchange> queued = new ArrayDeque<>();
        private int busy;
        int peakQueued;

        BoundedWorkers(int capacity, long workNanos, int bound) {
            this.capacity = capacity;
            this.workNanos = workNanos;
            this.bound = bound;
        }

        /** Zeroes the peak; called between batches, when nothing is queued or worked on. */
        void reset() {
            peakQueued = 0;
        }

        @Override
        public void handle(LeanHttpServer.Exchange exchange) {
            if (busy < capacity) {
                work(exchange);
            } else if (queued.size() < bound) {
                queued.add(exchange);
                peakQueued = Math.max(peakQueued, queued.size());
            } else {
                exchange.respond(503);
            }
        }

        private void work(LeanHttpServer.Exchange exchange) {
            busy++;
            exchange.schedule(workNanos, () -> {
                busy--;
                exchange.respond(200);
                LeanHttpServer.Exchange next;
                while ((next = queued.poll()) != null && !next.isOpen()) {
                    next.respond(200); // counted as unanswered: its client has gone
                }
                if (next != null) {
                    work(next);
                }
            });
        }
    }
}
