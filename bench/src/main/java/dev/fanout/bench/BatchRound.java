package dev.fanout.bench;

import dev.fanout.client.Batch;
import dev.fanout.client.BatchStats;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One batch of a {@link LeanHttpServer} bench, measured: its wall time, the per-request latency
 * ({@link Result#elapsed()}) of the requests answered 200, what each request ended with, the
 * client's counts of hedges and retries, and the server's counts for the batch. Immutable.
 *
 * @param wallMillis from handing the batch to the client to its last result, on the caller's clock
 * @param okMillis the elapsed times of the results that are a 200, in milliseconds, ascending
 * @param okWireMillis the same less each one's wait for a slot in the client ({@code Timings.queued()}), ascending
 * @param outcomes how many results ended each way: a status ({@code "200"}) or an error kind ({@code "TIMEOUT"})
 * @param hedges the batch's {@link BatchStats#hedges()}
 * @param retries the batch's {@link BatchStats#retries()}
 * @param server what the server counted during the batch
 */
record BatchRound(
        long wallMillis,
        long[] okMillis,
        long[] okWireMillis,
        Map<String, Integer> outcomes,
        int hedges,
        int retries,
        LeanHttpServer.Counts server) {

    /**
     * Resets the server's counts (and, on its thread, its model by {@code modelReset}), sends
     * {@code urls} as one batch with {@code client}, and measures it.
     */
    static BatchRound run(FanoutClient client, List<String> urls, LeanHttpServer server, Runnable modelReset)
            throws Exception {
        server.reset(modelReset);
        List<Request> requests = new ArrayList<>(urls.size());
        for (String url : urls) {
            requests.add(Request.get(url));
        }
        long start = System.nanoTime();
        Batch batch = client.startAll(requests);
        List<Result> results = batch.awaitAll();
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        BatchStats stats = batch.stats();
        Map<String, Integer> outcomes = new TreeMap<>();
        long[] ok = new long[results.size()];
        long[] wire = new long[results.size()];
        int oks = 0;
        for (Result r : results) {
            String outcome = r.error() != null ? r.error().kind().name() : String.valueOf(r.status());
            outcomes.merge(outcome, 1, Integer::sum);
            if (r.status() == 200) {
                wire[oks] = r.elapsed().minus(r.timings().queued()).toMillis();
                ok[oks++] = r.elapsed().toMillis();
            }
        }
        long[] okMillis = Arrays.copyOf(ok, oks);
        Arrays.sort(okMillis);
        long[] okWireMillis = Arrays.copyOf(wire, oks);
        Arrays.sort(okWireMillis);
        return new BatchRound(wall, okMillis, okWireMillis, outcomes, stats.hedges(), stats.retries(), server.counts());
    }

    /** Returns the {@code p}-th percentile (nearest rank) of the 200s' latencies in milliseconds; 0 for none. */
    long okPercentile(double p) {
        return Spread.percentile(okMillis, p);
    }

    /** Returns the slowest 200's latency in milliseconds; 0 for none. */
    long okMax() {
        return okMillis.length == 0 ? 0 : okMillis[okMillis.length - 1];
    }

    /** Returns how many results ended with {@code outcome}, a status or an error kind. */
    int outcome(String outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    /** Returns the outcomes other than the {@code expected} ones, as text, or null when there are none. */
    String unexpected(Set<String> expected) {
        Map<String, Integer> others = new TreeMap<>(outcomes);
        others.keySet().removeAll(expected);
        return others.isEmpty() ? null : others.toString();
    }
}
