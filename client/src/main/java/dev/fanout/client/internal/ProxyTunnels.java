package dev.fanout.client.internal;

import dev.fanout.client.Proxy;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What a connection through a proxy needs beyond a direct one: the host to resolve and the
 * address to connect to (the proxy's), the handler that opens a tunnel to the origin, and the
 * words of its failures, which name the proxy and never its credentials. Stateless.
 *
 * <pre>
 *  tunnel (https via HTTP proxy, anything via SOCKS5, h2c via HTTP proxy):
 *    HttpProxyHandler | Socks5ProxyHandler ─ TunnelFailures ─ [SslHandler] ─ the protocol's handlers
 *  absolute form (http via HTTP proxy): the HTTP/1.1 handlers alone, on a connection to the proxy
 * </pre>
 *
 * <p>Netty's proxy handler comes first in the pipeline: it turns the connect into one to the
 * proxy, holds what the handlers after it write (TLS's ClientHello, h2's preface) until the
 * proxy has opened the tunnel, then lets it through. The target address it is given is
 * unresolved, so the proxy resolves the origin's name; the bootstrap is told not to resolve it.
 */
final class ProxyTunnels {

    private ProxyTunnels() {}

    /** Returns the host whose address the client looks up: the proxy's when there is one, else the origin's. */
    static String hostToResolve(Route route) {
        return route.proxied() ? route.proxy().host() : route.origin().host();
    }

    /** Returns what the connection connects to: the proxy's address when it forwards, the unresolved origin when tunnelled. */
    static SocketAddress remote(Route route, InetAddress resolved, boolean tunnelled) {
        if (tunnelled) {
            return InetSocketAddress.createUnresolved(
                    route.origin().host(), route.origin().port());
        }
        return new InetSocketAddress(
                resolved,
                route.proxied() ? route.proxy().port() : route.origin().port());
    }

    /**
     * Returns the handler that opens a tunnel to the route's origin through the proxy at
     * {@code proxyAddress}, or null when the connection needs none: direct, or absolute-form
     * requests to an HTTP proxy ({@link Route#forwarded}). It has no timeout of its own: the
     * connection's {@link SetupDeadline} bounds it with the connect and the TLS handshake.
     */
    static ProxyHandler tunnel(Route route, InetAddress proxyAddress, boolean priorKnowledge) {
        if (!route.proxied() || route.forwarded(priorKnowledge)) {
            return null;
        }
        Proxy p = route.proxy();
        InetSocketAddress at = new InetSocketAddress(proxyAddress, p.port());
        boolean auth = p.username() != null;
        ProxyHandler handler = p.type() == Proxy.Type.HTTP
                ? auth ? new HttpProxyHandler(at, p.username(), p.password()) : new HttpProxyHandler(at)
                : auth ? new Socks5ProxyHandler(at, p.username(), p.password()) : new Socks5ProxyHandler(at);
        handler.setConnectTimeoutMillis(0);
        return handler;
    }

    /** Returns the words of a TCP connect to {@code peer}, the route's proxy or its origin, that failed for {@code why}. */
    static String unreachable(Route route, InetSocketAddress peer, String why) {
        if (route.proxied()) {
            return "cannot connect to " + kind(route.proxy()) + " "
                    + route.proxy().address() + ": " + why;
        }
        return "cannot connect to " + peer.getAddress().getHostAddress() + ":" + peer.getPort() + ": " + why;
    }

    /** Returns the words of a proxy that did not open the tunnel: what it said, or what happened. */
    static String refused(Route route, Throwable cause) {
        Proxy p = route.proxy();
        String what = p.type() == Proxy.Type.HTTP ? "refused CONNECT to " : "did not connect to ";
        return kind(p) + " " + p.address() + " " + what + target(route) + ": " + reason(cause);
    }

    /** Returns the words of a proxy that had not opened the tunnel when the setup's time ran out ({@code within}). */
    static String unanswered(Route route, String within) {
        return kind(route.proxy()) + " " + route.proxy().address() + " did not open the tunnel to " + target(route)
                + " " + within + ", which bounds the connect, the tunnel and the TLS handshake together";
    }

    private static String target(Route route) {
        return route.origin().host().indexOf(':') >= 0
                ? "[" + route.origin().host() + "]:" + route.origin().port()
                : route.origin().host() + ":" + route.origin().port();
    }

    private static String kind(Proxy p) {
        return p.type() == Proxy.Type.HTTP ? "proxy" : "SOCKS5 proxy";
    }

    /**
     * Returns what the proxy said. Netty's message reads "protocol, auth, proxy => target,
     * reason" (no credentials: the auth part is the scheme's name); the reason is its end.
     */
    private static String reason(Throwable cause) {
        String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        int arrow = message.indexOf(" => ");
        int comma = arrow < 0 ? -1 : message.indexOf(", ", arrow);
        String reason = comma < 0 ? message : message.substring(comma + 2);
        if (reason.startsWith("authStatus: ")) {
            return "user name and password refused (" + reason.substring("authStatus: ".length()) + ")";
        }
        if (reason.startsWith("unexpected authMethod: UNACCEPTED")) {
            return "it accepted none of the authentication methods offered (are credentials needed?)";
        }
        if (reason.startsWith("status: ")) {
            return reason.substring("status: ".length());
        }
        return switch (reason) {
            case "disconnected" -> "it closed the connection";
            case "" -> Failures.describe(cause);
            default -> reason;
        };
    }

    /**
     * Closes a connection whose setup is abandoned. With a proxy handler in its pipeline, the
     * close starts at the handler, so that the handlers after it (TLS) take no part: TLS's close
     * would write a close_notify into the writes the handler holds until the tunnel opens, and
     * wait for it, so the channel would stay open, and what the handler holds unreleased, up to
     * TLS's flush timeout or forever when the loop ends first (seen as leaked buffers). Closed
     * from the handler, the channel goes at once, and the handler fails and releases its held
     * writes as it goes inactive.
     */
    static void close(Channel channel) {
        ChannelHandlerContext tunnel = channel.pipeline().context(ProxyHandler.class);
        if (tunnel != null) {
            tunnel.close();
        } else {
            channel.close();
        }
    }

    /**
     * Drops the proxy handler's failure on its way down the pipeline: it is reported through the
     * handler's connect future, and the handlers after it (ALPN's would warn) have nothing to do
     * with it. Sharable.
     */
    @ChannelHandler.Sharable
    static final class TunnelFailures extends ChannelInboundHandlerAdapter {
        static final TunnelFailures INSTANCE = new TunnelFailures();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof ProxyConnectException)) {
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}
