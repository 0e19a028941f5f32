package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.Loop;
import dev.fanout.loop.ManualClock;
import dev.fanout.loop.testing.Await;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP/2 connection taken from the pool after idling is checked with a PING: a peer that
 * went silent (a connection dropped on the way without a close) gets its connection closed
 * when the PING is not answered within the connect timeout, and the request goes once more
 * on a fresh connection; a peer that answers keeps its connection. Time is the loop's
 * {@link ManualClock}; sockets are real.
 */
class Http2LivenessTest {

    private final ManualClock clock = new ManualClock();
    private final Loop loop =
            Loop.builder().name("h2-liveness-loop").clock(clock).start();
    private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() throws Exception {
        loop.close();
        serverGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }

    @Test
    void aSilentPeerLosesItsConnectionAtThePingTimeoutAndTheRequestGoesOnAFreshOne() throws Exception {
        H2cServer server = new H2cServer(true);
        try (FanoutClient client = client()) {
            assertThat(client.fetchAll(List.of(server.url("/first"))).get(0).ok())
                    .isTrue();
            clock.advance(Duration.ofSeconds(2)); // idle longer than a reuse unchecked
            loopCatchesUp();

            Batch batch = client.startAll(List.of(Request.get(server.url("/second"))));
            loopCatchesUp();
            Await.until("the PING read by the server", () -> server.pingsReceived.get() == 1);
            assertThat(batch.future()).isNotDone(); // the silent peer answers nothing

            clock.advance(Duration.ofSeconds(5)); // the connect timeout: the PING's deadline
            Result r = batch.awaitAll(Duration.ofSeconds(10)).get(0);

            assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void aPeerThatAnswersThePingKeepsItsConnection() throws Exception {
        H2cServer server = new H2cServer(false);
        try (FanoutClient client = client()) {
            assertThat(client.fetchAll(List.of(server.url("/first"))).get(0).ok())
                    .isTrue();
            clock.advance(Duration.ofSeconds(2));
            loopCatchesUp();

            Result r = client.fetchAll(List.of(server.url("/second"))).get(0);
            clock.advance(Duration.ofSeconds(6)); // past the PING's deadline, answered before it
            loopCatchesUp();
            Result later = client.fetchAll(List.of(server.url("/third"))).get(0);

            assertThat(r.ok()).isTrue();
            assertThat(later.ok()).isTrue();
            assertThat(server.pingsReceived.get()).isEqualTo(2); // once per reuse after idling
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    private FanoutClient client() {
        return FanoutClient.builder()
                .loop(loop)
                .httpVersion(HttpVersion.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofMinutes(5))
                .build();
    }

    /** Returns once every task the loop holds now has run. */
    private void loopCatchesUp() throws Exception {
        loop.submit(() -> null).get(10, TimeUnit.SECONDS);
    }

    /**
     * An h2c server (prior knowledge) answering {@code 200 ok} to every stream; when
     * {@code silentAfterFirst}, its first connection goes silent after its first response
     * (no answers, no PING acknowledgements), as a connection dropped on the way would.
     */
    private final class H2cServer {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger pingsReceived = new AtomicInteger();
        final Channel channel;

        H2cServer(boolean silentAfterFirst) throws InterruptedException {
            channel = new ServerBootstrap()
                    .group(serverGroup)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            boolean silencing = connections.incrementAndGet() == 1 && silentAfterFirst;
                            AtomicInteger answered = new AtomicInteger();
                            ch.pipeline()
                                    .addLast(Http2FrameCodecBuilder.forServer()
                                            .autoAckPingFrame(!silencing)
                                            .build());
                            ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                                @Override
                                protected void initChannel(Channel stream) {
                                    stream.pipeline().addLast(new Answer(silencing, answered));
                                }
                            }));
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    if (msg instanceof Http2PingFrame ping && !ping.ack()) {
                                        pingsReceived.incrementAndGet();
                                    }
                                    ReferenceCountUtil.release(msg);
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .sync()
                    .channel();
        }

        String url(String path) {
            return "http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort() + path;
        }
    }

    /** Answers a stream's request with {@code 200 ok}, unless its connection has gone silent. */
    private static final class Answer extends ChannelInboundHandlerAdapter {
        private final boolean silencing;
        private final AtomicInteger answered;

        Answer(boolean silencing, AtomicInteger answered) {
            this.silencing = silencing;
            this.answered = answered;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame headers
                        && headers.isEndStream()
                        && (!silencing || answered.getAndIncrement() == 0)) {
                    ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")));
                    ctx.writeAndFlush(
                            new DefaultHttp2DataFrame(Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII), true));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
