package dev.fanout.client.internal;

import dev.fanout.client.Proxy;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the {@link Route}s of each attempt: the client's one proxy, or the proxies its
 * {@link ProxySelector} picks for the origin, tried in turn by a {@link RouteFailover}. The
 * selector is asked on the loop thread, once per attempt, with {@code scheme://host:port/}
 * (never the URL's path, query or user information), and must not block; the JDK's default one
 * reads system properties and is quick. Immutable.
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
     * Finds {@code callback} a connection to {@code origin} from {@code source}: on the client's
     * one route, or on the selector's routes in turn. Returns null when it was answered at
     * once, else what to abort.
     *
     * @throws RuntimeException what the selector throws; IllegalArgumentException when it chooses
     *     nothing or a proxy without an address
     */
    ConnectionSource.Pending acquire(
            ConnectionSource source, Origin origin, boolean fresh, ConnectionSource.Callback callback) {
        if (selector == null) {
            return source.acquire(new Route(origin, proxy), fresh, callback);
        }
        URI uri = uri(origin);
        return new RouteFailover(source, uri, selector, choices(origin, uri), fresh, callback).start();
    }

    private static URI uri(Origin origin) {
        try {
            return new URI(origin.scheme(), null, origin.host(), origin.port(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("no URI for the proxy selector: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the routes the selector chose for {@code uri}, in its order, each once.
     *
     * @throws IllegalArgumentException if it chose none: {@link ProxySelector#select} promises
     *     a list with {@code DIRECT} when no proxy is needed, and going straight on an empty list
     *     could take a request past a proxy the network requires
     */
    private List<RouteFailover.Choice> choices(Origin origin, URI uri) {
        // java.net.Proxy, named by var only: dev.fanout.client.Proxy has the name here
        var chosen = selector.select(uri);
        if (chosen == null || chosen.isEmpty()) {
            throw new IllegalArgumentException(
                    "the proxy selector returned " + (chosen == null ? "null" : "an empty list") + " for " + uri
                            + " (expected: at least one proxy, or Proxy.NO_PROXY to go straight)");
        }
        List<RouteFailover.Choice> choices = new ArrayList<>(chosen.size());
        for (var p : chosen) {
            SocketAddress address = p.address();
            Route route = switch (p.type()) {
                case DIRECT -> Route.direct(origin);
                case HTTP -> new Route(origin, Proxy.http(host(address), ((InetSocketAddress) address).getPort()));
                case SOCKS -> new Route(origin, Proxy.socks5(host(address), ((InetSocketAddress) address).getPort()));
            };
            if (choices.stream().noneMatch(c -> c.route().equals(route))) {
                choices.add(new RouteFailover.Choice(route, route.proxied() ? address : null));
            }
        }
        return choices;
    }

    private static String host(SocketAddress address) {
        if (!(address instanceof InetSocketAddress a)) {
            throw new IllegalArgumentException("the proxy selector chose a proxy without a host: " + address);
        }
        return a.getHostString();
    }
}
