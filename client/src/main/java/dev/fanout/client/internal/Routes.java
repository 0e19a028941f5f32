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
 * Chooses the {@link Route}s of each attempt: the client's one proxy, or what its
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
     * @throws IllegalArgumentException if the selector fails or picks a proxy without an address
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

    /** Returns the routes the selector chose for {@code uri}, in its order. */
    private List<RouteFailover.Choice> choices(Origin origin, URI uri) {
        List<RouteFailover.Choice> choices = new ArrayList<>(2);
        for (var chosen : selector.select(uri)) {
            // java.net.Proxy, named by its methods only: dev.fanout.client.Proxy has the name here
            SocketAddress address = chosen.address();
            switch (chosen.type()) {
                case DIRECT:
                    choices.add(new RouteFailover.Choice(Route.direct(origin), null));
                    break;
                case HTTP:
                    choices.add(new RouteFailover.Choice(
                            new Route(origin, Proxy.http(host(address), ((InetSocketAddress) address).getPort())),
                            address));
                    break;
                case SOCKS:
                    choices.add(new RouteFailover.Choice(
                            new Route(origin, Proxy.socks5(host(address), ((InetSocketAddress) address).getPort())),
                            address));
                    break;
                default:
                    break;
            }
            if (!choices.isEmpty()) {
                break; // the first proxy only: no other is tried when it fails
            }
        }
        if (choices.isEmpty()) { // an empty list: as the JDK's clients, go straight
            choices.add(new RouteFailover.Choice(Route.direct(origin), null));
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
