package dev.fanout.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@link TailBench}'s server model: each request held {@code median × e^(sigma × Z)} ms, Z
 * standard normal, from a seeded generator, drawn afresh for every request (a hedged copy of a
 * slow request is likely fast); the draws of a batch are kept for its percentiles. Batch k draws
 * from a generator seeded {@code seed + k}, in the order its requests arrive: the bench says when
 * a batch starts ({@link #reset}), or, for a client in a process of its own whose batches the
 * bench does not start one by one, the server tells them apart by how often it has seen a path
 * ({@link #byOccurrence}). Server thread only.
 */
final class LogNormalDelays implements LeanHttpServer.Model {
    private final double medianMs;
    private final double sigma;
    private Draws current = new Draws(0);
    /** The times each path was requested since {@link #byOccurrence}; null when the bench starts each batch. */
    private Map<String, Integer> seen;

    private long firstSeed;
    private final List<Draws> batches = new ArrayList<>();

    LogNormalDelays(double medianMs, double sigma) {
        this.medianMs = medianMs;
        this.sigma = sigma;
    }

    /** Starts a batch: draws from a generator seeded {@code seed}, and forgets the draws before. */
    void reset(long seed) {
        seen = null;
        current = new Draws(seed);
    }

    /**
     * Draws by occurrence from now on: a request for a path requested k times before belongs to
     * batch k, which draws from a generator seeded {@code seed + k}. For a client that sends each
     * path once per batch (no hedging, no retries), batch k meets the delays {@code reset(seed +
     * k)} would have given it.
     */
    void byOccurrence(long seed) {
        seen = new HashMap<>();
        firstSeed = seed;
        batches.clear();
    }

    /** Returns the {@code p}-th percentile of the delays drawn since the last reset, in milliseconds. */
    long percentile(double p) {
        return current.percentile(p);
    }

    /** Returns the {@code p}-th percentile of batch {@code k}'s delays since {@link #byOccurrence}, in ms; 0 for none. */
    long percentile(int k, double p) {
        return k < batches.size() ? batches.get(k).percentile(p) : 0;
    }

    @Override
    public void handle(LeanHttpServer.Exchange exchange) {
        Draws draws = current;
        if (seen != null) {
            int k = seen.merge(exchange.path(), 1, Integer::sum) - 1;
            while (batches.size() <= k) {
                batches.add(new Draws(firstSeed + batches.size()));
            }
            draws = batches.get(k);
        }
        long nanos = draws.next(medianMs, sigma);
        exchange.schedule(nanos, () -> exchange.respond(200));
    }

    /** One batch's generator and the delays drawn from it, in milliseconds. */
    private static final class Draws {
        private final SplittableRandom random;
        private long[] drawn = new long[1024];
        private int count;

        Draws(long seed) {
            random = new SplittableRandom(seed);
        }

        /** Draws the next delay, in nanoseconds, and keeps it. */
        long next(double medianMs, double sigma) {
            long nanos = (long) (medianMs * 1e6 * Math.exp(sigma * random.nextGaussian()));
            if (count == drawn.length) {
                drawn = Arrays.copyOf(drawn, count * 2);
            }
            drawn[count++] = nanos / 1_000_000;
            return nanos;
        }

        long percentile(double p) {
            long[] sorted = Arrays.copyOf(drawn, count);
            Arrays.sort(sorted);
            return Spread.percentile(sorted, p);
        }
    }
}
