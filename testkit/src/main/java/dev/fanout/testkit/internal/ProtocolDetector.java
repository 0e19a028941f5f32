package dev.fanout.testkit.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import java.util.List;

/**
 * Tells, from a connection's first bytes, whether the client speaks h2c with prior knowledge
 * (the 24-byte preface {@code PRI * HTTP/2.0...}) or HTTP/1.1, and puts the matching handler in
 * its place, passing it the bytes read so far.
 *
 * <pre>
 *  first bytes ── preface?  yes ── Http2FrameCodec ── H2Connection
 *                           no  ── Http1Connection
 * </pre>
 *
 * <p>Confined to the connection's event loop. <b>ByteBuf ownership:</b> {@link ByteToMessageDecoder}'s;
 * the bytes it holds go to the next handler when it leaves.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final HostileCounts counts;

    ProtocolDetector(HostileCounts counts) {
        this.counts = counts;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
        boolean prefixOfPreface = ByteBufUtil.equals(in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), n);
        if (prefixOfPreface && n < PREFACE.readableBytes()) {
            return; // too early to tell
        }
        if (prefixOfPreface) {
            // Netty's default SETTINGS limit streams to 100; the hostile server sets no limit.
            Http2Settings settings = Http2Settings.defaultSettings();
            settings.remove(Http2CodecUtil.SETTINGS_MAX_CONCURRENT_STREAMS);
            Http2FrameCodec codec =
                    Http2FrameCodecBuilder.forServer().initialSettings(settings).build();
            ctx.pipeline().addAfter(ctx.name(), "h2", codec);
            ctx.pipeline().addAfter("h2", "hostile-h2", new H2Connection(counts, codec));
        } else {
            ctx.pipeline().addAfter(ctx.name(), "hostile-http1", new Http1Connection(counts));
        }
        ctx.pipeline().remove(this);
    }
}
