package dev.fanout.bench;

import dev.fanout.loop.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The floor under every Netty client, fanout's included: one event loop thread (on the transport
 * fanout's loop takes by default: io_uring where it loads, else epoll), one new connection per
 * URL, opened all at once from one task on that thread, Netty's HTTP codec and aggregator, the
 * answer counted and the connection closed. No pool, no limits, no timeouts, no retries, no
 * result objects: what issue 12 calls "a bare single-thread Netty loop", the figure fanout's
 * fresh-connection batch is to stay within 1.1× of. Its warm-pool batch opens new connections
 * again, since it keeps none.
 */
final class NettyBareContender implements Contender {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    /** The request of the connection being opened: connect() on the loop thread initializes its channel at once. */
    private Answer opening;

    NettyBareContender() {
        Transport transport = Transport.byDefault();
        group = new MultiThreadIoEventLoopGroup(1, Transports.ioHandler(transport));
        bootstrap = new Bootstrap()
                .group(group)
                .channel(Transports.socketChannel(transport))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new HttpClientCodec(), new HttpObjectAggregator(Integer.MAX_VALUE), opening);
                    }
                });
    }

    @Override
    public String name() {
        return "netty-bare";
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) {
        Batch batch = new Batch(urls.size(), bodyLength);
        group.next().execute(() -> {
            for (String url : urls) {
                URI uri = URI.create(url);
                int port = uri.getPort() < 0 ? 80 : uri.getPort();
                FullHttpRequest request =
                        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri.getRawPath());
                request.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + port);
                opening = new Answer(request, batch);
                bootstrap.connect(uri.getHost(), port).addListener(f -> {
                    if (!f.isSuccess()) {
                        request.release();
                        batch.done(false);
                    }
                });
            }
        });
        return batch.all.join();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One batch's count of answers, on the loop thread. */
    private static final class Batch {
        final CompletableFuture<Integer> all = new CompletableFuture<>();
        final int bodyLength;
        int left;
        int right;

        Batch(int size, int bodyLength) {
            this.left = size;
            this.bodyLength = bodyLength;
            if (size == 0) {
                all.complete(0);
            }
        }

        void done(boolean ok) {
            if (ok) {
                right++;
            }
            if (--left == 0) {
                all.complete(right);
            }
        }
    }

    /** Sends the request once connected, counts the answer, closes the connection. */
    private static final class Answer extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final FullHttpRequest request;
        private final Batch batch;
        private boolean over;

        Answer(FullHttpRequest request, Batch batch) {
            this.request = request;
            this.batch = batch;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(request);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            end(
                    ctx,
                    Contender.expected(
                            response.status().code(), response.content().readableBytes(), batch.bodyLength));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            end(ctx, false);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end(ctx, false); // closed before an answer
        }

        private void end(ChannelHandlerContext ctx, boolean ok) {
            if (!over) {
                over = true;
                batch.done(ok);
                ctx.close();
            }
        }
    }
}
