package dev.fanout.bench;

import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider.GenericSslContextSpec;

/**
 * Reactor Netty over HTTP/2: {@code protocol(H2)} over TLS, every URL merged into one Flux with
 * the batch as its concurrency, over a pool of up to {@code maxConnections} connections (over
 * HTTP/2 its {@code maxConnections} counts connections, each carrying up to the server's stream
 * limit) with no bound on the requests waiting for one.
 *
 * <p>As {@code reactor-netty} the pool may open N connections, the same bound as fanout's, and
 * how many it opens is its own choice. As {@code reactor-netty-fitted} it may open only the
 * fewest that carry the batch at the servers' limit of 128 streams a connection: what a user who
 * knows the server's limit would set.
 */
final class ReactorNettyHttp2Contender implements Http2Contender {

    private final ConnectionProvider pool;
    private final HttpClient client;
    private final String name;
    private final int concurrency;

    ReactorNettyHttp2Contender(String name, int maxConnections, int concurrency, Path trustedPem) {
        this.name = name;
        this.concurrency = concurrency;
        this.pool = ConnectionProvider.builder("bench-h2")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(REQUEST_TIMEOUT)
                .build();
        // As the generic spec: the overload for a protocol spec is deprecated in Reactor Netty 1.3.
        GenericSslContextSpec<SslContextBuilder> tls =
                Http2SslContextSpec.forClient().configure(builder -> builder.trustManager(trustedPem.toFile()));
        this.client = HttpClient.create(pool)
                .protocol(HttpProtocol.H2)
                .secure(spec -> spec.sslContext(tls))
                .responseTimeout(REQUEST_TIMEOUT);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BatchOutcome fetchAll(List<String> urls) {
        String[] problems = new String[urls.size()];
        Flux.range(0, urls.size())
                .flatMap(
                        i -> client.get()
                                .uri(urls.get(i))
                                .responseSingle((response, body) -> body.asByteArray()
                                        .defaultIfEmpty(new byte[0])
                                        .map(bytes -> response.status().code() == 200
                                                        && response.version()
                                                                .text()
                                                                .equals("HTTP/2.0")
                                                ? ""
                                                : BatchOutcome.describeAnswer(
                                                        response.status().code(),
                                                        response.version().text())))
                                .onErrorResume(error -> Mono.just(BatchOutcome.describe(error)))
                                .doOnNext(problem -> problems[i] = problem.isEmpty() ? null : problem),
                        concurrency)
                .then()
                .block(); // block() orders each doOnNext's write to problems before the reads in of()
        return BatchOutcome.of(urls, problems);
    }

    @Override
    public void close() {
        pool.disposeLater().block();
    }
}
