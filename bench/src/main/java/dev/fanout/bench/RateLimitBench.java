package dev.fanout.bench;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A per-host rate limit against a server that enforces one: fanout fetches N distinct URLs
 * (2,000) in one batch from a {@link LeanHttpServer} that allows {@code --rate} requests a second
 * (100) by a token bucket of {@code --burst} tokens (100), full at the start of each batch and
 * refilled continuously at the rate; a request that finds a token is answered 200 at once, one
 * that finds none is answered 429 with {@code Retry-After: 1} at once. Runs, each with a client
 * of its own, {@code --warmups} batches then {@code --rounds} measured ones:
 * <ul>
 *   <li>{@code none}: no limit and no retry, all at once (most end 429);</li>
 *   <li>{@code limit}: {@code rateLimit(rate, 1 s)}, which should pace the batch to the rate with
 *       no 429 (2,000 at 100/s: about 20 s);</li>
 *   <li>{@code retry}: no limit, {@code retry(RetryPolicy.exponential(5, 100 ms, 2 s))}: the
 *       429s are retried after their {@code Retry-After}, within the client's retry budget.</li>
 * </ul>
 * Prints, per run, the median (min–max) over the rounds of: the batch's wall time, its 200s and
 * 429s, the 429s the server sent (retried ones included), the requests it received and the
 * client's retries. {@code limit} must end with every result a 200; the others with 200s and
 * 429s only; otherwise the bench fails after the table is printed.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.RateLimitBench
 * </pre>
 *
 * Options: {@code --urls 2000}, {@code --rate 100}, {@code --burst 100}, {@code --client-rate 100}
 * (the {@code limit} run's {@code rateLimit}, default the server's rate), {@code --rounds 3},
 * {@code --warmups 1}, {@code --runs none,limit,retry}.
 */
public final class RateLimitBench {

    private RateLimitBench() {}

    /** Runs the bench; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(
                args,
                "--urls 2000 --rate 100 --burst 100 --client-rate 100 --rounds 3 --warmups 1 --runs none,limit,retry");
        int n = options.number("urls", 2000);
        int rate = options.number("rate", 100);
        int burst = options.number("burst", 100);
        int clientRate = options.number("client-rate", rate);
        int rounds = options.number("rounds", 3);
        int warmups = options.number("warmups", 1);
        List<String> runs = List.of(options.text("runs", "none,limit,retry").split(","));

        System.out.printf(
                "rate limit: %,d distinct URLs in one batch against a lean Netty HTTP/1.1 server that allows %d"
                        + " requests/s (a token bucket of %d, full at each batch's start) and answers 429 with"
                        + " Retry-After: 1 beyond; the limit run's client: rateLimit(%d, 1 s); %d warm-up and %d"
                        + " measured batches per run; %d core(s); Java %s;"
                        + " load average %s%n",
                n,
                rate,
                burst,
                clientRate,
                warmups,
                rounds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                LoadAverage.now());
        TokenBucket bucket = new TokenBucket(rate, burst);
        List<String> failures = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (LeanHttpServer server = LeanHttpServer.start(bucket)) {
            List<String> urls = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                urls.add(server.url("/limited/" + i));
            }
            for (String run : runs) {
                Set<String> expected = run.equals("limit") ? Set.of("200") : Set.of("200", "429");
                List<BatchRound> measured = new ArrayList<>();
                try (FanoutClient client = client(run, clientRate)) {
                    for (int i = 0; i < warmups + rounds; i++) {
                        BatchRound round = BatchRound.run(client, urls, server, bucket::reset);
                        String wrong = round.unexpected(expected);
                        if (wrong == null && round.server().perPath().size() != n) {
                            wrong = "the server saw " + round.server().perPath().size() + " of the " + n + " paths";
                        }
                        if (wrong != null) {
                            failures.add(run + (i < warmups ? ", warm-up " : ", round ") + (i + 1) + ": " + wrong);
                        }
                        if (i >= warmups) {
                            measured.add(round);
                        }
                    }
                }
                rows.add(new Row(run, measured));
                System.out.printf("%s done, load average %s%n", run, LoadAverage.now());
            }
        }
        print(rows);
        System.out.printf("load average at the end: %s%n", LoadAverage.now());
        if (!failures.isEmpty()) {
            throw new IllegalStateException("wrong answers: " + String.join("; ", failures));
        }
    }

    /** Returns the client of a run: {@code none}, {@code limit} (to {@code rate} a second) or {@code retry}. */
    private static FanoutClient client(String run, int rate) {
        FanoutClient.Builder builder = FanoutClient.builder();
        switch (run) {
            case "none" -> {}
            case "limit" -> builder.rateLimit(rate, Duration.ofSeconds(1));
            case "retry" -> builder.retry(RetryPolicy.exponential(5, Duration.ofMillis(100), Duration.ofSeconds(2)));
            default -> throw new IllegalArgumentException("run: " + run + " (expected: none, limit or retry)");
        }
        return builder.build();
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("| run | wall ms | 200s | 429s (results) | 429s sent by the server | requests the server got"
                + " | retries (client) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            System.out.printf(
                    "| %s | %s | %s | %s | %s | %s | %s |%n",
                    row.run,
                    row.spread(BatchRound::wallMillis).text(),
                    row.spread(r -> r.outcome("200")).text(),
                    row.spread(r -> r.outcome("429")).text(),
                    row.spread(r -> r.server().status(429)).text(),
                    row.spread(r -> r.server().requests()).text(),
                    row.spread(BatchRound::retries).text());
        }
    }

    /** The measured rounds of one run. */
    private record Row(String run, List<BatchRound> rounds) {

        Spread spread(ToLongFunction<BatchRound> figure) {
            return Spread.of(rounds.stream().mapToLong(figure).toArray());
        }
    }

    /**
     * The server's model: a token bucket of {@code burst} tokens refilled at {@code rate} a second,
     * continuously; a request takes a token or is answered 429. Server thread only.
     */
    private static final class TokenBucket implements LeanHttpServer.Model {
        private final double perNano;
        private final double burst;
        private double tokens;
        private long refilledAt;

        TokenBucket(int rate, int burst) {
            this.perNano = rate / 1e9;
            this.burst = burst;
            reset();
        }

        /** Fills the bucket: each batch starts as if the host had been idle. */
        void reset() {
            tokens = burst;
            refilledAt = System.nanoTime();
        }

        @Override
        public void handle(LeanHttpServer.Exchange exchange) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                exchange.respond(200);
            } else {
                exchange.respond(429, "retry-after", "1");
            }
        }
    }
}
