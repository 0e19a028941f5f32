package dev.fanout.bench;

import com.github.tomakehurst.wiremock.http.trafficlistener.WiremockNetworkTrafficListener;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the connections WireMock's Jetty accepts, on every connector (plain and TLS), as Jetty
 * opens and closes them: the testkit has no count of its own.
 *
 * <p>Thread-safe: Jetty calls it from its selector threads.
 */
final class ConnectionCounter implements WiremockNetworkTrafficListener {

    private final AtomicLong opened = new AtomicLong();

    @Override
    public void opened(Socket socket) {
        opened.incrementAndGet();
    }

    @Override
    public void incoming(Socket socket, ByteBuffer bytes) {}

    @Override
    public void outgoing(Socket socket, ByteBuffer bytes) {}

    @Override
    public void closed(Socket socket) {}

    /** Returns the connections accepted so far. */
    long opened() {
        return opened.get();
    }
}
