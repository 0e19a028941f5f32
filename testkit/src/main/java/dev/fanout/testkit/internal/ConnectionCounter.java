package dev.fanout.testkit.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * Counts the TCP connections the server accepts: how many were opened, how many are open now,
 * and the most open at once.
 *
 * <p>Jetty tells a {@link Connection.Listener} about every {@link Connection} it opens and
 * closes, and one TCP connection carries several of them:
 *
 * <pre>
 *  TLS:    socket ── SslConnection ── decrypted end point ── ALPN, then HTTP/2 or HTTP/1.1
 *  plain:  socket ── HTTP/1.1, then h2c (upgraded in place when the client speaks HTTP/2)
 * </pre>
 *
 * Counting each would count one TCP connection two or three times. So this counts sockets:
 * only connections whose end point is the socket's ({@link SocketChannelEndPoint}) are looked
 * at, a socket counts when its first connection opens, and it is no longer open when a
 * connection on it closes with the socket closed (an upgrade to h2c closes the HTTP/1.1
 * connection with the socket still open, and opens the next on the same socket).
 *
 * <p>Thread-safe: Jetty calls it on its selector and request threads while tests read.
 */
public final class ConnectionCounter implements Connection.Listener {

    private final Set<EndPoint> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private int opened;
    private int peak;

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (!(endPoint instanceof SocketChannelEndPoint)) {
            return; // on a TLS connection's decrypted end point: its socket is counted already
        }
        synchronized (this) {
            if (open.add(endPoint)) {
                opened++;
                peak = Math.max(peak, open.size());
            }
        }
    }

    @Override
    public void onClosed(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (!(endPoint instanceof SocketChannelEndPoint) || endPoint.isOpen()) {
            return; // upgraded in place: the socket goes on with its next connection
        }
        synchronized (this) {
            open.remove(endPoint);
        }
    }

    /** Returns the number of TCP connections opened since the last reset. */
    public synchronized int opened() {
        return opened;
    }

    /** Returns the number of TCP connections open now. */
    public synchronized int open() {
        return open.size();
    }

    /** Returns the most TCP connections open at once since the last reset. */
    public synchronized int peak() {
        return peak;
    }

    /**
     * Forgets the connections opened so far; those still open count on in {@link #open()} and
     * start the new {@link #peak()}.
     */
    public synchronized void reset() {
        opened = 0;
        peak = open.size();
    }
}
