package dev.fanout.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP/1.1 server of limited capacity, as a real one is: it serves at most
 * {@code capacity} requests at once, each for {@code serviceMillis}; a request beyond that
 * either waits in its queue (so that latency grows with load) or, when it {@code rejects}, is
 * answered 503 at once. Counts what it saw: the peak of requests it held (served and queued),
 * and the 503s it answered. One thread, so its counts need no lock but are read from the test's
 * thread (volatile).
 */
final class CapacityServer implements AutoCloseable {

    private final int capacity;
    private final long serviceMillis;
    private final boolean rejects;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ArrayDeque<ChannelHandlerContext> queue = new ArrayDeque<>();
    private final Channel server;
    private int serving;
    private volatile int peakHeld;
    private volatile int rejected;
    private volatile int peakConnections;
    private volatile int requests;

    private CapacityServer(int capacity, long serviceMillis, boolean rejects) {
        this.capacity = capacity;
        this.serviceMillis = serviceMillis;
        this.rejects = rejects;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        peakConnections = Math.max(peakConnections, channels.size());
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1024), new Handler());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .syncUninterruptibly()
                .channel();
    }

    /** Starts a server that serves {@code capacity} at once and queues the rest. */
    static CapacityServer queueing(int capacity, long serviceMillis) {
        return new CapacityServer(capacity, serviceMillis, false);
    }

    /** Starts a server that serves {@code capacity} at once and answers 503 to the rest. */
    static CapacityServer rejecting(int capacity, long serviceMillis) {
        return new CapacityServer(capacity, serviceMillis, true);
    }

    /** Returns {@code http://127.0.0.1:PORT}. */
    String origin() {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Returns the peak of requests held at once (served and queued) since the last reset. */
    int peakHeld() {
        return peakHeld;
    }

    /** Returns how many 503s were answered since the last reset. */
    int rejected() {
        return rejected;
    }

    /** Returns how many connections are open now. */
    int openConnections() {
        return channels.size();
    }

    /** Returns the most connections that were open at once. */
    int peakConnections() {
        return peakConnections;
    }

    /** Returns how many requests arrived in all. */
    int requests() {
        return requests;
    }

    /** Zeroes the counts (between batches). */
    void reset() {
        group.submit(() -> {
                    peakHeld = serving + queue.size();
                    rejected = 0;
                })
                .syncUninterruptibly();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        channels.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void arrived(ChannelHandlerContext ctx) {
        requests++;
        if (serving < capacity) {
            serve(ctx);
        } else if (rejects) {
            rejected++;
            answer(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE);
        } else {
            queue.add(ctx);
        }
        peakHeld = Math.max(peakHeld, serving + queue.size());
    }

    private void serve(ChannelHandlerContext ctx) {
        serving++;
        ctx.executor()
                .schedule(
                        () -> {
                            serving--;
                            answer(ctx, HttpResponseStatus.OK);
                            ChannelHandlerContext next = queue.poll();
                            if (next != null) {
                                serve(next);
                            }
                        },
                        serviceMillis,
                        TimeUnit.MILLISECONDS);
    }

    private static void answer(ChannelHandlerContext ctx, HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(new byte[] {'o', 'k'}));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 2);
        ctx.writeAndFlush(response);
    }

    /** Takes each request (the aggregator has made it whole) to the server's admission. */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            arrived(ctx);
        }
    }
}
