package dev.fanout.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts response content into pieces of at most {@value #MAX_PIECE} bytes before the
 * decompressor, which inflates each piece it gets whole: a piece of a decompression bomb then
 * inflates to a few megabytes at most (deflate's ratio is about 1,000), checked against the
 * body cap before the next one is inflated, however large the network read was.
 *
 * <p>Only an encoded response's content is cut: one whose head names a Content-Encoding other
 * than {@code identity}. Any other response's content passes whole. (Content before any head is
 * cut.) A response the decompressor would hand on as it is (no Content-Encoding but
 * {@code identity}, no Transfer-Encoding but {@code chunked}) goes past it, to the handler after
 * it: the two handlers' passing on, a list and a few checks for each of a response's messages,
 * had about 5% of the loop's samples in a profile of many small keep-alive exchanges, and going
 * past them made 1.10× as many a second (bench/README.md, "Past the decompressor").
 *
 * <p>ByteBuf ownership: each piece is a retained slice of the content it came from, owned by
 * the next handler, and the original is released once cut; any other message passes on as it
 * came, owned by the handler that gets it.
 */
final class ContentSlicer extends ChannelInboundHandlerAdapter {

    static final int MAX_PIECE = 8192;

    private final ChannelHandler decompressor;
    private ChannelHandlerContext pastDecompressor;
    private boolean encoded = true;
    private boolean plain;

    /** A slicer with no decompressor to pass by. */
    ContentSlicer() {
        this(null);
    }

    /**
     * A slicer that sends a response the {@code decompressor} (the next handler in the pipeline,
     * or null) would not change past it.
     */
    ContentSlicer(ChannelHandler decompressor) {
        this.decompressor = decompressor;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse head) {
            HttpHeaders headers = head.headers();
            String coding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
            encoded = coding != null && !coding.trim().equalsIgnoreCase("identity");
            plain = !encoded
                    && head.decoderResult().isSuccess()
                    && (coding != null || chunkedAtMost(headers.get(HttpHeaderNames.TRANSFER_ENCODING)));
        }
        if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg);
        } else if (plain && pastDecompressor(ctx) != null) {
            pastDecompressor.fireChannelRead(msg);
        } else if (!encoded
                || !(msg instanceof HttpContent content)
                || content.content().readableBytes() <= MAX_PIECE) {
            ctx.fireChannelRead(msg);
        } else {
            List<HttpContent> pieces = cut(content);
            content.release();
            for (HttpContent piece : pieces) {
                ctx.fireChannelRead(piece);
            }
        }
    }

    /**
     * Whether the decompressor passes a response with this Transfer-Encoding on unchanged, as it
     * does with none: it reads the first coding named there when Content-Encoding is absent.
     */
    private static boolean chunkedAtMost(String transferEncoding) {
        if (transferEncoding == null) {
            return true;
        }
        int comma = transferEncoding.indexOf(',');
        String first = comma < 0 ? transferEncoding : transferEncoding.substring(0, comma);
        return first.trim().equalsIgnoreCase("chunked");
    }

    private ChannelHandlerContext pastDecompressor(ChannelHandlerContext ctx) {
        if (pastDecompressor == null && decompressor != null) {
            pastDecompressor = ctx.pipeline().context(decompressor);
        }
        return pastDecompressor;
    }

    private static List<HttpContent> cut(HttpContent content) {
        List<HttpContent> pieces = new ArrayList<>();
        ByteBuf whole = content.content();
        while (whole.readableBytes() > MAX_PIECE) {
            pieces.add(new DefaultHttpContent(whole.readRetainedSlice(MAX_PIECE)));
        }
        ByteBuf rest = whole.readRetainedSlice(whole.readableBytes());
        if (content instanceof LastHttpContent last) {
            DefaultLastHttpContent end = new DefaultLastHttpContent(rest);
            end.trailingHeaders().set(last.trailingHeaders());
            end.setDecoderResult(last.decoderResult());
            pieces.add(end);
        } else {
            pieces.add(new DefaultHttpContent(rest));
        }
        return pieces;
    }
}
