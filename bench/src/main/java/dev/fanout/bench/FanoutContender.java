package dev.fanout.bench;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import dev.fanout.micrometer.FanoutMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;

/**
 * fanout: one fetchAll on one loop thread; as {@code fanout-each}, one {@code fetchEach}, which
 * hands each result on as it completes and keeps none (a batch of 100,000 bodies of 16 KiB is
 * never in memory at once); as {@code fanout-micrometer}, fetchAll with the fanout-micrometer
 * module's listener on every request (a {@link SimpleMeterRegistry}), to measure what the event
 * hooks cost with a real listener. Each answer's length is read with {@code bodyLength()}, the
 * body having been read out of the connection's buffers already.
 */
final class FanoutContender implements Contender {

    /** Room in the queue for the largest batch the benches send (100,000 GETs) ten times over. */
    private static final int MAX_QUEUED = 1_000_000;

    /** How a contender of this class sends a batch and what it adds. */
    enum Mode {
        FETCH_ALL("fanout"),
        FETCH_EACH("fanout-each"),
        METERED("fanout-micrometer");

        final String contender;

        Mode(String contender) {
            this.contender = contender;
        }
    }

    private final FanoutClient client;
    private final Mode mode;

    FanoutContender(int maxConnections) {
        this(maxConnections, Mode.FETCH_ALL);
    }

    FanoutContender(int maxConnections, Mode mode) {
        this.mode = mode;
        FanoutClient.Builder builder = FanoutClient.builder();
        if (mode == Mode.METERED) {
            builder.eventListenerFactory(FanoutMetrics.create(new SimpleMeterRegistry()));
        }
        client = builder.maxInFlight(maxConnections)
                .maxConnectionsPerHost(maxConnections)
                // A batch larger than the connections waits in fanout's queue: room for the largest.
                .maxQueued(MAX_QUEUED)
                .build();
    }

    @Override
    public String name() {
        return mode.contender;
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) {
        if (mode == Mode.FETCH_EACH) {
            int[] right = {0}; // counted on the loop thread, read here once fetchEach has returned
            client.fetchEach(urls, result -> right[0] += expected(result, bodyLength) ? 1 : 0);
            return right[0];
        }
        List<Result> results = client.fetchAll(urls);
        return (int)
                results.stream().filter(result -> expected(result, bodyLength)).count();
    }

    private static boolean expected(Result result, int bodyLength) {
        return result.response() != null
                && Contender.expected(result.status(), result.response().bodyLength(), bodyLength);
    }

    @Override
    public void close() {
        client.close();
    }
}
