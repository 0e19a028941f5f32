package dev.fanout.bench;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import java.util.List;

/** fanout: one fetchAll on one loop thread. */
final class FanoutContender implements Contender {

    /** Room in the queue for the largest batch the benches send (100,000 GETs) ten times over. */
    private static final int MAX_QUEUED = 1_000_000;

    private final FanoutClient client;

    FanoutContender(int maxConnections) {
        client = FanoutClient.builder()
                .maxInFlight(maxConnections)
                .maxConnectionsPerHost(maxConnections)
                // A batch larger than the connections waits in fanout's queue: room for the largest.
                .maxQueued(MAX_QUEUED)
                .build();
    }

    @Override
    public String name() {
        return "fanout";
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
