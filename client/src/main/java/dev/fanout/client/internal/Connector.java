package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.HttpVersion;
import dev.fanout.loop.Loop;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Opens connections: resolve the host, connect, and for https shake hands (chain and host
 * name verified, SNI, ALPN offering {@code h2} unless the client speaks HTTP/1.1 only), then set
 * up the protocol's {@link Pipelines} and hand the ready connection to the {@link Callback} that
 * asked, marking each phase on its recorder: a {@link Connection} over HTTP/1.1, an
 * {@link Http2Connection} once the server's SETTINGS arrived (h2 chosen by ALPN, or h2c with
 * prior knowledge on plain http under {@code HTTP_2}). Each phase's failure has its own kind:
 * {@code DNS}, {@code CONNECT}, {@code TLS}, and {@code PROTOCOL} for a server that does not
 * speak the HTTP/2 the client requires. Loop-confined.
 *
 * <p>On a {@link Route} through a proxy it resolves the proxy's name instead, and connects to
 * the proxy: with a tunnel to the origin first when the route needs one ({@link ProxyTunnels}),
 * whose handshake counts as connecting, and whose refusal is {@code CONNECT} naming the proxy
 * and what it said.
 *
 * <p>An attempt that ends while its connection is being made (timeout, cancel) aborts the
 * {@link PendingConnect}: the channel, if any, is closed and no callback comes.
 */
final class Connector {

    private static final int OPENS_PER_TASK = 64;

    private final Loop loop;
    private final EventLoop eventLoop;
    private final ArrayDeque<PendingConnect> waiting = new ArrayDeque<>();
    private boolean drainScheduled;
    private final ChannelFactory<? extends SocketChannel> channels;
    private final AddressResolver resolver;
    private final Pipelines pipelines;
    private final Supplier<SslContext> ssl;
    private final HttpVersion version;
    private final int connectTimeoutMillis;

    Connector(
            Loop loop,
            EventLoop eventLoop,
            ChannelFactory<? extends SocketChannel> channels,
            AddressResolver resolver,
            Pipelines pipelines,
            Supplier<SslContext> ssl,
            HttpVersion version,
            int connectTimeoutMillis) {
        this.loop = loop;
        this.eventLoop = eventLoop;
        this.channels = channels;
        this.resolver = resolver;
        this.pipelines = pipelines;
        this.ssl = ssl;
        this.version = version;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /**
     * What a connection is opened for: it is told the phases as they start, then the connection,
     * or why there is none, once (unless the {@link PendingConnect} is aborted first). Loop-confined.
     */
    interface Callback {

        /** Returns the recorder the setup phases (DNS, connect, TLS) are marked on. */
        TimingsRecorder timings();

        /**
         * The connection is open (its TLS handshake done and, over HTTP/2, the server's SETTINGS
         * in): ready for a request.
         */
        void connected(HttpConnection connection);

        /** No connection: {@code kind} is DNS, CONNECT or TLS, or PROTOCOL when HTTP/2 was required and refused. */
        void connectFailed(ErrorKind kind, String detail, Throwable cause);
    }

    /**
     * Starts opening a connection on {@code route} for {@code callback}. The work itself runs in
     * loop tasks of at most {@value #OPENS_PER_TASK} connections or a few milliseconds each
     * ({@link TaskBudget}), so that no one task of a batch of thousands holds the loop for long
     * (the tasks run back to back: TaskBudget says why).
     */
    PendingConnect connect(Route route, Callback callback) {
        PendingConnect attempt = new PendingConnect(route, callback);
        waiting.add(attempt);
        if (!drainScheduled) {
            drainScheduled = true;
            loop.execute("fanout: open connections", this::drain);
        }
        return attempt;
    }

    private void drain() {
        drainScheduled = false;
        TaskBudget budget = new TaskBudget(OPENS_PER_TASK);
        while (budget.hasRoom() && !waiting.isEmpty()) {
            PendingConnect attempt = waiting.poll();
            if (!attempt.aborted) {
                budget.spend();
                resolveThenOpen(attempt);
            }
        }
        if (!waiting.isEmpty()) {
            drainScheduled = true;
            loop.execute("fanout: open connections", this::drain);
        }
    }

    private void resolveThenOpen(PendingConnect attempt) {
        Route route = attempt.route;
        Callback callback = attempt.callback;
        String host = ProxyTunnels.hostToResolve(route);
        callback.timings().resolving(callback.timings().now(), host);
        resolver.resolve(host, (address, failure) -> {
            if (attempt.aborted) {
                return;
            }
            if (failure != null) {
                callback.connectFailed(
                        ErrorKind.DNS,
                        "cannot resolve " + (route.proxied() ? "proxy host '" : "host '") + host + "': "
                                + Failures.describe(failure),
                        failure);
                return;
            }
            open(route, address, attempt, callback);
        });
    }

    /** Closes the resolver. */
    void close() {
        resolver.close();
    }

    private void open(Route route, InetAddress address, PendingConnect attempt, Callback asker) {
        Origin origin = route.origin();
        // The TCP peer: the proxy when there is one (a tunnel's handler connects there itself).
        InetSocketAddress peer =
                new InetSocketAddress(address, route.proxied() ? route.proxy().port() : origin.port());
        asker.timings().connecting(asker.timings().now(), peer);
        SslHandler sslHandler = origin.secure() ? newSslHandler(origin) : null;
        boolean priorKnowledge = sslHandler == null && version == HttpVersion.HTTP_2;
        ProxyHandler tunnel = ProxyTunnels.tunnel(route, address, priorKnowledge);
        // From here (the TLS context made, maybe for the first time), the setup has its budget;
        // a plain HTTP/1.1 one is its TCP connect alone, which the connect's own timeout bounds.
        Callback callback = tunnel == null && sslHandler == null && !priorKnowledge
                ? asker
                : new SetupDeadline(asker, attempt, route, peer, eventLoop, connectTimeoutMillis);
        SocketChannel channel;
        try {
            channel = channels.newChannel();
        } catch (RuntimeException e) { // no file descriptor left, most often
            String why = Failures.describeConnect(e, connectTimeoutMillis);
            callback.connectFailed(ErrorKind.CONNECT, ProxyTunnels.unreachable(route, peer, why), e);
            return;
        }
        // Netty's own timer, on real time whatever the loop's clock (so is the setup's,
        // SetupDeadline): the request timeout, on the loop's clock, bounds the whole call.
        // TCP_NODELAY is on already: Netty's socket channels set it as they are made.
        channel.config().setConnectTimeoutMillis(connectTimeoutMillis);
        // On the loop's thread (where the resolver answers), registering is done on return.
        ChannelFuture registered = eventLoop.register(channel);
        if (registered.cause() != null) { // the loop is shutting down, or epoll refused the socket
            channel.unsafe().closeForcibly();
            String why = Failures.describeConnect(registered.cause(), connectTimeoutMillis);
            callback.connectFailed(ErrorKind.CONNECT, ProxyTunnels.unreachable(route, peer, why), registered.cause());
            return;
        }
        ChannelPipeline p = channel.pipeline();
        if (tunnel != null) { // first: it holds what the others write until the tunnel is open
            p.addLast("proxy", tunnel);
            p.addLast("proxy-failures", ProxyTunnels.TunnelFailures.INSTANCE);
        }
        HttpConnection[] made = new HttpConnection[1];
        if (sslHandler == null) {
            made[0] = priorKnowledge ? pipelines.http2(channel, route) : pipelines.http1(channel, route);
        } else {
            p.addLast("tls", sslHandler);
            if (version == HttpVersion.HTTP_1_1) {
                made[0] = pipelines.http1(channel, route);
            } else {
                p.addLast("alpn", new Negotiation(route, sslHandler, attempt, callback));
            }
        }
        p.fireChannelRegistered(); // as a ChannelInitializer does: for the handlers added after it
        attempt.channel = channel;
        if (attempt.aborted) { // aborted by something the handlers' setup ran
            channel.close();
            return;
        }
        // A tunnel's handler connects to its proxy instead of the remote.
        ChannelFuture connect = channel.connect(ProxyTunnels.remote(route, address, tunnel != null));
        Consumer<ChannelFuture> whenConnected = f -> {
            if (attempt.aborted) {
                return;
            }
            if (!f.isSuccess()) {
                String why = Failures.describeConnect(f.cause(), connectTimeoutMillis);
                callback.connectFailed(ErrorKind.CONNECT, ProxyTunnels.unreachable(route, peer, why), f.cause());
                return;
            }
            if (tunnel == null) {
                opened(f.channel(), origin, sslHandler, made, attempt, callback);
                return;
            }
            // The proxy's handshake counts as connecting; TLS with the origin starts once the tunnel is open.
            tunnel.connectFuture().addListener((Future<Channel> t) -> {
                if (attempt.aborted) {
                    return;
                }
                if (!t.isSuccess()) {
                    f.channel().close();
                    callback.connectFailed(ErrorKind.CONNECT, ProxyTunnels.refused(route, t.cause()), t.cause());
                    return;
                }
                opened(f.channel(), origin, sslHandler, made, attempt, callback);
            });
        };
        connect.addListener((ChannelFuture f) -> {
            whenConnected.accept(f);
            if (!f.isSuccess()) {
                f.channel().close();
            }
        });
    }

    /** Goes on once the connection reaches the origin: hands it over, or shakes hands first. */
    private void opened(
            Channel channel,
            Origin origin,
            SslHandler sslHandler,
            HttpConnection[] made,
            PendingConnect attempt,
            Callback callback) {
        if (sslHandler == null) {
            ready(made[0], attempt, callback, "h2c with prior knowledge");
            return;
        }
        callback.timings().handshaking(callback.timings().now());
        sslHandler.handshakeFuture().addListener((Future<Channel> h) -> {
            if (attempt.aborted) {
                return;
            }
            if (!h.isSuccess()) {
                channel.close();
                callback.connectFailed(
                        ErrorKind.TLS,
                        "TLS handshake with " + origin.hostHeader() + " failed: " + Failures.describe(h.cause()),
                        h.cause());
                return;
            }
            if (made[0] != null) { // HTTP/1.1 only: no ALPN asked; else Negotiation goes on
                callback.connected(made[0]);
            }
        });
    }

    /**
     * Hands {@code c} to {@code callback} once it is ready: at once over HTTP/1.1, once the
     * server's SETTINGS arrive over HTTP/2 (a server that closes or fails before that does not
     * speak HTTP/2, as {@code how} asked it to).
     */
    private void ready(HttpConnection c, PendingConnect attempt, Callback callback, String how) {
        if (!(c instanceof Http2Connection h2)) {
            callback.connected(c);
            return;
        }
        h2.whenReady(() -> {
            if (!attempt.aborted) {
                callback.connected(h2);
            }
        });
        h2.channel().closeFuture().addListener(f -> {
            if (!attempt.aborted && !h2.ready()) {
                Throwable cause = h2.failure();
                callback.connectFailed(
                        ErrorKind.PROTOCOL,
                        "server at " + c.origin().hostHeader() + " did not answer as HTTP/2 (" + how + ")"
                                + (cause != null ? ": " + Failures.describe(cause) : ""),
                        cause);
            }
        });
    }

    /**
     * Chooses the connection's protocol once the TLS handshake tells what the server picked by
     * ALPN: {@code h2}, else HTTP/1.1, unless the client speaks HTTP/2 only. Inbound bytes wait
     * until it has chosen.
     */
    private final class Negotiation extends ApplicationProtocolNegotiationHandler {
        private final Route route;
        private final Origin origin;
        private final SslHandler ssl;
        private final PendingConnect attempt;
        private final Callback callback;

        Negotiation(Route route, SslHandler ssl, PendingConnect attempt, Callback callback) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.route = route;
            this.origin = route.origin();
            this.ssl = ssl;
            this.attempt = attempt;
            this.callback = callback;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (attempt.aborted) {
                return;
            }
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                ready(pipelines.http2(ctx.channel(), route), attempt, callback, "h2 chosen by ALPN");
                return;
            }
            if (version == HttpVersion.HTTP_2) {
                String chosen = ssl.applicationProtocol();
                ctx.close();
                callback.connectFailed(
                        ErrorKind.PROTOCOL,
                        "server at " + origin.hostHeader() + " refused HTTP/2: ALPN chose "
                                + (chosen != null ? chosen : "no protocol") + " (the client speaks HTTP/2 only)",
                        null);
                return;
            }
            callback.connected(pipelines.http1(ctx.channel(), route));
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            // reported by the handshake's listener in open()
        }
    }

    private SslHandler newSslHandler(Origin origin) {
        SslHandler handler = ssl.get().newHandler(ByteBufAllocator.DEFAULT, origin.host(), origin.port());
        handler.setHandshakeTimeoutMillis(0); // no budget of its own: SetupDeadline bounds the whole setup
        return handler;
    }
}
