package dev.fanout.testkit.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One HTTP/1.1 connection of the hostile server: reads request heads (skipping their
 * {@code Content-Length} bodies), counts them, and hands each to {@link Http1Responses}, one at
 * a time; the next request is read once the response in progress calls {@link #done()}.
 *
 * <p>Also keeps what outlives a response: the idle timer of {@code close-when-idle} and the
 * request limit of {@code close-after-requests}. A request with a chunked body, or a head over
 * 64 KiB, closes the connection: the hostile server reads, but is no server to lean on.
 *
 * <p>Confined to the connection's event loop. <b>ByteBuf ownership:</b> it releases every
 * buffer it reads once copied into its own, which it releases when removed.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter {

    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] FILLER = filler();

    private final HostileCounts counts;
    private ChannelHandlerContext ctx;
    private ByteBuf buffer;
    private long bodyToSkip;
    private boolean busy;
    private boolean processing;
    private int requests;
    private int closeAfterRequests;
    private ScheduledFuture<?> idleClose;
    private String target;

    Http1Connection(HostileCounts counts) {
        this.counts = counts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.buffer = ctx.alloc().buffer();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        buffer.release();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (idleClose != null) {
                idleClose.cancel(false);
                idleClose = null;
            }
            if (busy && buffer.readableBytes() > MAX_HEAD) {
                buffer.clear(); // requests sent while a response never ends: dropped, not hoarded
            }
            buffer.writeBytes(in);
        } finally {
            in.release();
        }
        process();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a client that reset the connection, most often: nothing to report
    }

    private void process() {
        processing = true;
        try {
            while (!busy && ctx.channel().isActive() && readRequest()) {
                busy = true;
                Http1Responses.respond(this);
            }
        } finally {
            processing = false;
        }
    }

    /** Reads the next request head, if it has all arrived; returns whether one was read. */
    private boolean readRequest() {
        if (bodyToSkip > 0) {
            int skipped = (int) Math.min(bodyToSkip, buffer.readableBytes());
            buffer.skipBytes(skipped);
            bodyToSkip -= skipped;
            if (bodyToSkip > 0) {
                return false;
            }
        }
        int end = endOfHead();
        if (end < 0) {
            if (buffer.readableBytes() > MAX_HEAD) {
                ctx.close();
            }
            buffer.discardSomeReadBytes();
            return false;
        }
        String head = buffer.readCharSequence(end + 4 - buffer.readerIndex(), StandardCharsets.ISO_8859_1)
                .toString();
        buffer.discardSomeReadBytes();
        counts.requestRead();
        requests++;
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        target = requestLine.length > 1 ? requestLine[1] : "/";
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                bodyToSkip = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                ctx.close();
                return false;
            }
        }
        if (closeAfterRequests > 0 && requests > closeAfterRequests) {
            ctx.close(); // the request is read and met with a close, as by a server that timed the connection out
            return false;
        }
        return true;
    }

    private int endOfHead() {
        for (int i = buffer.readerIndex(); i + 3 < buffer.writerIndex(); i++) {
            if (buffer.getByte(i) == '\r'
                    && buffer.getByte(i + 1) == '\n'
                    && buffer.getByte(i + 2) == '\r'
                    && buffer.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Returns the target (path and query) of the request being answered. */
    String target() {
        return target;
    }

    /** Tells it the response is complete: the next request on the connection may be read. */
    void done() {
        busy = false;
        if (!processing) {
            process();
        }
    }

    /** Writes {@code text} (ISO-8859-1) and flushes. */
    ChannelFuture write(String text) {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes {@code bytes} and flushes. */
    ChannelFuture write(byte[] bytes) {
        return ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    /** Writes {@code n} bytes of body, {@code a} to {@code z} over and over, and flushes. */
    ChannelFuture writeFiller(long n) {
        return writeFiller(0, n);
    }

    /** Writes bytes {@code from} to {@code from + n} of the endless run {@code a} to {@code z}, and flushes. */
    ChannelFuture writeFiller(long from, long n) {
        ChannelFuture last = ctx.newSucceededFuture();
        int start = (int) (from % 26);
        int most = FILLER.length - 26;
        for (long left = n; left > 0; left -= most) {
            last = ctx.write(Unpooled.wrappedBuffer(FILLER, start, (int) Math.min(left, most)));
        }
        ctx.flush();
        return last;
    }

    /**
     * Writes the buffers {@code next} gives, as fast as the client reads them, and runs
     * {@code then} after the last (when {@code next} gives null).
     */
    void pump(Supplier<ByteBuf> next, Runnable then) {
        while (ctx.channel().isActive()) {
            ByteBuf piece = next.get();
            if (piece == null) {
                ctx.flush();
                then.run();
                return;
            }
            if (ctx.channel().isWritable()) {
                ctx.write(piece);
            } else {
                ctx.writeAndFlush(piece).addListener(f -> {
                    if (f.isSuccess()) {
                        pump(next, then);
                    }
                });
                return;
            }
        }
    }

    /** Runs {@code task} on the event loop after {@code millis}, if the connection is still open then. */
    ScheduledFuture<?> schedule(long millis, Runnable task) {
        return ctx.executor()
                .schedule(
                        () -> {
                            if (ctx.channel().isActive()) {
                                task.run();
                            }
                        },
                        millis,
                        TimeUnit.MILLISECONDS);
    }

    /** Closes the connection with a FIN once {@code written} is on the wire. */
    void closeAfter(ChannelFuture written) {
        written.addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes the connection with a TCP reset (SO_LINGER 0) once {@code written} is on the wire. */
    void resetAfter(ChannelFuture written) {
        written.addListener(f -> {
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            ctx.close();
        });
    }

    /** Closes the connection if no byte arrives on it for {@code millis} after the response in progress. */
    void closeWhenIdle(long millis) {
        idleClose = schedule(millis, ctx::close);
    }

    /** Serves {@code n} requests on this connection in all, and closes it on reading the next. */
    void closeAfterRequests(int n) {
        closeAfterRequests = n;
    }

    private static byte[] filler() {
        byte[] bytes = new byte[64 * 1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }
}
