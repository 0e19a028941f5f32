package dev.fanout.client.internal;

import dev.fanout.client.Proxy;
import java.net.Authenticator;
import java.net.Authenticator.RequestorType;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.PasswordAuthentication;
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
 * reads system properties and is quick. A proxy without credentials of its own gets those of the
 * client's proxy {@link Authenticator}, if any, asked at the same time. Immutable.
 */
final class Routes {

    private final Proxy proxy;
    private final ProxySelector selector;
    private final Authenticator authenticator;

    /** Routes as {@code config} says: through its selector when it has one, else through its one proxy. */
    Routes(ClientConfig config) {
        this.proxy = config.proxy();
        this.selector = config.proxySelector();
        this.authenticator = config.proxyAuthenticator();
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
            Route route = new Route(origin, proxy);
            return source.acquire(authenticator == null ? route : withCredentials(route, uri(origin)), fresh, callback);
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
                choices.add(new RouteFailover.Choice(withCredentials(route, uri), route.proxied() ? address : null));
            }
        }
        return choices;
    }

    /**
     * Returns {@code route} with the credentials the authenticator gives for its proxy, when it
     * has an authenticator and the proxy has no credentials of its own; else {@code route}. The
     * authenticator is asked as the JDK asks for a proxy: {@link RequestorType#PROXY}, the
     * proxy's host and port, protocol {@code http} (scheme {@code Basic}) or {@code SOCKS5}, the
     * URL {@code uri}; no address (not yet resolved) and no realm (asked before connecting).
     */
    private Route withCredentials(Route route, URI uri) {
        Proxy p = route.proxy();
        if (authenticator == null || !route.proxied() || p.username() != null) {
            return route;
        }
        boolean http = p.type() == Proxy.Type.HTTP;
        PasswordAuthentication given;
        try {
            given = authenticator.requestPasswordAuthenticationInstance(
                    p.host(),
                    null,
                    p.port(),
                    http ? "http" : "SOCKS5",
                    "",
                    http ? "Basic" : null,
                    uri.toURL(),
                    RequestorType.PROXY);
        } catch (MalformedURLException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "the proxy authenticator failed for " + p.address() + ": " + Failures.describe(e), e);
        }
        if (given == null) {
            return route;
        }
        return new Route(route.origin(), p.withCredentials(given.getUserName(), new String(given.getPassword())));
    }

    private static String host(SocketAddress address) {
        if (!(address instanceof InetSocketAddress a)) {
            throw new IllegalArgumentException("the proxy selector chose a proxy without a host: " + address);
        }
        return a.getHostString();
    }
}
