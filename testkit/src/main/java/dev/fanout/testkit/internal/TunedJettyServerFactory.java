package dev.fanout.testkit.internal;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;

/**
 * Builds WireMock's own Jetty server with four changes: stopping it also drops the responses
 * still waiting for their delay, its HTTP/2 connection factories announce the testkit's stream
 * limit, its connectors report every connection to a {@link ConnectionCounter}, and its parsers
 * keep no cache of header fields.
 *
 * <p><b>Prompt stop.</b> WireMock's {@code stop()} only calls {@code shutdown()} on its
 * scheduler of delayed responses, and a scheduler that is shut down still runs the tasks
 * already scheduled: a never-answered request would keep a non-daemon thread alive for 24 days
 * after the server closed, and a slow body would go on sleeping through its duration. This
 * calls {@code shutdownNow()} first.
 *
 * <p><b>Stream limit.</b> WireMock has no option for it: its h2 (TLS) and h2c (plain) factories
 * keep Jetty's default of 128 concurrent streams per connection. They are created in WireMock's
 * constructor and only read when the server starts, so the limit is set on them in between.
 *
 * <p><b>No header cache.</b> Jetty's HTTP/1.1 parser keeps a cache of header fields per
 * connection, a trie sized 1,024 (Jetty's default, counted in character branches) that it makes
 * at the connection's first request, for the requests that follow on it. In a fan-out most
 * connections carry one or two requests, and making the trie, most of it zeroing its arrays, was
 * 9% of the server's CPU samples in batches on new connections (async-profiler;
 * bench/README.md). The cache is off.
 *
 * <p>Thread-safe: WireMock calls it once per server.
 */
public final class TunedJettyServerFactory implements HttpServerFactory {

    private final int http2MaxConcurrentStreams;
    private final ConnectionCounter connections;

    /**
     * Creates a factory of servers that allow {@code http2MaxConcurrentStreams} streams per HTTP/2
     * connection (when HTTP/2 is on) and count their connections into {@code connections}.
     */
    public TunedJettyServerFactory(int http2MaxConcurrentStreams, ConnectionCounter connections) {
        this.http2MaxConcurrentStreams = http2MaxConcurrentStreams;
        this.connections = connections;
    }

    @Override
    public String getName() {
        return "fanout-testkit-jetty";
    }

    @Override
    public HttpServer buildHttpServer(
            Options options, AdminRequestHandler adminRequestHandler, StubRequestHandler stubRequestHandler) {
        TunedJettyServer server = new TunedJettyServer(options, adminRequestHandler, stubRequestHandler);
        server.tune(http2MaxConcurrentStreams, connections);
        return server;
    }

    private static final class TunedJettyServer extends Jetty11HttpServer {

        TunedJettyServer(
                Options options, AdminRequestHandler adminRequestHandler, StubRequestHandler stubRequestHandler) {
            super(options, adminRequestHandler, stubRequestHandler);
        }

        /** Tunes the connectors WireMock made; before {@link #start()}, which is when Jetty reads them. */
        void tune(int http2MaxConcurrentStreams, ConnectionCounter connections) {
            for (Connector connector : jettyServer.getConnectors()) {
                for (ConnectionFactory factory : connector.getConnectionFactories()) {
                    if (factory instanceof AbstractHTTP2ServerConnectionFactory) {
                        ((AbstractHTTP2ServerConnectionFactory) factory)
                                .setMaxConcurrentStreams(http2MaxConcurrentStreams);
                    }
                    if (factory instanceof HttpConfiguration.ConnectionFactory) {
                        ((HttpConfiguration.ConnectionFactory) factory)
                                .getHttpConfiguration()
                                .setHeaderCacheSize(0);
                    }
                }
                // Jetty hands each connection it makes the connector's Connection.Listeners.
                connector.addEventListener(connections);
            }
        }

        @Override
        public void stop() {
            if (scheduledExecutorService != null) {
                scheduledExecutorService.shutdownNow();
            }
            super.stop();
        }
    }
}
