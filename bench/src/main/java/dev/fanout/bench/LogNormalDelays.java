package dev.fanout.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@link TailBench}'s server model: each request held {@code median × e^(sigma × Z)} ms, Z
 * standard normal, from one seeded generator, drawn afresh for every request (a hedged copy of a
 * slow request is likely fast); the draws of a batch are kept for its p99. Server thread only.
 */
final class LogNormalDelays implements LeanHttpServer.Model {
    private final double medianMs;
    private final double sigma;
    private SplittableRandom random = new SplittableRandom(0);
    private long[] drawn = new long[1024];
    private int count;

    LogNormalDelays(double medianMs, double sigma) {
        this.medianMs = medianMs;
        this.sigma = sigma;
    }

    /** Starts a batch: draws from a generator seeded {@code seed}, and forgets the draws before. */
    void reset(long seed) {
        random = new SplittableRandom(seed);
        count = 0;
    }

    /** Returns the {@code p}-th percentile of the delays drawn since the last reset, in milliseconds. */
    long percentile(double p) {
        long[] sorted = Arrays.copyOf(drawn, count);
        Arrays.sort(sorted);
        return Spread.percentile(sorted, p);
    }

    @Override
    public void handle(LeanHttpServer.Exchange exchange) {
        long nanos = (long) (medianMs * 1e6 * Math.exp(sigma * random.nextGaussian()));
        if (count == drawn.length) {
            drawn = Arrays.copyOf(drawn, count * 2);
        }
        drawn[count++] = nanos / 1_000_000;
        exchange.schedule(nanos, () -> exchange.respond(200));
    }
}
