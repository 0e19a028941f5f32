package dev.fanout.testkit.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * One h2c connection of the hostile server, after Netty's frame codec: counts each stream as a
 * request and answers it by its path (see {@link HostileRoute}).
 *
 * <ul>
 *   <li>{@code /ok/T}: 200, body {@code ok}.
 *   <li>{@code /h2/goaway-after-streams/N/T}: 200 {@code ok} while the stream is among the first
 *       N of its connection; the stream after them gets no answer but a GOAWAY (NO_ERROR) whose
 *       last stream id is the Nth stream's: the client must retry it on a new connection.
 *   <li>{@code /h2/reset-stream/CODE/T}: RST_STREAM with error CODE, no answer.
 *   <li>{@code /h2/stall-body/N/T}: HEADERS saying {@code content-length} 2N, DATA of N bytes,
 *       then nothing more on the stream.
 *   <li>{@code /h2/stall-window/T}: never answers, and never gives back the window of the
 *       request body it reads (no WINDOW_UPDATE): a client with a body to send stalls when the
 *       window is spent, the stream's and then the connection's.
 *   <li>anything else: 404.
 * </ul>
 *
 * <p>Confined to the connection's event loop. <b>ByteBuf ownership:</b> it releases every frame
 * it reads; bodies it writes are unpooled, and released by the codec once written.
 */
final class H2Connection extends ChannelInboundHandlerAdapter {

    private final HostileCounts counts;
    private final Http2FrameCodec codec;
    private final Set<Integer> stalled = new HashSet<>();
    private final Set<Integer> seen = new HashSet<>();
    private int streams;
    private int lastAnswered;

    H2Connection(HostileCounts counts, Http2FrameCodec codec) {
        this.counts = counts;
        this.codec = codec;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame headers
                    && seen.add(headers.stream().id())) {
                counts.requestRead();
                streams++;
                respond(ctx, headers.stream(), String.valueOf(headers.headers().path()));
            } else if (msg instanceof Http2DataFrame data
                    && !stalled.contains(data.stream().id())
                    && data.initialFlowControlledBytes() > 0) {
                ctx.write(new DefaultHttp2WindowUpdateFrame(data.initialFlowControlledBytes()).stream(data.stream()));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The codec has answered a protocol error already (RST_STREAM or GOAWAY); nothing to add.
    }

    private void respond(ChannelHandlerContext ctx, Http2FrameStream stream, String path) {
        HostileRoute route = HostileRoute.parse(path);
        switch (route.name()) {
            case "ok" -> ok(ctx, stream);
            case "h2/goaway-after-streams" -> {
                if (streams <= route.param(0, 1)) {
                    ok(ctx, stream);
                } else {
                    ChannelHandlerContext codecCtx = ctx.pipeline().context(codec);
                    codec.goAway(
                            codecCtx, lastAnswered, Http2Error.NO_ERROR.code(), goAwayReason(), codecCtx.newPromise());
                    codecCtx.flush();
                }
            }
            case "h2/reset-stream" ->
                ctx.write(new DefaultHttp2ResetFrame(route.param(0, Http2Error.CANCEL.code())).stream(stream));
            case "h2/stall-body" -> {
                int sent = route.intParam(0, 1, Http1Responses.MAX_BYTES / 2);
                ctx.write(new DefaultHttp2HeadersFrame(headers(200).setInt("content-length", sent * 2), false)
                        .stream(stream));
                ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[sent]), false).stream(stream));
            }
            case "h2/stall-window" -> stalled.add(stream.id());
            default -> ctx.write(new DefaultHttp2HeadersFrame(headers(404), true).stream(stream));
        }
    }

    private void ok(ChannelHandlerContext ctx, Http2FrameStream stream) {
        lastAnswered = Math.max(lastAnswered, stream.id());
        ctx.write(new DefaultHttp2HeadersFrame(headers(200).setInt("content-length", 2), false).stream(stream));
        ByteBuf body = Unpooled.wrappedBuffer("ok".getBytes(StandardCharsets.US_ASCII));
        ctx.write(new DefaultHttp2DataFrame(body, true).stream(stream));
    }

    private static DefaultHttp2Headers headers(int status) {
        DefaultHttp2Headers headers = new DefaultHttp2Headers();
        headers.status(String.valueOf(status));
        return headers;
    }

    private static ByteBuf goAwayReason() {
        return Unpooled.copiedBuffer("enough streams", StandardCharsets.US_ASCII);
    }
}
