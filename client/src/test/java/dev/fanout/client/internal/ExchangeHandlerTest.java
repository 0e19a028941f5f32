package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import org.junit.jupiter.api.Test;

/** The exchange handler owns what it reads: on an idle connection it releases it and closes. */
class ExchangeHandlerTest {

    @Test
    void dataOnAnIdleConnectionIsReleasedAndTheConnectionClosed() {
        EmbeddedChannel channel = new EmbeddedChannel();
        Connection connection = new Connection(
                channel, Route.direct(new Origin("http", "x", 80)), new ResponseDecoder(1024), closed -> {});
        channel.pipeline().addLast(new ExchangeHandler(connection));
        ByteBuf unsolicited = PooledByteBufAllocator.DEFAULT.buffer().writeBytes(new byte[] {1, 2, 3});

        channel.writeInbound(new DefaultHttpContent(unsolicited));

        assertThat(unsolicited.refCnt()).isZero();
        assertThat(channel.isOpen()).isFalse();
        Object passedOn = channel.readInbound();
        assertThat(passedOn).isNull();
    }
}
