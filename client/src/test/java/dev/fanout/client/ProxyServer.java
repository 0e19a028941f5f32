package dev.fanout.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.socksx.v5.DefaultSocks5CommandResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5InitialResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5PasswordAuthResponse;
import io.netty.handler.codec.socksx.v5.Socks5AddressType;
import io.netty.handler.codec.socksx.v5.Socks5AuthMethod;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequest;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequest;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequest;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthStatus;
import io.netty.handler.codec.socksx.v5.Socks5ServerEncoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy for tests, on 127.0.0.1 and a dynamic port, on Netty, one thread: an HTTP proxy
 * ({@code CONNECT} tunnels, and absolute-form requests forwarded one upstream connection each),
 * or a SOCKS5 proxy (on codec-socks' server-side decoders), each optionally asking for a user
 * name and password, or an HTTP proxy that refuses every request with a status. Whatever name a
 * client asks for, the proxy connects to 127.0.0.1 (its own hosts file), so that a test can name
 * a target the client itself could not resolve.
 *
 * <p>It records what a test asserts on: connections accepted, each request's line as the
 * proxy saw it ({@code "CONNECT 127.0.0.1:8443"}, {@code "GET http://127.0.0.1:8080/x"},
 * {@code "SOCKS5 CONNECT target.invalid:443 (DOMAIN)"}) and the {@code Proxy-Authorization}
 * values sent. Readable from any thread.
 *
 * <p><b>ByteBuf ownership:</b> the HTTP side's aggregated messages are released by
 * {@link SimpleChannelInboundHandler}; forwarded requests and responses are copies or retained
 * before being written, and the relay hands each buffer to the other side's write, which
 * releases it.
 */
final class ProxyServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final boolean socks;
    private final String username;
    private final String password;
    private final int refuseWith;
    private final long answerAfterMillis;
    private final Channel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private ProxyServer(boolean socks, String username, String password, int refuseWith, long answerAfterMillis) {
        this.socks = socks;
        this.username = username;
        this.password = password;
        this.refuseWith = refuseWith;
        this.answerAfterMillis = answerAfterMillis;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        channels.add(ch);
                        if (ProxyServer.this.socks) {
                            ch.pipeline().addLast("encoder", Socks5ServerEncoder.DEFAULT);
                            ch.pipeline().addLast("decoder", new Socks5InitialRequestDecoder());
                            ch.pipeline().addLast("socks", new SocksFront());
                        } else {
                            ch.pipeline().addLast("codec", new HttpServerCodec());
                            ch.pipeline().addLast("aggregator", new HttpObjectAggregator(1 << 20));
                            ch.pipeline().addLast("http", new HttpFront());
                        }
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0)
                .syncUninterruptibly()
                .channel();
    }

    /** Starts an HTTP proxy that asks for no credentials. */
    static ProxyServer http() {
        return new ProxyServer(false, null, null, 0, 0);
    }

    /** Starts an HTTP proxy that answers 407 unless a request carries these credentials (Basic). */
    static ProxyServer http(String username, String password) {
        return new ProxyServer(false, username, password, 0, 0);
    }

    /** Starts an HTTP proxy that answers every request with {@code status}. */
    static ProxyServer refusing(int status) {
        return new ProxyServer(false, null, null, status, 0);
    }

    /** Starts an HTTP proxy that opens each tunnel {@code delay} after the target accepted the connect. */
    static ProxyServer slow(Duration delay) {
        return new ProxyServer(false, null, null, 0, delay.toMillis());
    }

    /** Starts a SOCKS5 proxy that asks for no credentials. */
    static ProxyServer socks5() {
        return new ProxyServer(true, null, null, 0, 0);
    }

    /** Starts a SOCKS5 proxy that asks for this user name and password (RFC 1929). */
    static ProxyServer socks5(String username, String password) {
        return new ProxyServer(true, username, password, 0, 0);
    }

    /** Returns its port on 127.0.0.1. */
    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Returns it as the client names it, without credentials. */
    Proxy proxy() {
        return socks ? Proxy.socks5("127.0.0.1", port()) : Proxy.http("127.0.0.1", port());
    }

    /** Returns how many connections it accepted. */
    int connections() {
        return connections.get();
    }

    /** Returns each request's line as it saw it, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** Returns each HTTP request's {@code Proxy-Authorization} value ({@code "-"} for none), in order. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        channels.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private boolean authorized(String header) {
        if (username == null) {
            return true;
        }
        String expected = "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return expected.equals(header);
    }

    /** Connects to 127.0.0.1:{@code port} for {@code client}, the new channel's handlers set by {@code init}. */
    private ChannelFuture upstream(Channel client, int port, ChannelHandler init) {
        return new Bootstrap()
                .group(client.eventLoop())
                .channel(NioSocketChannel.class)
                .handler(init)
                .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        channels.add(f.channel());
                    }
                });
    }

    /** Joins {@code a} and {@code b}: what one reads, the other writes; a close closes both. */
    private static void relay(Channel a, Channel b) {
        a.pipeline().addLast("relay", new Relay(b));
        b.pipeline().addLast("relay", new Relay(a));
        a.config().setAutoRead(true);
        b.config().setAutoRead(true);
    }

    /** The HTTP proxy's side facing the client. */
    private final class HttpFront extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            requests.add(request.method() + " " + request.uri());
            String auth = request.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION);
            authorizations.add(auth == null ? "-" : auth);
            if (refuseWith != 0) {
                answer(ctx, HttpResponseStatus.valueOf(refuseWith));
            } else if (!authorized(auth)) {
                FullHttpResponse r = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED, Unpooled.EMPTY_BUFFER);
                r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"test\"");
                r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(r);
            } else if (request.method().equals(HttpMethod.CONNECT)) {
                tunnel(
                        ctx,
                        Integer.parseInt(request.uri().substring(request.uri().lastIndexOf(':') + 1)));
            } else {
                forward(ctx, request);
            }
        }

        private void answer(ChannelHandlerContext ctx, HttpResponseStatus status) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            ctx.writeAndFlush(r);
        }

        private void tunnel(ChannelHandlerContext ctx, int port) {
            Channel client = ctx.channel();
            client.config().setAutoRead(false);
            upstream(client, port, new ChannelInboundHandlerAdapter()).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    client.config().setAutoRead(true);
                    answer(ctx, HttpResponseStatus.BAD_GATEWAY);
                    return;
                }
                client.eventLoop()
                        .schedule(
                                () -> {
                                    FullHttpResponse ok = new DefaultFullHttpResponse(
                                            HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
                                    client.writeAndFlush(ok).addListener((ChannelFuture w) -> {
                                        if (!w.isSuccess()) { // the client left while the proxy waited
                                            f.channel().close();
                                            return;
                                        }
                                        client.pipeline().remove("codec");
                                        client.pipeline().remove("aggregator");
                                        client.pipeline().remove("http");
                                        relay(client, f.channel());
                                    });
                                },
                                answerAfterMillis,
                                TimeUnit.MILLISECONDS);
            });
        }

        private void forward(ChannelHandlerContext ctx, FullHttpRequest request) {
            URI uri = URI.create(request.uri());
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            FullHttpRequest out = new DefaultFullHttpRequest(
                    HttpVersion.HTTP_1_1, request.method(), path, Unpooled.copiedBuffer(request.content()));
            out.headers().set(request.headers());
            out.headers().remove(HttpHeaderNames.PROXY_AUTHORIZATION);
            out.headers().set(HttpHeaderNames.CONNECTION, "close");
            Channel client = ctx.channel();
            upstream(client, uri.getPort(), new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(16 << 20));
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext up, FullHttpResponse response) {
                                    FullHttpResponse back = response.retainedDuplicate();
                                    back.headers().remove(HttpHeaderNames.CONNECTION);
                                    client.writeAndFlush(back);
                                    up.close();
                                }
                            });
                        }
                    })
                    .addListener((ChannelFuture f) -> {
                        if (f.isSuccess()) {
                            f.channel().writeAndFlush(out);
                        } else {
                            out.release();
                            answer(ctx, HttpResponseStatus.BAD_GATEWAY);
                        }
                    });
        }
    }

    /** The SOCKS5 proxy's side facing the client: greeting, optional password, CONNECT. */
    private final class SocksFront extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Socks5InitialRequest init) {
                    greet(ctx, init);
                } else if (msg instanceof Socks5PasswordAuthRequest auth) {
                    boolean ok =
                            auth.username().equals(username) && auth.password().equals(password);
                    requests.add("SOCKS5 AUTH " + auth.username() + (ok ? "" : " (refused)"));
                    if (ok) {
                        ctx.pipeline().replace("decoder", "decoder", new Socks5CommandRequestDecoder());
                        ctx.writeAndFlush(new DefaultSocks5PasswordAuthResponse(Socks5PasswordAuthStatus.SUCCESS));
                    } else {
                        ctx.writeAndFlush(new DefaultSocks5PasswordAuthResponse(Socks5PasswordAuthStatus.FAILURE))
                                .addListener(ChannelFutureListener.CLOSE);
                    }
                } else if (msg instanceof Socks5CommandRequest command) {
                    connect(ctx, command);
                } else {
                    ctx.close();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void greet(ChannelHandlerContext ctx, Socks5InitialRequest init) {
            Socks5AuthMethod wanted = username == null ? Socks5AuthMethod.NO_AUTH : Socks5AuthMethod.PASSWORD;
            if (!init.authMethods().contains(wanted)) {
                ctx.writeAndFlush(new DefaultSocks5InitialResponse(Socks5AuthMethod.UNACCEPTED))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.pipeline()
                    .replace(
                            "decoder",
                            "decoder",
                            username == null
                                    ? new Socks5CommandRequestDecoder()
                                    : new Socks5PasswordAuthRequestDecoder());
            ctx.writeAndFlush(new DefaultSocks5InitialResponse(wanted));
        }

        private void connect(ChannelHandlerContext ctx, Socks5CommandRequest command) {
            requests.add("SOCKS5 " + command.type() + " " + command.dstAddr() + ":" + command.dstPort() + " ("
                    + command.dstAddrType() + ")");
            Channel client = ctx.channel();
            client.config().setAutoRead(false);
            upstream(client, command.dstPort(), new ChannelInboundHandlerAdapter())
                    .addListener((ChannelFuture f) -> {
                        if (!f.isSuccess()) {
                            client.writeAndFlush(new DefaultSocks5CommandResponse(
                                            Socks5CommandStatus.FAILURE, Socks5AddressType.IPv4))
                                    .addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        client.writeAndFlush(new DefaultSocks5CommandResponse(
                                        Socks5CommandStatus.SUCCESS, Socks5AddressType.IPv4, "127.0.0.1", 0))
                                .addListener((ChannelFuture w) -> {
                                    client.pipeline().remove("decoder");
                                    client.pipeline().remove("socks");
                                    client.pipeline().remove("encoder");
                                    relay(client, f.channel());
                                });
                    });
        }
    }

    /** Writes what one side reads to the other; closes the other when one closes. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel other;

        Relay(Channel other) {
            this.other = other;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            other.writeAndFlush(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            other.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
