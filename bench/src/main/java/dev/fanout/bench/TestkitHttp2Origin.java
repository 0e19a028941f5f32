package dev.fanout.bench;

import com.github.tomakehurst.wiremock.core.Version;
import dev.fanout.testkit.SlowEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The testkit's WireMock (Jetty 11) with HTTP/2 on, reached over TLS on its HTTPS port
 * ({@code h2} by ALPN), each request held by a testkit delay URL. Counts per batch: connections by
 * a {@link ConnectionCounter} on Jetty's connectors, requests and the most held at once by the
 * testkit's own probe. It cannot tell streams per connection, nor the protocol of each request.
 *
 * <p>Not thread-safe: the bench's main thread starts, uses and closes it.
 */
final class TestkitHttp2Origin implements Http2Origin {

    private final SlowEndpoints server;
    private final ConnectionCounter connections;
    private final Duration delay;
    private long openedBefore;

    private TestkitHttp2Origin(SlowEndpoints server, ConnectionCounter connections, Duration delay) {
        this.server = server;
        this.connections = connections;
        this.delay = delay;
    }

    /** Starts the server, holding each request for {@code delay}. */
    static TestkitHttp2Origin start(Duration delay) {
        ConnectionCounter connections = new ConnectionCounter();
        SlowEndpoints server = SlowEndpoints.builder()
                .http2(true)
                // The testkit's counts do not need WireMock's journal: the server's work per
                // request is then its answer alone.
                .requestJournal(false)
                .configure(options -> options.networkTrafficListener(connections))
                .start();
        return new TestkitHttp2Origin(server, connections, delay);
    }

    @Override
    public String name() {
        return "testkit";
    }

    @Override
    public String describe() {
        return "the testkit's WireMock " + Version.getCurrentVersion()
                + " with http2(true), over TLS (Jetty's default of 128 streams per connection), delay "
                + delay.toMillis() + " ms";
    }

    @Override
    public List<String> urls(int n) {
        return server.delayed(n, delay).stream().map(server::https).toList();
    }

    @Override
    public Path certificatePem() {
        return server.certificatePem().toAbsolutePath();
    }

    @Override
    public void beforeBatch() {
        server.reset();
        openedBefore = connections.opened();
    }

    @Override
    public OriginCounts afterBatch() {
        return new OriginCounts(
                connections.opened() - openedBefore, server.requestCount(), server.peakInFlight(), -1, -1);
    }

    @Override
    public void close() {
        server.close();
    }
}
