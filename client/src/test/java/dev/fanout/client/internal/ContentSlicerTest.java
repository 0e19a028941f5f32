package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An encoded response's big content is cut into pieces, the last piece stays last, and every
 * buffer is released; any other response's content passes whole, and one the decompressor would
 * not change goes past it.
 */
class ContentSlicerTest {

    @Test
    void bigContentIsCutIntoPiecesAndTheOriginalReleased() {
        EmbeddedChannel channel = new EmbeddedChannel(new ContentSlicer());
        ByteBuf big = PooledByteBufAllocator.DEFAULT.buffer().writeZero(ContentSlicer.MAX_PIECE * 2 + 100);

        channel.writeInbound(head("gzip"));
        assertThat(channel.<Object>readInbound()).isInstanceOf(HttpResponse.class);
        channel.writeInbound(new DefaultLastHttpContent(big));

        int pieces = 0;
        int bytes = 0;
        boolean lastWasLast = false;
        for (HttpContent piece; (piece = channel.readInbound()) != null; pieces++) {
            assertThat(piece.content().readableBytes()).isLessThanOrEqualTo(ContentSlicer.MAX_PIECE);
            bytes += piece.content().readableBytes();
            lastWasLast = piece instanceof LastHttpContent;
            piece.release();
        }
        assertThat(pieces).isEqualTo(3);
        assertThat(bytes).isEqualTo(ContentSlicer.MAX_PIECE * 2 + 100);
        assertThat(lastWasLast).isTrue();
        assertThat(big.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void contentOfAResponseNotEncodedPassesWhole() {
        EmbeddedChannel channel = new EmbeddedChannel(new ContentSlicer());
        for (String coding : new String[] {null, "identity", "IDENTITY"}) {
            ByteBuf big = PooledByteBufAllocator.DEFAULT.buffer().writeZero(ContentSlicer.MAX_PIECE * 2 + 100);
            DefaultLastHttpContent whole = new DefaultLastHttpContent(big);

            channel.writeInbound(head(coding));
            assertThat(channel.<Object>readInbound()).isInstanceOf(HttpResponse.class);
            channel.writeInbound(whole);

            HttpContent passed = channel.readInbound();
            assertThat(passed).as("Content-Encoding %s", coding).isSameAs(whole);
            assertThat(channel.<Object>readInbound()).isNull();
            passed.release();
            assertThat(big.refCnt()).isZero();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aResponseTheDecompressorWouldNotChangeGoesPastIt() {
        String[][] plain = {
            {null, null}, {"identity", null}, {"Identity ", null}, {null, "chunked"}, {null, "Chunked, x"}
        };
        String[][] throughIt = {{"gzip", null}, {"br", null}, {"", null}, {null, "gzip, chunked"}, {null, "deflate"}};
        for (String[] codings : plain) {
            assertThat(seenByTheDecompressor(codings[0], codings[1], true))
                    .as("Content-Encoding %s, Transfer-Encoding %s", codings[0], codings[1])
                    .isZero();
        }
        for (String[] codings : throughIt) {
            assertThat(seenByTheDecompressor(codings[0], codings[1], true))
                    .as("Content-Encoding %s, Transfer-Encoding %s", codings[0], codings[1])
                    .isEqualTo(2);
        }
        assertThat(seenByTheDecompressor(null, null, false))
                .as("a head the decoder failed")
                .isEqualTo(2);
    }

    /**
     * Sends a head with these codings and a small last content through a slicer and a stand-in
     * for the decompressor after it; checks that both arrive as they were sent, and returns how
     * many the stand-in saw.
     */
    private static int seenByTheDecompressor(String contentEncoding, String transferEncoding, boolean decoded) {
        List<Object> seen = new ArrayList<>();
        ChannelInboundHandlerAdapter decompressor = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg);
                ctx.fireChannelRead(msg);
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(new ContentSlicer(decompressor), decompressor);
        HttpResponse head = head(contentEncoding);
        if (transferEncoding != null) {
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, transferEncoding);
        }
        if (!decoded) {
            head.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad head")));
        }
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.copiedBuffer(new byte[] {1, 2, 3}));
        channel.writeInbound(head, last);

        assertThat(channel.<Object>readInbound()).isSameAs(head);
        assertThat(channel.<Object>readInbound()).isSameAs(last);
        assertThat(last.refCnt()).isEqualTo(1);
        last.release();
        assertThat(channel.finish()).isFalse();
        return seen.size();
    }

    private static HttpResponse head(String coding) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        if (coding != null) {
            head.headers().set(HttpHeaderNames.CONTENT_ENCODING, coding);
        }
        return head;
    }
}
