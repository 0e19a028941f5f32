package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One budget for a connection's setup: the connect timeout bounds the TCP connect, a proxy's
 * tunnel, the TLS handshake and, over HTTP/2, the wait for the server's SETTINGS together, not
 * each of them (three phases that each had the whole timeout could take three times it).
 *
 * <pre>
 *   DNS ─► TCP connect ─► [proxy tunnel] ─► [TLS handshake] ─► [h2 SETTINGS] ─► connected
 *          |&lt;──────────────────────── connect timeout ────────────────────────&gt;|
 * </pre>
 *
 * <p>It stands in front of the {@link Connector.Callback} that asked for the connection: its
 * timer starts when the TCP connect does, stops when the callback is told the outcome, and if
 * it fires first, it aborts the {@link PendingConnect} (the channel is closed, the
 * {@link Connector} says nothing more) and fails the attempt naming the phase it was in:
 * {@code CONNECT} while connecting or waiting for the tunnel, {@code TLS} during the
 * handshake, {@code PROTOCOL} while an HTTP/2 server's SETTINGS are awaited. (The DNS lookup
 * has its own timeout, the resolver's.) Its timer is Netty's, on real time, as the TCP
 * connect's own timeout is. Loop-confined: everything runs on the channel's event loop, the
 * client's loop thread.
 */
final class SetupDeadline implements Connector.Callback {

    private final Connector.Callback callback;
    private final PendingConnect attempt;
    private final Route route;
    private final InetSocketAddress peer;
    private final long timeoutMillis;
    private final ScheduledFuture<?> timer;
    private boolean told;

    /**
     * Starts the budget of {@code attempt}'s setup on {@code route}, whose TCP peer (the proxy
     * when there is one) is {@code peer}; {@code callback} is told the outcome.
     */
    SetupDeadline(
            Connector.Callback callback,
            PendingConnect attempt,
            Route route,
            InetSocketAddress peer,
            EventLoop eventLoop,
            long timeoutMillis) {
        this.callback = callback;
        this.attempt = attempt;
        this.route = route;
        this.peer = peer;
        this.timeoutMillis = timeoutMillis;
        this.timer = eventLoop.schedule(this::expire, timeoutMillis, TimeUnit.MILLISECONDS);
        // A setup cancelled with its request must not leave its timer queued until it would fire:
        // a cancelled batch of thousands of https requests would leave thousands.
        attempt.whenAborted(() -> timer.cancel(false));
    }

    /** Returns true while the deadline's timer is still to fire. */
    boolean armed() {
        return !timer.isDone();
    }

    @Override
    public TimingsRecorder timings() {
        return callback.timings();
    }

    @Override
    public void connected(HttpConnection connection) {
        if (!told) {
            told = true;
            timer.cancel(false);
            callback.connected(connection);
        }
    }

    @Override
    public void connectFailed(ErrorKind kind, String detail, Throwable cause) {
        if (!told) {
            told = true;
            timer.cancel(false);
            callback.connectFailed(kind, detail, cause);
        }
    }

    private void expire() {
        if (told || attempt.aborted) {
            return;
        }
        told = true;
        Channel channel = attempt.channel;
        String within = "within the connect timeout (" + timeoutMillis + " ms)";
        ProxyHandler tunnel = channel == null ? null : channel.pipeline().get(ProxyHandler.class);
        SslHandler tls = channel == null ? null : channel.pipeline().get(SslHandler.class);
        ErrorKind kind = ErrorKind.CONNECT;
        String detail;
        if (channel == null || !channel.isActive()) { // in the words of the TCP connect's own timeout
            detail = ProxyTunnels.unreachable(route, peer, "no answer " + within);
        } else if (tunnel != null && !tunnel.isConnected()) {
            detail = ProxyTunnels.unanswered(route, within);
        } else if (tls != null && !tls.handshakeFuture().isDone()) {
            kind = ErrorKind.TLS;
            detail = "TLS handshake with " + route.origin().hostHeader() + " not done " + within
                    + ", which bounds the connect" + (route.proxied() ? ", the proxy's tunnel" : "")
                    + " and the handshake together";
        } else {
            kind = ErrorKind.PROTOCOL;
            detail = "server at " + route.origin().hostHeader() + " sent no HTTP/2 SETTINGS " + within;
        }
        attempt.abort();
        callback.connectFailed(kind, detail, null);
    }
}
