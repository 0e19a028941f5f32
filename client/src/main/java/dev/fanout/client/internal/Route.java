package dev.fanout.client.internal;

import dev.fanout.client.Proxy;

/**
 * How a connection reaches an origin: straight, or through a proxy. The key of the connection
 * pool and of the connections being opened, so that two proxies, or a proxy and the direct
 * path, never share a connection; the dispatcher's per-host limits, rate limits and adaptive
 * limits stay keyed by the {@link Origin} alone, whatever the route.
 *
 * @param origin the origin the connection serves
 * @param proxy the proxy it goes through (with its credentials), or {@link Proxy#NONE}
 */
record Route(Origin origin, Proxy proxy) {

    /** Returns the route straight to {@code origin}. */
    static Route direct(Origin origin) {
        return new Route(origin, Proxy.NONE);
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
    public String toString() {
        return proxied() ? origin + " via " + proxy.address() : origin.toString();
    }
}
