package dev.fanout.bench;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import dev.fanout.micrometer.FanoutMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;

/**
 * fanout: one fetchAll on one loop thread; as {@code fanout-micrometer}, with the
 * fanout-micrometer module's listener on every request (a {@link SimpleMeterRegistry}), to
 * measure what the event hooks cost with a real listener.
 */
final class FanoutContender implements Contender {

    /** Room in the queue for the largest batch the benches send (100,000 GETs) ten times over. */
    private static final int MAX_QUEUED = 1_000_000;

    private final FanoutClient client;
    private final boolean metered;

    FanoutContender(int maxConnections) {
        this(maxConnections, false);
    }

    FanoutContender(int maxConnections, boolean metered) {
        this.metered = metered;
        FanoutClient.Builder builder = FanoutClient.builder();
        if (metered) {
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
        return metered ? "fanout-micrometer" : "fanout";
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) {
        List<Result> results = client.fetchAll(urls);
        return (int) results.stream()
                .filter(result -> result.response() != null
                        && Contender.expected(result.status(), result.response().body().length, bodyLength))
                .count();
    }

    @Override
    public void close() {
        client.close();
    }
}
