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

    /** Returns the name printed in the results. */
    String name();

    /** Fetches every URL concurrently, reads each body, and returns what became of each request. */
    BatchOutcome fetchAll(List<String> urls) throws Exception;

    /** Releases the client's threads and connections; throws nothing. */
    @Override
    void close();

    /**
     * Creates the contender called {@code name}, allowed up to {@code maxConnections} connections
     * to the origin, trusting the certificate in {@code trustedPem}.
     */
    static Http2Contender create(String name, int maxConnections, Path trustedPem) {
        return switch (name) {
            case "fanout" -> new FanoutHttp2Contender(maxConnections, trustedPem);
            case "jdk" -> new JdkHttp2Contender(trustedPem);
            case "reactor-netty" -> new ReactorNettyHttp2Contender(maxConnections, trustedPem);
            default ->
                throw new IllegalArgumentException(
                        "contender: " + name + " (expected: one of fanout, jdk, reactor-netty)");
        };
    }
}
