package dev.fanout.client.internal;

import dev.fanout.loop.Loop;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The pipelines of a connection, after the proxy's handler and TLS if any ({@link ProxyTunnels}): HTTP/1.1's, or HTTP/2's (the frame codec and
 * the stream multiplexer, then the {@link Http2Connection}'s own handler; each stream gets a
 * pipeline of its own). HTTP/1.1's has no request encoder: a request goes out as the bytes its
 * {@link RequestHead} wrote. Loop-confined.
 *
 * <pre>
 *  HTTP/1.1: [SslHandler] ─ ReadCounter ─ ResponseDecoder ─ ContentSlicer ─ HttpContentDecompressor ─ ExchangeHandler
 *  HTTP/2:   [SslHandler] ─ Http2FrameCodec ─ Http2MultiplexHandler ─ Http2Liveness ─ Http2Connection's handler
 *            each stream:  counter ─ Http2StreamFrameToHttpObjectCodec ─ ContentSlicer ─ HttpContentDecompressor ─ Http2Stream's handler
 * </pre>
 */
final class Pipelines {

    /** Each stream's receive window: bodies flow without waiting for a window update per 64 KiB. */
    static final int STREAM_WINDOW = 1 << 20;

    private final int maxHeaderBytes;
    private final Consumer<HttpConnection> whenClosed;
    private final Loop loop;
    private final Duration pingTimeout;
    private final ConnectionCounts counts;
    private final HeadWords words = new HeadWords();

    /**
     * {@code whenClosed} is told of every connection these pipelines make once it has closed; an
     * HTTP/2 connection reused after idling must answer a PING within {@code pingTimeout}, on
     * {@code loop}'s clock ({@link Http2Liveness}); each connection is counted open in
     * {@code counts} until it closes.
     */
    Pipelines(
            int maxHeaderBytes,
            Consumer<HttpConnection> whenClosed,
            Loop loop,
            Duration pingTimeout,
            ConnectionCounts counts) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.counts = counts;
        this.whenClosed = whenClosed;
        this.loop = loop;
        this.pingTimeout = pingTimeout;
    }

    /** Adds HTTP/1.1's handlers at the end of {@code ch}'s pipeline; returns its connection. */
    Connection http1(Channel ch, Route route) {
        ResponseDecoder decoder = new ResponseDecoder(maxHeaderBytes, words);
        Connection[] made = new Connection[1];
        made[0] = new Connection(ch, route, decoder, whenClosed);
        count(ch, route);
        ChannelPipeline p = ch.pipeline();
        p.addLast("count", new Connection.ReadCounter(made));
        p.addLast("decoder", decoder);
        addInflating(p);
        p.addLast("exchange", new ExchangeHandler(made[0]));
        return made[0];
    }

    /**
     * Adds HTTP/2's handlers at the end of {@code ch}'s pipeline; returns its connection, ready
     * once the server's SETTINGS arrive. The client's preface goes out when the channel is active
     * (or at once, when it already is).
     */
    Http2Connection http2(Channel ch, Route route) {
        Http2Settings settings = Http2Settings.defaultSettings()
                .pushEnabled(false)
                .maxHeaderListSize(maxHeaderBytes)
                .initialWindowSize(STREAM_WINDOW);
        Http2Connection connection = new Http2Connection(ch, route, this::stream, whenClosed);
        count(ch, route);
        ChannelPipeline p = ch.pipeline();
        p.addLast(
                "h2",
                Http2FrameCodecBuilder.forClient()
                        .initialSettings(settings)
                        // The source never opens more streams than the server allows; should the
                        // server lower its limit while streams are being opened, Netty holds the
                        // excess until streams end instead of failing them.
                        .encoderEnforceMaxConcurrentStreams(true)
                        .build());
        p.addLast("streams", new Http2MultiplexHandler(NoPush.INSTANCE));
        Http2Liveness liveness = new Http2Liveness(loop, pingTimeout);
        liveness.watch(connection);
        p.addLast("liveness", liveness);
        p.addLast("connection", connection.handler());
        return connection;
    }

    /**
     * Counts {@code ch} as open, to {@code route}'s origin, until it closes. Its close future, not the pipeline's inactive
     * event, ends the count: a channel closed before its connect completed (a connect timeout, a
     * cancel) is never active, so its pipeline never hears it close.
     */
    private void count(Channel ch, Route route) {
        Origin origin = route.origin();
        counts.opened(origin);
        ch.closeFuture().addListener(closed -> counts.closed(origin));
    }

    private void stream(Channel ch, Http2Stream stream) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("count", stream.counter());
        p.addLast("http", new Http2StreamFrameToHttpObjectCodec(false));
        addInflating(p);
        p.addLast("exchange", stream.handler());
    }

    /**
     * Adds the {@link ContentSlicer} and the decompressor after it, which the slicer sends a
     * response with nothing to inflate past.
     */
    static void addInflating(ChannelPipeline p) {
        HttpContentDecompressor inflate = new HttpContentDecompressor(false, 0);
        p.addLast("slice", new ContentSlicer(inflate));
        p.addLast("inflate", inflate);
    }

    /** What a stream the server opens would get: push is turned off in our SETTINGS, so none may. */
    @ChannelHandler.Sharable
    private static final class NoPush extends ChannelInboundHandlerAdapter {
        static final NoPush INSTANCE = new NoPush();

        @Override
        public void channelRegistered(ChannelHandlerContext ctx) {
            ctx.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
