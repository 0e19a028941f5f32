package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.MalformedResponses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the HTTP/1.1 pipeline itself, without sockets: {@link MalformedResponses}' seeded
 * malformed and truncated responses are fed to the client's own handlers ({@link Pipelines#http1})
 * on an {@link EmbeddedChannel}, cut into pieces of random sizes, then the channel closes. No
 * exception may come out of a read or reach the pipeline's end, every exchange must end (a
 * response's end, an error or the close), and no buffer may leak (the leak detector runs at
 * paranoid around every test). {@code ResponseFuzzTest} does the same over loopback.
 */
class PipelineFuzzTest {

    @Test
    void malformedResponsesEndEveryExchangeAndThrowAndLeakNothing() {
        int inputs = Integer.getInteger("fanout.fuzz.inputs", 400) * 5;
        Random pieces = new Random(3);
        MalformedResponses responses = new MalformedResponses(3);
        Pipelines pipelines = new Pipelines(8192, c -> {}, null, Duration.ofSeconds(1), new ConnectionCounts());
        for (int i = 0; i < inputs; i++) {
            byte[] input = responses.next(4096);
            EmbeddedChannel channel = new EmbeddedChannel();
            Connection connection = pipelines.http1(channel, Route.direct(new Origin("http", "fuzz.test", 80)));
            Sink sink = new Sink(connection, channel);
            connection.lease(sink);
            int at = 0;
            while (at < input.length && channel.isOpen()) {
                int n = Math.min(input.length - at, 1 + pieces.nextInt(64));
                ByteBuf piece = PooledByteBufAllocator.DEFAULT.buffer(n).writeBytes(input, at, n);
                channel.writeInbound(piece);
                at += n;
            }
            channel.close();
            channel.checkException();
            assertThat(sink.ended).as("input %d: the exchange ended", i).isTrue();
            channel.finishAndReleaseAll();
        }
    }

    /** Stands for the attempt: ends the exchange at a final response's end, an error or the close. */
    private static final class Sink implements ExchangeSink {
        private final Connection connection;
        private final EmbeddedChannel channel;
        private boolean interim;
        boolean ended;

        Sink(Connection connection, EmbeddedChannel channel) {
            this.connection = connection;
            this.channel = channel;
        }

        @Override
        public void onHead(HttpResponse head) {
            interim = head.status().code() < 200;
        }

        @Override
        public void onContent(ByteBuf content) {
            // the handler keeps ownership and releases it
        }

        @Override
        public void onEnd(LastHttpContent last) {
            if (!interim || last.decoderResult().isFailure()) {
                ended = true;
                connection.finish(false);
                channel.close();
            }
        }

        @Override
        public void onError(Throwable cause) {
            ended = true;
            connection.abandon();
            channel.close();
        }

        @Override
        public void onClosed() {
            ended = true;
        }
    }
}
