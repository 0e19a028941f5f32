package dev.fanout.client.internal;

import dev.fanout.client.Proxy;
import java.util.Objects;

/**
 * How a connection reaches an origin: straight, or through a proxy. The key of the connection
 * pool and of the connections being opened, so that two proxies, or a proxy and the direct
 * path, never share a connection; the dispatcher's per-host limits, rate limits and adaptive
 * limits stay keyed by the {@link Origin} alone, whatever the route. Immutable; its hash is
 * worked out once, as the origin's is, since the pool looks a route up at every request.
 */
final class Route {

    private final Origin origin;
    private final Proxy proxy;
    private final int hash;

    /** Creates the route to {@code origin} through {@code proxy} (with its credentials), or {@link Proxy#NONE}. */
    Route(Origin origin, Proxy proxy) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.hash = origin.hashCode() * 31 + proxy.hashCode();
    }

    /** Returns the route straight to {@code origin}. */
    static Route direct(Origin origin) {
        return new Route(origin, Proxy.NONE);
    }

    /** Returns the origin the connection serves. */
    Origin origin() {
        return origin;
    }

    /** Returns the proxy it goes through (with its credentials), or {@link Proxy#NONE}. */
    Proxy proxy() {
        return proxy;
    }

    /** Returns true when the connection goes through a proxy. */
    boolean proxied() {
        return proxy.type() != Proxy.Type.DIRECT;
    }

    /**
     * Returns true when requests are sent to an HTTP proxy in absolute form on a connection to
     * it, not through a tunnel: plain http, unless h2c with prior knowledge needs the tunnel.
     */
    boolean forwarded(boolean priorKnowledge) {
        return proxy.type() == Proxy.Type.HTTP && !origin.secure() && !priorKnowledge;
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof Route other
                        && hash == other.hash
                        && origin.equals(other.origin)
                        && proxy.equals(other.proxy);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return proxied() ? origin + " via " + proxy.address() : origin.toString();
    }
}
