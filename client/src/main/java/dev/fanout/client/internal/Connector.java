package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.loop.Loop;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Opens connections: resolve the host, connect, and for https shake hands (chain and host
 * name verified, SNI), then hand the ready {@link Connection} to the {@link Callback} that
 * asked, marking each phase on its recorder. Each phase's failure has its own kind:
 * {@code DNS}, {@code CONNECT}, {@code TLS}. Loop-confined.
 *
 * <p>An attempt that ends while its connection is being made (timeout, cancel) aborts the
 * {@link Pending}: the channel, if any, is closed and no callback comes.
 */
final class Connector {

    private static final int OPENS_PER_TASK = 64;

    private final Loop loop;
    private final EventLoop eventLoop;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean drainScheduled;
    private final Class<? extends SocketChannel> channelType;
    private final AddressResolver resolver;
    private final ConnectionPool<Connection> pool;
    private final Supplier<SslContext> ssl;
    private final int connectTimeoutMillis;
    private final int maxHeaderBytes;

    Connector(
            Loop loop,
            EventLoop eventLoop,
            Class<? extends SocketChannel> channelType,
            AddressResolver resolver,
            ConnectionPool<Connection> pool,
            Supplier<SslContext> ssl,
            int connectTimeoutMillis,
            int maxHeaderBytes) {
        this.loop = loop;
        this.eventLoop = eventLoop;
        this.channelType = channelType;
        this.resolver = resolver;
        this.pool = pool;
        this.ssl = ssl;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * What a connection is opened for: it is told the phases as they start, then the connection,
     * or why there is none, once (unless the {@link Pending} is aborted first). Loop-confined.
     */
    interface Callback {

        /** Returns the recorder the setup phases (DNS, connect, TLS) are marked on. */
        TimingsRecorder timings();

        /** The connection is open (and its TLS handshake done): ready for a request. */
        void connected(Connection connection);

        /** No connection: {@code kind} is DNS, CONNECT or TLS. */
        void connectFailed(ErrorKind kind, String detail, Throwable cause);
    }

    /**
     * Starts opening a connection to {@code origin} for {@code callback}. The work itself runs in
     * loop tasks of at most {@value #OPENS_PER_TASK} connections or a few milliseconds each
     * ({@link TaskBudget}), so that a batch of
     * thousands does not hold the loop while it opens them all: the first requests are written,
     * and answers read, while later connections are still being opened.
     */
    Pending connect(Origin origin, Callback callback) {
        Pending attempt = new Pending(origin, callback);
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
            Pending attempt = waiting.poll();
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

    private void resolveThenOpen(Pending attempt) {
        Origin origin = attempt.origin;
        Callback callback = attempt.callback;
        callback.timings().resolving(callback.timings().now());
        resolver.resolve(origin.host(), (address, failure) -> {
            if (attempt.aborted) {
                return;
            }
            if (failure != null) {
                callback.connectFailed(
                        ErrorKind.DNS,
                        "cannot resolve host '" + origin.host() + "': " + Failures.describe(failure),
                        failure);
                return;
            }
            open(origin, address, attempt, callback);
        });
    }

    /** Closes the resolver. */
    void close() {
        resolver.close();
    }

    private void open(Origin origin, InetAddress address, Pending attempt, Callback callback) {
        callback.timings().connecting(callback.timings().now());
        SslHandler sslHandler = origin.secure() ? newSslHandler(origin) : null;
        Connection[] made = new Connection[1];
        Bootstrap bootstrap = new Bootstrap()
                .group(eventLoop)
                .channel(channelType)
                // Netty's own timer, on real time whatever the loop's clock (so is the TLS
                // handshake's): the request timeout, on the loop's clock, bounds the whole call.
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ResponseDecoder decoder = new ResponseDecoder(maxHeaderBytes);
                        made[0] = new Connection(ch, origin, decoder, pool::closed);
                        ChannelPipeline p = ch.pipeline();
                        if (sslHandler != null) {
                            p.addLast("tls", sslHandler);
                        }
                        p.addLast("count", new Connection.ReadCounter(made));
                        p.addLast("encoder", new HttpRequestEncoder());
                        p.addLast("decoder", decoder);
                        p.addLast("slice", new ContentSlicer());
                        p.addLast("inflate", new HttpContentDecompressor(false, 0));
                        p.addLast("exchange", new ExchangeHandler(made[0]));
                    }
                });
        ChannelFuture connect = bootstrap.connect(new InetSocketAddress(address, origin.port()));
        attempt.channel = connect.channel();
        if (attempt.aborted) { // aborted by something the registration ran
            attempt.channel.close();
            return;
        }
        connect.addListener((ChannelFuture f) -> {
            if (attempt.aborted) {
                return;
            }
            if (!f.isSuccess()) {
                callback.connectFailed(
                        ErrorKind.CONNECT,
                        "cannot connect to " + address.getHostAddress() + ":" + origin.port() + ": "
                                + describeConnectFailure(f.cause()),
                        f.cause());
                return;
            }
            if (sslHandler == null) {
                callback.connected(made[0]);
                return;
            }
            callback.timings().handshaking(callback.timings().now());
            sslHandler.handshakeFuture().addListener((Future<Channel> h) -> {
                if (attempt.aborted) {
                    return;
                }
                if (!h.isSuccess()) {
                    f.channel().close();
                    callback.connectFailed(
                            ErrorKind.TLS,
                            "TLS handshake with " + origin.hostHeader() + " failed: " + Failures.describe(h.cause()),
                            h.cause());
                    return;
                }
                callback.connected(made[0]);
            });
        });
    }

    /** Returns why a connect failed in the words people use; the exception's own for the rare ones. */
    private String describeConnectFailure(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return "no answer within the connect timeout (" + connectTimeoutMillis + " ms)";
        }
        String message = cause instanceof ConnectException ? cause.getMessage() : null;
        if (message != null && message.contains("Connection refused")) {
            return "connection refused";
        }
        return Failures.describe(cause);
    }

    private SslHandler newSslHandler(Origin origin) {
        SslHandler handler = ssl.get().newHandler(ByteBufAllocator.DEFAULT, origin.host(), origin.port());
        handler.setHandshakeTimeoutMillis(connectTimeoutMillis);
        return handler;
    }

    /** A connection being made; {@link #abort()} stops it. */
    static final class Pending {
        private final Origin origin;
        private final Callback callback;
        private boolean aborted;
        private Channel channel;

        Pending(Origin origin, Callback callback) {
            this.origin = origin;
            this.callback = callback;
        }

        /** Stops the attempt: no callback will come, and the channel, if any, is closed. */
        void abort() {
            aborted = true;
            if (channel != null) {
                channel.close();
            }
        }
    }
}
