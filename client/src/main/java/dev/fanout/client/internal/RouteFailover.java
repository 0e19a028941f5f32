package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * One attempt's wait for a connection on the routes a {@link ProxySelector} chose: it asks the
 * {@link ConnectionSource} for one on the first route and passes what comes to the attempt.
 * Loop-confined.
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
    private ConnectionSource.Pending current;

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
        current = source.acquire(choices.get(0).route(), fresh, this);
        return current == null ? null : this;
    }

    @Override
    public TimingsRecorder timings() {
        return callback.timings();
    }

    @Override
    public void shared(HttpConnection connection) {
        current = null;
        callback.shared(connection);
    }

    @Override
    public void connected(HttpConnection connection) {
        current = null;
        callback.connected(connection);
    }

    @Override
    public void connectFailed(ErrorKind kind, String detail, Throwable cause) {
        current = null;
        callback.connectFailed(kind, detail, cause);
    }

    @Override
    public void abort() {
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
