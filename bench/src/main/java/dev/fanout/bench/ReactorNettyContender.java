package dev.fanout.bench;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Reactor Netty: every URL merged into one Flux, its connection pool raised to the batch. */
final class ReactorNettyContender implements Contender {

    private final ConnectionProvider pool;
    private final HttpClient client;
    private final int maxConnections;

    ReactorNettyContender(int maxConnections) {
        this.maxConnections = maxConnections;
        this.pool = ConnectionProvider.builder("bench")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .build();
        this.client = HttpClient.create(pool);
    }

    @Override
    public String name() {
        return "reactor-netty";
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) {
        Long ok = Flux.fromIterable(urls)
                .flatMap(
                        url -> client.get()
                                .uri(url)
                                .responseSingle((response, body) -> body.asByteArray()
                                        .map(bytes -> Contender.expected(
                                                response.status().code(), bytes.length, bodyLength))
                                        .defaultIfEmpty(Contender.expected(
                                                response.status().code(), 0, bodyLength)))
                                // A failed request counts as a wrong answer, as in the other contenders.
                                .onErrorReturn(false),
                        maxConnections)
                .filter(expected -> expected)
                .count()
                .block();
        return ok == null ? 0 : ok.intValue();
    }

    @Override
    public void close() {
        pool.disposeLater().block();
    }
}
