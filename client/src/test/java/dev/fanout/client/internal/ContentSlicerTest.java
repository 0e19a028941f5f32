package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

/**
 * An encoded response's big content is cut into pieces, the last piece stays last, and every
 * buffer is released; any other response's content passes whole.
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

    private static HttpResponse head(String coding) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        if (coding != null) {
            head.headers().set(HttpHeaderNames.CONTENT_ENCODING, coding);
        }
        return head;
    }
}
