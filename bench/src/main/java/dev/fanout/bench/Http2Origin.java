package dev.fanout.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The server of {@link Http2FanOutBench}: one origin speaking HTTP/2 over TLS that holds every
 * request for the same delay, and counts, on its side of the connections, what each batch did to
 * it.
 *
 * <p>Not thread-safe: the bench's main thread starts, uses and closes it.
 */
interface Http2Origin extends AutoCloseable {

    /** Returns the name printed in the results, for example {@code nginx}. */
    String name();

    /** Returns what the server is, for the results' header: version, stream limit, delay. */
    String describe();

    /** Returns {@code n} distinct {@code https://} URLs of this origin, each held for the delay. */
    List<String> urls(int n);

    /** Returns the PEM file of the certificate a client must trust to reach the origin. */
    Path certificatePem();

    /** Starts counting for a batch that is about to be sent. */
    void beforeBatch() throws Exception;

    /** Returns what the server counted since {@link #beforeBatch()}, once the batch has ended. */
    OriginCounts afterBatch() throws Exception;

    /** Stops the server; throws nothing. */
    @Override
    void close();
}
