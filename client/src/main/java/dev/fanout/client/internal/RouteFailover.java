package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One attempt's wait for a connection on the routes a {@link ProxySelector} chose, tried in its
 * order, as the JDK's {@code HttpURLConnection} and OkHttp's {@code RouteSelector} do: when a
 * route fails before reaching the origin (the proxy's name does not resolve, the proxy cannot be
 * reached, or it does not open the tunnel: {@code DNS} or {@code CONNECT}), the selector is told
 * ({@link ProxySelector#connectFailed}, for a proxy, not for {@code DIRECT}) and the next route
 * is tried, {@code DIRECT} included when the selector listed it. A route that reached the origin
 * and failed there ({@code TLS}, {@code PROTOCOL}) ends the wait: another proxy would meet the
 * same origin. When every route failed, the attempt fails once, {@code CONNECT}, its message
 * naming each route tried and why (never a password).
 *
 * <pre>
 *   proxy A ─ CONNECT failed ─► selector.connectFailed(uri, A, e) ─► proxy B ─ ok ─► attempt
 *                                                                   └ failed ─► ... ─► CONNECT "every route failed: A ...; B ..."
 * </pre>
 *
 * <p>Each route gets the connect timeout of its own (a proxy that swallows packets must not use
 * up the next one's); the request timeout bounds them all, and when it ends the wait, the route
 * under way is aborted and no other is tried. Loop-confined.
 */
final class RouteFailover implements ConnectionSource.Callback, ConnectionSource.Pending {

    /**
     * A route the selector chose.
     *
     * @param route the route
     * @param address the proxy's address as the selector gave it, or null for {@code DIRECT}
     */
    record Choice(Route route, SocketAddress address) {}

    private final ConnectionSource source;
    private final URI uri;
    private final ProxySelector selector;
    private final List<Choice> choices;
    private final boolean fresh;
    private final ConnectionSource.Callback callback;
    private final List<String> failures = new ArrayList<>(0);
    private ConnectionSource.Pending current;
    private int tried;
    private boolean over; // answered, or aborted

    RouteFailover(
            ConnectionSource source,
            URI uri,
            ProxySelector selector,
            List<Choice> choices,
            boolean fresh,
            ConnectionSource.Callback callback) {
        this.source = source;
        this.uri = uri;
        this.selector = selector;
        this.choices = choices;
        this.fresh = fresh;
        this.callback = callback;
    }

    /** Starts on the first route. Returns null when answered at once, else itself, to abort. */
    ConnectionSource.Pending start() {
        tryNext();
        return over ? null : this;
    }

    private void tryNext() {
        int mine = ++tried;
        ConnectionSource.Pending pending = source.acquire(choices.get(mine - 1).route(), fresh, this);
        if (!over && tried == mine) { // not answered meanwhile
            current = pending;
        }
    }

    @Override
    public TimingsRecorder timings() {
        return callback.timings();
    }

    @Override
    public void shared(HttpConnection connection) {
        current = null;
        over = true;
        callback.shared(connection);
    }

    @Override
    public void connected(HttpConnection connection) {
        current = null;
        over = true;
        callback.connected(connection);
    }

    @Override
    public void connectFailed(ErrorKind kind, String detail, Throwable cause) {
        current = null;
        Choice failed = choices.get(tried - 1);
        boolean routeFailed = kind == ErrorKind.DNS || kind == ErrorKind.CONNECT;
        if (routeFailed && failed.address() != null) {
            tellSelector(failed.address(), detail, cause);
        }
        if (routeFailed && tried < choices.size()) {
            failures.add(failed.route().proxied() ? detail : "direct: " + detail);
            callback.timings().setupEnded(callback.timings().now());
            tryNext();
            return;
        }
        over = true;
        if (failures.isEmpty()) {
            callback.connectFailed(kind, detail, cause);
            return;
        }
        failures.add(failed.route().proxied() ? detail : "direct: " + detail);
        callback.connectFailed(
                routeFailed ? ErrorKind.CONNECT : kind,
                "every route failed (" + failures.size() + " tried): " + String.join("; ", failures),
                cause);
    }

    /** Tells the selector that the proxy at {@code address} failed, as {@link ProxySelector#connectFailed} asks. */
    private void tellSelector(SocketAddress address, String detail, Throwable cause) {
        try {
            selector.connectFailed(uri, address, new IOException(detail, cause));
        } catch (RuntimeException e) {
            // its bookkeeping failed, not the request: the next route is tried all the same
        }
    }

    @Override
    public void abort() {
        over = true;
        if (current != null) {
            current.abort();
            current = null;
        }
    }

    @Override
    public String phase() {
        return current == null ? "while connecting" : current.phase();
    }
}
