package dev.fanout.testkit.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the hostile server counted: connections accepted, and requests read (HTTP/1.1 request
 * heads and HTTP/2 streams alike).
 *
 * <p>Thread-safe: written on the server's event loop, read by tests on theirs.
 */
public final class HostileCounts {

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    /** Counts a connection accepted. */
    void connectionAccepted() {
        connections.incrementAndGet();
    }

    /** Counts a request read. */
    void requestRead() {
        requests.incrementAndGet();
    }

    /** Returns the number of connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Returns the number of requests read so far. */
    public int requests() {
        return requests.get();
    }
}
