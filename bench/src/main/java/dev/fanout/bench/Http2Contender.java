package dev.fanout.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One HTTP client under test over HTTP/2 ({@code h2} over TLS, picked by ALPN): it fetches a
 * batch of URLs all at once, the way its own documentation recommends for concurrent requests,
 * with every limit it has on requests and connections raised to the batch, so that the
 * connections it opens are its own choice. Each answer is checked: a 200 over HTTP/2 is what was
 * asked for; any other answer, and every failure, is described for the results.
 *
 * <p>Not thread-safe: one thread builds it, runs its batches one after another and closes it.
 */
interface Http2Contender extends AutoCloseable {

    /** Each request's timeout, the same for every client: fanout's default. */
    Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The most concurrent streams both servers of the bench allow a connection (nginx's and
     * Jetty's default). Only {@code reactor-netty-fitted} is told it: the others learn it from the
     * server's SETTINGS, as a client of an unknown server must.
     */
    int SERVER_STREAM_LIMIT = 128;

    /** Returns the name printed in the results. */
    String name();

    /** Fetches every URL concurrently, reads each body, and returns what became of each request. */
    BatchOutcome fetchAll(List<String> urls) throws Exception;

    /** Releases the client's threads and connections; throws nothing. */
    @Override
    void close();

    /**
     * Creates the contender called {@code name}, allowed up to {@code maxConnections} connections
     * to the origin (and as many requests in flight), trusting the certificate in
     * {@code trustedPem}; {@code reactor-netty-fitted} is Reactor Netty allowed only the fewest
     * connections that carry {@code maxConnections} requests at the servers' stream limit.
     */
    static Http2Contender create(String name, int maxConnections, Path trustedPem) {
        return switch (name) {
            case "fanout" -> new FanoutHttp2Contender(maxConnections, trustedPem);
            case "jdk" -> new JdkHttp2Contender(trustedPem);
            case "reactor-netty" -> new ReactorNettyHttp2Contender(name, maxConnections, maxConnections, trustedPem);
            case "reactor-netty-fitted" ->
                new ReactorNettyHttp2Contender(
                        name,
                        (maxConnections + SERVER_STREAM_LIMIT - 1) / SERVER_STREAM_LIMIT,
                        maxConnections,
                        trustedPem);
            default ->
                throw new IllegalArgumentException(
                        "contender: " + name + " (expected: one of fanout, jdk, reactor-netty, reactor-netty-fitted)");
        };
    }
}
