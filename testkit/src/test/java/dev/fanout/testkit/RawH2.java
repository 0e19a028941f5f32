package dev.fanout.testkit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2FrameReader;
import io.netty.handler.codec.http2.Http2FrameWriter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;

/**
 * HTTP/2 frames written and read by hand on one connection, with Netty's frame writer and
 * reader and nothing of its connection state in between: a test sees the server's own
 * SETTINGS, and may open more streams than the server allows, to see what the server does.
 *
 * <p>Thread-safe: requests are written on the connection's event loop, in order.
 */
final class RawH2 implements AutoCloseable {

    /** Large enough that no test body waits for a window update. */
    private static final int WINDOW = 16 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;
    private final Frames frames;
    private final String scheme;
    private final String authority;

    private RawH2(EventLoopGroup group, Channel channel, Frames frames, String scheme, String authority) {
        this.group = group;
        this.channel = channel;
        this.frames = frames;
        this.scheme = scheme;
        this.authority = authority;
    }

    /** Connects to the plain port of {@code url} and speaks h2c at once: prior knowledge. */
    static RawH2 priorKnowledge(String url) throws InterruptedException {
        return connect(URI.create(url), null);
    }

    /** Connects to the HTTPS port of {@code url}, offering only h2 by ALPN, trusting {@code pem}. */
    static RawH2 alpn(String url, Path pem) throws InterruptedException, SSLException {
        SslContext tls = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(pem.toFile())
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
        return connect(URI.create(url), tls);
    }

    private static RawH2 connect(URI uri, SslContext tls) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Frames frames = new Frames(tls != null);
        try {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc(), uri.getHost(), uri.getPort()));
                            }
                            ch.pipeline().addLast(frames);
                        }
                    })
                    .connect(uri.getHost(), uri.getPort())
                    .sync()
                    .channel();
            return new RawH2(group, channel, frames, tls == null ? "http" : "https", uri.getAuthority());
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Returns the protocol ALPN chose, or null on a plain connection; waits for the handshake. */
    String protocol() throws Exception {
        settings();
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls == null ? null : tls.applicationProtocol();
    }

    /** Returns the first SETTINGS the server sent; waits for it, and fails if the server sent something else. */
    Http2Settings settings() throws Exception {
        return frames.settings.get(10, TimeUnit.SECONDS);
    }

    /** Sends a GET for the path and query of {@code url} on a stream of its own. */
    CompletableFuture<Answer> get(String url) {
        return open(url, 0).answer();
    }

    /**
     * Sends a request for the path and query of {@code url} on a stream of its own: a GET, or a
     * POST with {@code bodyBytes} zeros (sent whatever the server's window, to see what it does).
     */
    Exchange open(String url, int bodyBytes) {
        URI uri = URI.create(url);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Http2Headers headers = new DefaultHttp2Headers()
                .method(bodyBytes == 0 ? "GET" : "POST")
                .scheme(scheme)
                .authority(authority)
                .path(path);
        Stream stream = new Stream(new CompletableFuture<>());
        channel.eventLoop().execute(() -> frames.send(headers, bodyBytes, stream));
        return new Exchange(stream.status, stream.bodyBytes::get, stream.answer);
    }

    /** Returns the first GOAWAY the server sent; completes when it comes. */
    CompletableFuture<GoAway> goAway() {
        return frames.goAway;
    }

    /** Returns the first WINDOW_UPDATE the server sent for {@code streamId} (0: the connection); completes when it comes. */
    CompletableFuture<Integer> windowUpdate(int streamId) {
        return frames.windowUpdates.computeIfAbsent(streamId, id -> new CompletableFuture<>());
    }

    /** Returns the ids of the streams (0: the connection) the server sent a WINDOW_UPDATE for so far. */
    List<Integer> windowUpdated() {
        return frames.windowUpdates.entrySet().stream()
                .filter(e -> e.getValue().isDone())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Sends a GET for each URL at once, in one write, and waits for every answer. */
    List<Answer> getAll(List<String> urls) {
        List<CompletableFuture<Answer>> answers = urls.stream().map(this::get).toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A stream under way: its status once the HEADERS came, its body bytes so far, its end. */
    record Exchange(CompletableFuture<Integer> status, LongSupplier bodyBytes, CompletableFuture<Answer> answer) {}

    /** A GOAWAY as read. */
    record GoAway(int lastStreamId, long errorCode, String debugData) {}

    /** The end of one stream: its status and body, or the error code it was reset with. */
    record Answer(int status, String body, long resetCode) {

        boolean refused() {
            return status == 0 && resetCode == Http2Error.REFUSED_STREAM.code();
        }
    }

    /** Writes frames and reads them; confined to the connection's event loop. */
    private static final class Frames extends ByteToMessageDecoder {

        final CompletableFuture<Http2Settings> settings = new CompletableFuture<>();
        final CompletableFuture<GoAway> goAway = new CompletableFuture<>();
        final Map<Integer, CompletableFuture<Integer>> windowUpdates = new ConcurrentHashMap<>();
        private final boolean tls;
        private final Http2FrameWriter writer = new DefaultHttp2FrameWriter();
        private final Http2FrameReader reader = new DefaultHttp2FrameReader();
        private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
        private final Listener listener = new Listener();
        private final List<Runnable> unsent = new ArrayList<>();
        private ChannelHandlerContext ctx;
        private boolean started;
        private int nextStreamId = 1;

        Frames(boolean tls) {
            this.tls = tls;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (!tls) {
                start();
            }
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent handshake) {
                if (handshake.isSuccess()) {
                    start();
                } else {
                    settings.completeExceptionally(handshake.cause());
                }
            }
            super.userEventTriggered(ctx, event);
        }

        /** Sends the client preface: the magic string, then our SETTINGS and a window for all streams. */
        private void start() {
            ctx.write(Http2CodecUtil.connectionPrefaceBuf());
            writer.writeSettings(ctx, new Http2Settings().initialWindowSize(WINDOW), ctx.newPromise());
            writer.writeWindowUpdate(ctx, 0, WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE, ctx.newPromise());
            ctx.flush();
            started = true;
            unsent.forEach(Runnable::run);
            unsent.clear();
        }

        void send(Http2Headers headers, int bodyBytes, Stream stream) {
            if (!started && ctx.channel().isActive()) {
                // Over TLS the preface waits for the handshake, and nothing may go before it.
                unsent.add(() -> send(headers, bodyBytes, stream));
                return;
            }
            if (!ctx.channel().isActive()) {
                stream.answer.completeExceptionally(new IOException("connection closed"));
                return;
            }
            int id = nextStreamId;
            nextStreamId += 2;
            streams.put(id, stream);
            writer.writeHeaders(ctx, id, headers, 0, bodyBytes == 0, ctx.newPromise());
            if (bodyBytes > 0) {
                writer.writeData(ctx, id, Unpooled.wrappedBuffer(new byte[bodyBytes]), 0, true, ctx.newPromise());
            }
            // One flush per turn of the loop: requests sent together leave in one write.
            ctx.channel().eventLoop().execute(ctx::flush);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            reader.readFrame(ctx, in, listener);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            failAll(new IOException("connection closed by the server"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failAll(cause);
            ctx.close();
        }

        @Override
        protected void handlerRemoved0(ChannelHandlerContext ctx) {
            reader.close();
            writer.close();
        }

        private void failAll(Throwable cause) {
            settings.completeExceptionally(cause);
            streams.values().forEach(stream -> stream.answer.completeExceptionally(cause));
            streams.clear();
        }

        private final class Listener extends Http2FrameAdapter {

            @Override
            public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings received) {
                settings.complete(received);
                writer.writeSettingsAck(ctx, ctx.newPromise());
                ctx.flush();
            }

            @Override
            public void onHeadersRead(
                    ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
                Stream stream = streams.get(streamId);
                if (stream != null && headers.status() != null) {
                    int status = Integer.parseInt(headers.status().toString());
                    if (status >= 200) {
                        stream.status.complete(status);
                    }
                }
                if (endOfStream) {
                    end(streamId);
                }
            }

            @Override
            public void onHeadersRead(
                    ChannelHandlerContext ctx,
                    int streamId,
                    Http2Headers headers,
                    int streamDependency,
                    short weight,
                    boolean exclusive,
                    int padding,
                    boolean endOfStream) {
                onHeadersRead(ctx, streamId, headers, padding, endOfStream);
            }

            @Override
            public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean end) {
                Stream stream = streams.get(streamId);
                if (stream != null) {
                    stream.body.append(data.toString(StandardCharsets.UTF_8));
                    stream.bodyBytes.addAndGet(data.readableBytes());
                }
                if (end) {
                    end(streamId);
                }
                return data.readableBytes() + padding;
            }

            @Override
            public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
                Stream stream = streams.remove(streamId);
                if (stream != null) {
                    stream.answer.complete(new Answer(0, "", errorCode));
                }
            }

            @Override
            public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
                goAway.complete(new GoAway(lastStreamId, errorCode, debugData.toString(StandardCharsets.UTF_8)));
                failAll(new IOException("GOAWAY " + errorCode + ": " + debugData.toString(StandardCharsets.UTF_8)));
            }

            @Override
            public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
                windowUpdates
                        .computeIfAbsent(streamId, id -> new CompletableFuture<>())
                        .complete(windowSizeIncrement);
            }

            private void end(int streamId) {
                Stream stream = streams.remove(streamId);
                if (stream != null) {
                    stream.answer.complete(new Answer(stream.status.getNow(0), stream.body.toString(), -1));
                }
            }
        }
    }

    /** One stream's answer so far. */
    private static final class Stream {

        final CompletableFuture<Answer> answer;
        final CompletableFuture<Integer> status = new CompletableFuture<>();
        final AtomicLong bodyBytes = new AtomicLong();
        final StringBuilder body = new StringBuilder();

        Stream(CompletableFuture<Answer> answer) {
            this.answer = answer;
        }
    }
}
