package dev.fanout.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2SettingsFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile HTTP/2 server for tests: h2c with prior knowledge on 127.0.0.1 and a dynamic port,
 * on Netty's server-side frame codec, one thread. What it does with each stream is the test's
 * {@link Responder} (by default {@link #byPath}): answer (any status, any body size, after a
 * delay), reset the stream with any code, stop reading the stream's request body (no
 * WINDOW_UPDATE), send GOAWAY with a chosen last stream id, or break the connection with a
 * malformed frame. It counts what a test asserts on: connections accepted, streams opened,
 * the peak of concurrent streams on each connection, and the RST_STREAMs the client sent.
 *
 * <p>The responder runs on the server's thread, when a stream's HEADERS arrive; an
 * {@link H2Exchange}'s methods must be called on that thread (the responder's own, or one of
 * {@link H2Exchange#later}'s tasks). Counters may be read from any thread.
 *
 * <p><b>ByteBuf ownership:</b> the connection handler releases every frame it reads; response
 * bodies are wrapped slices of one shared array of zeros, which the codec releases once written.
 */
final class H2Server implements AutoCloseable {

    /** The largest body {@link H2Exchange#respond} sends. */
    static final int MAX_BODY = 8 << 20;

    static final byte[] ZEROS = new byte[MAX_BODY];

    /** What the server does with one stream, told when its HEADERS arrive. */
    @FunctionalInterface
    interface Responder {
        void respond(H2Exchange exchange);
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Responder responder;
    private final Long maxConcurrentStreams;
    private final int settingsDelayMillis;
    private Long raisedStreamLimit;
    private int raiseAfterMillis;
    private final Channel server;
    private final AtomicInteger streams = new AtomicInteger();
    private final List<ConnectionStats> connections = new CopyOnWriteArrayList<>();
    private final List<Http2Error> resetsReceived = new CopyOnWriteArrayList<>();
    private final List<Throwable> responderFailures = new CopyOnWriteArrayList<>();

    private H2Server(Long maxConcurrentStreams, int settingsDelayMillis, Responder responder) {
        this.maxConcurrentStreams = maxConcurrentStreams;
        this.settingsDelayMillis = settingsDelayMillis;
        this.responder = responder;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        Http2Settings settings = Http2Settings.defaultSettings();
                        if (H2Server.this.maxConcurrentStreams != null) {
                            settings.maxConcurrentStreams(H2Server.this.maxConcurrentStreams);
                        } else {
                            // Netty's defaults say 100; without the setting there is no limit.
                            settings.remove(Http2CodecUtil.SETTINGS_MAX_CONCURRENT_STREAMS);
                        }
                        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                                .initialSettings(settings)
                                .encoderIgnoreMaxHeaderListSize(true) // hostile: may send more than the client allows
                                .build();
                        ConnectionStats stats = new ConnectionStats(connections.size() + 1);
                        connections.add(stats);
                        if (settingsDelayMillis == 0) {
                            ch.pipeline().addLast("h2", codec);
                            ch.pipeline().addLast("server", new ConnectionHandler(codec, stats));
                            return;
                        }
                        // The codec sends SETTINGS once added; the client's preface waits in the socket.
                        ch.config().setAutoRead(false);
                        ch.eventLoop()
                                .schedule(
                                        () -> {
                                            ch.pipeline().addLast("h2", codec);
                                            ch.pipeline().addLast("server", new ConnectionHandler(codec, stats));
                                            ch.config().setAutoRead(true);
                                        },
                                        settingsDelayMillis,
                                        TimeUnit.MILLISECONDS);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .syncUninterruptibly()
                .channel();
    }

    /** Starts a server that answers {@link #byPath} and sets no stream limit. */
    static H2Server start() {
        return start(H2Server::byPath);
    }

    /** Starts a server that sets no stream limit and lets {@code responder} answer. */
    static H2Server start(Responder responder) {
        return new H2Server(null, 0, responder);
    }

    /** Starts a server whose SETTINGS allow {@code maxConcurrentStreams} streams per connection. */
    static H2Server withStreamLimit(int maxConcurrentStreams, Responder responder) {
        return new H2Server((long) maxConcurrentStreams, 0, responder);
    }

    /**
     * Starts a server whose first SETTINGS allow {@code initial} streams per connection, and that
     * raises the limit to {@code raised} by a second SETTINGS frame {@code afterMillis} after each
     * connection is accepted.
     */
    static H2Server withStreamLimitRaised(int initial, int raised, int afterMillis, Responder responder) {
        H2Server server = new H2Server((long) initial, 0, responder);
        server.raisedStreamLimit = (long) raised;
        server.raiseAfterMillis = afterMillis;
        return server;
    }

    /** Starts a server that sends its SETTINGS only {@code delayMillis} after each connection is accepted. */
    static H2Server withSettingsDelay(int delayMillis, Responder responder) {
        return new H2Server(null, delayMillis, responder);
    }

    /**
     * The default responder, chosen by the path: {@code /ok?status=S&bytes=N&delay=MS} answers
     * (200, 2 bytes, at once by default); {@code /hold} never answers; {@code /reset?code=N}
     * resets the stream with error code N; {@code /stall} stops reading the request body and
     * never answers; {@code /break} writes a malformed frame on the connection; {@code /drop}
     * resets the TCP connection without a GOAWAY; {@code /big-header?bytes=N} answers with a
     * header N bytes long; {@code /early-hints} answers 103, then 200. Anything else is
     * a 404.
     */
    static void byPath(H2Exchange e) {
        switch (e.route()) {
            case "/ok" -> e.respondLater(e.param("delay", 0), e.param("status", 200), e.param("bytes", 2));
            case "/hold" -> {}
            case "/reset" -> e.reset(Http2Error.valueOf(e.param("code", (int) Http2Error.CANCEL.code())));
            case "/stall" -> e.stopReading();
            case "/break" -> e.breakConnection();
            case "/drop" -> e.dropConnection();
            case "/early-hints" -> e.respondAfterInterim(103, e.param("bytes", 2));
            case "/big-header" -> e.respondWithHeaderOf(e.param("bytes", 100_000));
            default -> e.respond(404, 0);
        }
    }

    /** Returns the port it listens on. */
    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Returns {@code http://127.0.0.1:PORT} + {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + path;
    }

    /** Returns {@code n} URLs of {@code path}, each with {@code &i=INDEX} (or {@code ?i=}) appended. */
    List<String> urls(String path, int n) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            urls.add(url(path + (path.contains("?") ? "&" : "?") + "i=" + i));
        }
        return urls;
    }

    /** Returns how many connections were accepted. */
    int connections() {
        return connections.size();
    }

    /** Returns how many accepted connections are still open. */
    int openConnections() {
        return channels.size();
    }

    /** Returns how many streams were opened, all connections together. */
    int streams() {
        return streams.get();
    }

    /** Returns how many streams each connection carried, in the order they were accepted. */
    List<Integer> streamsPerConnection() {
        return connections.stream().map(c -> c.streams).toList();
    }

    /** Returns, for each connection in the order they were accepted, the most streams it carried at once. */
    List<Integer> peakStreamsPerConnection() {
        return connections.stream().map(c -> c.peak).toList();
    }

    /** Returns the most streams any one connection carried at once. */
    int peakConcurrentStreams() {
        return connections.stream().mapToInt(c -> c.peak).max().orElse(0);
    }

    /** Returns the code of every RST_STREAM the client sent, in order. */
    List<Http2Error> resetsReceived() {
        return resetsReceived;
    }

    /** Returns what the responder threw (a broken test, not a broken client). */
    List<Throwable> responderFailures() {
        return responderFailures;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        channels.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** What the server counted on one connection; written on the server's thread. */
    private static final class ConnectionStats {
        final int number;
        volatile int streams;
        volatile int peak;

        ConnectionStats(int number) {
            this.number = number;
        }
    }

    /** Reads one connection's frames, after the codec; owns and releases each. */
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        final Http2FrameCodec codec;
        final ConnectionStats stats;
        final Map<Integer, H2Exchange> open = new HashMap<>();
        final Map<Integer, Boolean> seen = new HashMap<>();
        ChannelHandlerContext ctx;

        ConnectionHandler(Http2FrameCodec codec, ConnectionStats stats) {
            this.codec = codec;
            this.stats = stats;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            Long raised = raisedStreamLimit;
            if (raised != null) {
                ctx.executor()
                        .schedule(
                                () -> ctx.writeAndFlush(new DefaultHttp2SettingsFrame(
                                        new Http2Settings().maxConcurrentStreams(raised))),
                                raiseAfterMillis,
                                TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h) {
                    headers(h);
                } else if (msg instanceof Http2DataFrame d) {
                    data(d);
                } else if (msg instanceof Http2ResetFrame r) {
                    Http2Error error = Http2Error.valueOf(r.errorCode());
                    resetsReceived.add(error != null ? error : Http2Error.INTERNAL_ERROR);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void headers(Http2HeadersFrame h) {
            int id = h.stream().id();
            H2Exchange e = open.get(id);
            if (e == null) {
                if (seen.put(id, Boolean.TRUE) != null) {
                    return; // trailers of a stream already answered
                }
                stats.streams++;
                streams.incrementAndGet();
                e = new H2Exchange(
                        ctx,
                        codec,
                        stats.number,
                        h.stream(),
                        String.valueOf(h.headers().method()),
                        String.valueOf(h.headers().path()),
                        stats.streams);
                open.put(id, e);
                stats.peak = Math.max(stats.peak, open.size());
                try {
                    responder.respond(e);
                } catch (RuntimeException | Error failure) {
                    responderFailures.add(failure);
                }
            }
            if (h.isEndStream()) {
                e.requestEnded();
            }
        }

        private void data(Http2DataFrame d) {
            H2Exchange e = open.get(d.stream().id());
            if (e == null) {
                return;
            }
            e.received(d.content().readableBytes());
            if (e.isReading() && d.initialFlowControlledBytes() > 0) {
                ctx.write(new DefaultHttp2WindowUpdateFrame(d.initialFlowControlledBytes()).stream(d.stream()));
            }
            if (d.isEndStream()) {
                e.requestEnded();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2FrameStreamEvent e
                    && e.type() == Http2FrameStreamEvent.Type.State
                    && e.stream().state() == Http2Stream.State.CLOSED) {
                open.remove(e.stream().id());
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // The codec has answered the protocol error already (RST_STREAM or GOAWAY); a test
            // server has nothing to add.
        }
    }
}
