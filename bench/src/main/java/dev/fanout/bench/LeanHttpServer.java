package dev.fanout.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A lean HTTP/1.1 server on loopback for the benches whose server follows a model of its own
 * (how long each request takes, when it refuses one): Netty on one event-loop thread, keep-alive,
 * a 3-byte text body in each answer. What each request gets is its {@link Model}'s choice. It
 * counts, per batch, the requests it received (in total and per path), the answers it sent by
 * status, the answers it could not send because the client had closed the connection first (a
 * cancelled hedge's copy, say), and the connections it accepted. Not WireMock: at thousands of
 * requests held at once, WireMock's threads would set the figures, not the client.
 *
 * <p>Thread-safe. The model, the counts and every connection live on the server's one thread, so
 * that neither the model nor the counts need a lock; {@link #reset} and {@link #counts} hop to
 * that thread and wait. Requests are answered in the order the model answers them, so a client
 * that pipelines two requests on one connection could get their answers swapped; fanout does not
 * pipeline.
 */
final class LeanHttpServer implements AutoCloseable {

    private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);

    /** The length of the body of every answer, in bytes. */
    static final int BODY_LENGTH = BODY.length;

    /** What the server does with each request: called on the server's thread, must not block. */
    interface Model {
        /** Answers {@code exchange}, at once or later from a task it {@linkplain Exchange#schedule schedules}. */
        void handle(Exchange exchange);
    }

    /** What the server counted since the last {@link #reset}. */
    record Counts(
            long requests, Map<String, Integer> perPath, Map<Integer, Long> statuses, long unanswered, long accepted) {

        /** Returns how many answers had {@code status}. */
        long status(int status) {
            return statuses.getOrDefault(status, 0L);
        }

        /** Returns the most requests any one path received. */
        int mostPerPath() {
            return perPath.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    private final EventLoopGroup group;
    private final Channel listener;
    private final Model model;
    private long requests;
    private final Map<String, Integer> perPath = new HashMap<>();
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private long unanswered;
    private long accepted;
    private volatile int open;
    private volatile long lastClosedNanos = System.nanoTime();

    private LeanHttpServer(Model model) throws InterruptedException {
        this.model = model;
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                // A batch connects up to 10,000 sockets at once: room for all of them in the accept
                // queue, as far as the kernel's net.core.somaxconn allows (ListenQueue).
                .option(ChannelOption.SO_BACKLOG, ListenQueue.BACKLOG)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted++;
                        open++;
                        ch.closeFuture()
                                .addListener(
                                        f -> { // on the server's thread, like open++
                                            open--;
                                            lastClosedNanos = System.nanoTime();
                                        });
                        ch.pipeline().addLast(new HttpServerCodec(), new RequestHandler());
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    /** Starts a server on a free loopback port, answering as {@code model} says. */
    static LeanHttpServer start(Model model) throws InterruptedException {
        return new LeanHttpServer(model);
    }

    /** Returns {@code http://127.0.0.1:PORT} followed by {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort() + path;
    }

    /** Zeroes the counts and runs {@code alsoOnServerThread} (the model's own reset), both on the server's thread. */
    void reset(Runnable alsoOnServerThread) throws InterruptedException, ExecutionException {
        group.submit(() -> {
                    requests = 0;
                    perPath.clear();
                    statuses.clear();
                    unanswered = 0;
                    accepted = 0;
                    alsoOnServerThread.run();
                })
                .get();
    }

    /** Returns how many connections are open now (read from any thread; a moment old). */
    int openConnections() {
        return open;
    }

    /** Returns when ({@link System#nanoTime()}) the last connection closed, or the server started. */
    long lastClosedNanos() {
        return lastClosedNanos;
    }

    /** Returns what {@code task} returns, run on the server's thread (to read a model's own figures). */
    <T> T call(Callable<T> task) throws InterruptedException, ExecutionException {
        return group.submit(task).get();
    }

    /** Returns what the server counted since the last reset. */
    Counts counts() throws InterruptedException, ExecutionException {
        return group.submit(
                        () -> new Counts(requests, Map.copyOf(perPath), new TreeMap<>(statuses), unanswered, accepted))
                .get();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One request waiting for its answer; used on the server's thread only. */
    final class Exchange {
        private final ChannelHandlerContext ctx;
        private final String path;
        private final boolean keepAlive;
        private boolean answered;

        private Exchange(ChannelHandlerContext ctx, String path, boolean keepAlive) {
            this.ctx = ctx;
            this.path = path;
            this.keepAlive = keepAlive;
        }

        /** Returns the request's path and query. */
        String path() {
            return path;
        }

        /** Returns whether the client still holds the connection (a closed one cannot be answered). */
        boolean isOpen() {
            return ctx.channel().isActive();
        }

        /** Runs {@code task} on the server's thread after {@code delayNanos}. */
        void schedule(long delayNanos, Runnable task) {
            ctx.executor().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        }

        /** Ends the request with a TCP reset of its connection ({@code SO_LINGER} 0), no answer. */
        void reset() {
            answered = true;
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            ctx.close();
        }

        /** Answers 200 with the body's bytes one at a time, {@code everyNanos} apart: a slow body. */
        void respondSlowly(long everyNanos) {
            answered = true;
            if (!isOpen()) {
                unanswered++;
                return;
            }
            DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
            statuses.merge(200, 1L, Long::sum);
            ctx.writeAndFlush(head, ctx.voidPromise());
            trickle(0, everyNanos);
        }

        private void trickle(int at, long everyNanos) {
            schedule(everyNanos, () -> {
                if (!isOpen()) {
                    return;
                }
                ByteBuf piece = ctx.alloc().buffer(1).writeByte(BODY[at]);
                if (at == BODY.length - 1) {
                    ctx.writeAndFlush(new DefaultLastHttpContent(piece), ctx.voidPromise());
                } else {
                    ctx.writeAndFlush(new DefaultHttpContent(piece), ctx.voidPromise());
                    trickle(at + 1, everyNanos);
                }
            });
        }

        /** Answers with {@code status} and the given header names and values, in pairs; once only. */
        void respond(int status, String... headerPairs) {
            if (answered) {
                throw new IllegalStateException("answered twice: " + path);
            }
            answered = true;
            if (!isOpen()) {
                unanswered++;
                return;
            }
            ByteBuf body = ctx.alloc().buffer(BODY.length).writeBytes(BODY);
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                response.headers().set(headerPairs[i], headerPairs[i + 1]);
            }
            statuses.merge(status, 1L, Long::sum);
            if (keepAlive) {
                ctx.writeAndFlush(response, ctx.voidPromise());
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** Hands each request to the model; the request's other parts (an empty body) are released unread. */
    private final class RequestHandler extends SimpleChannelInboundHandler<HttpObject> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            if (request.decoderResult().isFailure()) {
                ctx.close(); // not a request the benches send: nothing to model
                return;
            }
            requests++;
            perPath.merge(request.uri(), 1, Integer::sum);
            model.handle(new Exchange(ctx, request.uri(), HttpUtil.isKeepAlive(request)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset by the client (a cancelled hedge) is expected, not news
        }
    }
}
