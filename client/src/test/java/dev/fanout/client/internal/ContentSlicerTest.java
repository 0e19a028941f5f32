package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

/** Big content is cut into pieces, the last piece stays last, and every buffer is released. */
class ContentSlicerTest {

    @Test
    void bigContentIsCutIntoPiecesAndTheOriginalReleased() {
        EmbeddedChannel channel = new EmbeddedChannel(new ContentSlicer());
        ByteBuf big = PooledByteBufAllocator.DEFAULT.buffer().writeZero(ContentSlicer.MAX_PIECE * 2 + 100);

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
}
