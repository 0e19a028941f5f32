package dev.fanout.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Cuts response content into pieces of at most {@value #MAX_PIECE} bytes before the
 * decompressor, which inflates each piece it gets whole: a piece of a decompression bomb then
 * inflates to a few megabytes at most (deflate's ratio is about 1,000), checked against the
 * body cap before the next one is inflated, however large the network read was.
 *
 * <p>Only an encoded response's content is cut: one whose head names a Content-Encoding other
 * than {@code identity}. Any other response's content passes whole: the decompressor hands it
 * on as it is. (Content before any head is cut.)
 *
 * <p>ByteBuf ownership: each piece is a retained slice of the content it came from, owned by
 * the next handler; {@link MessageToMessageDecoder} releases the original after
 * {@link #decode}. Messages without content (the response head) pass through retained.
 */
final class ContentSlicer extends MessageToMessageDecoder<HttpObject> {

    static final int MAX_PIECE = 8192;

    private boolean encoded = true;

    ContentSlicer() {
        super(HttpObject.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) {
        if (msg instanceof HttpResponse head) {
            String coding = head.headers().get(HttpHeaderNames.CONTENT_ENCODING);
            encoded = coding != null && !coding.trim().equalsIgnoreCase("identity");
        }
        if (!encoded
                || !(msg instanceof HttpContent content)
                || content.content().readableBytes() <= MAX_PIECE) {
            out.add(ReferenceCountUtil.retain(msg));
            return;
        }
        ByteBuf whole = content.content();
        while (whole.readableBytes() > MAX_PIECE) {
            out.add(new DefaultHttpContent(whole.readRetainedSlice(MAX_PIECE)));
        }
        ByteBuf rest = whole.readRetainedSlice(whole.readableBytes());
        if (msg instanceof LastHttpContent last) {
            DefaultLastHttpContent end = new DefaultLastHttpContent(rest);
            end.trailingHeaders().set(last.trailingHeaders());
            end.setDecoderResult(last.decoderResult());
            out.add(end);
        } else {
            out.add(new DefaultHttpContent(rest));
        }
    }
}
