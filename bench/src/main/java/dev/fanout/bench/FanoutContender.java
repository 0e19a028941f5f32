package dev.fanout.bench;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import java.util.List;

/** fanout: one fetchAll on one loop thread. */
final class FanoutContender implements Contender {

    private final FanoutClient client;

    FanoutContender(int maxConnections) {
        client = FanoutClient.builder()
                .maxInFlight(maxConnections)
                .maxConnectionsPerHost(maxConnections)
                .build();
    }

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public int fetchAll(List<String> urls) {
        List<Result> results = client.fetchAll(urls);
        return (int) results.stream().filter(result -> result.status() == 200).count();
    }

    @Override
    public void close() {
        client.close();
    }
}
