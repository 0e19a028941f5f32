package dev.fanout.client.internal;

import dev.fanout.client.Proxy;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Chooses the {@link Route} of each attempt: through the client's one proxy, or through what its
 * {@link ProxySelector} picks for the origin (the first proxy of its list; no other is tried
 * when that one fails). The selector is asked on the loop thread, once per attempt, with
 * {@code scheme://host:port/} (never the URL's path, query or user information), and must
 * not block; the JDK's default one reads system properties and is quick. Immutable.
 */
final class Routes {

    private final Proxy proxy;
    private final ProxySelector selector;

    /** Routes through {@code selector} when it is not null, else through {@code proxy}. */
    Routes(Proxy proxy, ProxySelector selector) {
        this.proxy = proxy;
        this.selector = selector;
    }

    /**
     * Returns the route to {@code origin}.
     *
     * @throws IllegalArgumentException if the selector fails or picks a proxy without an address
     */
    Route of(Origin origin) {
        if (selector == null) {
            return new Route(origin, proxy);
        }
        URI uri;
        try {
            uri = new URI(origin.scheme(), null, origin.host(), origin.port(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("no URI for the proxy selector: " + e.getMessage(), e);
        }
        for (var chosen : selector.select(uri)) {
            // java.net.Proxy, named by its methods only: dev.fanout.client.Proxy has the name here
            SocketAddress address = chosen.address();
            switch (chosen.type()) {
                case DIRECT:
                    return Route.direct(origin);
                case HTTP:
                    return new Route(origin, Proxy.http(host(address), ((InetSocketAddress) address).getPort()));
                case SOCKS:
                    return new Route(origin, Proxy.socks5(host(address), ((InetSocketAddress) address).getPort()));
                default:
                    break;
            }
        }
        return Route.direct(origin); // an empty list: as the JDK's clients, go straight
    }

    private static String host(SocketAddress address) {
        if (!(address instanceof InetSocketAddress a)) {
            throw new IllegalArgumentException("the proxy selector chose a proxy without a host: " + address);
        }
        return a.getHostString();
    }
}
