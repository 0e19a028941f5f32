package dev.fanout.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Stream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * One stream of an {@link H2Server}, as its {@link H2Server.Responder} sees it: what was asked,
 * and what the server can do with it (answer, reset, stop reading, go away, break the
 * connection). Confined to the server's thread: its methods run there only.
 */
final class H2Exchange {
    private final ChannelHandlerContext ctx;
    private final Http2FrameCodec codec;
    private final int connection;
    private final Http2FrameStream stream;
    private final String method;
    private final String path;
    private final int number;
    private boolean requestEnded;
    private Runnable whenRequestEnded;
    private boolean reading = true;
    private long bodyBytes;

    /**
     * Creates the exchange of {@code stream}, the {@code number}th on connection {@code connection},
     * whose frames are written through {@code ctx} (the handler after {@code codec}).
     */
    H2Exchange(
            ChannelHandlerContext ctx,
            Http2FrameCodec codec,
            int connection,
            Http2FrameStream stream,
            String method,
            String path,
            int number) {
        this.ctx = ctx;
        this.codec = codec;
        this.connection = connection;
        this.stream = stream;
        this.method = method;
        this.path = path;
        this.number = number;
    }

    String method() {
        return method;
    }

    /** Returns the path with its query. */
    String path() {
        return path;
    }

    /** Returns the path without its query. */
    String route() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** Returns the query parameter {@code name} as a number, or {@code otherwise}. */
    int param(String name, int otherwise) {
        int q = path.indexOf('?');
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("&")) {
                if (pair.startsWith(name + "=")) {
                    return Integer.parseInt(pair.substring(name.length() + 1));
                }
            }
        }
        return otherwise;
    }

    /** Returns the number of the connection it came on, from 1 in the order they were accepted. */
    int connection() {
        return connection;
    }

    /** Returns its number among the streams of its connection, from 1. */
    int number() {
        return number;
    }

    int streamId() {
        return stream.id();
    }

    /** Returns how many request body bytes arrived so far. */
    long bodyBytes() {
        return bodyBytes;
    }

    /** Answers {@code status} with a body of {@code bytes} zeros, once the request has ended. */
    void respond(int status, int bytes) {
        whenRequestEnded(() -> {
            if (!isOpen()) {
                return; // the client reset it meanwhile
            }
            DefaultHttp2Headers headers = new DefaultHttp2Headers();
            headers.status(String.valueOf(status));
            headers.setInt("content-length", bytes);
            ctx.write(new DefaultHttp2HeadersFrame(headers, bytes == 0).stream(stream));
            if (bytes > 0) {
                ByteBuf body = Unpooled.wrappedBuffer(H2Server.ZEROS, 0, bytes);
                ctx.write(new DefaultHttp2DataFrame(body, true).stream(stream));
            }
            ctx.flush();
        });
    }

    /** Answers 200 with {@code body}, gzip-encoded, then trailers ({@code x-checksum: ok}). */
    void respondGzipWithTrailers(byte[] body) {
        whenRequestEnded(() -> {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DefaultHttp2Headers headers = new DefaultHttp2Headers();
            headers.status("200");
            headers.set("content-encoding", "gzip");
            ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
            ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(zipped.toByteArray()), false).stream(stream));
            DefaultHttp2Headers trailers = new DefaultHttp2Headers();
            trailers.set("x-checksum", "ok");
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(trailers, true).stream(stream));
        });
    }

    /** Answers as {@link #respond} after {@code delayMillis}. */
    void respondLater(int delayMillis, int status, int bytes) {
        later(delayMillis, () -> respond(status, bytes));
    }

    /** Runs {@code task} on the server's thread after {@code delayMillis}. */
    void later(int delayMillis, Runnable task) {
        if (delayMillis <= 0) {
            task.run();
        } else {
            ctx.executor().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Answers an interim {@code interim} (1xx) response, then 200 with a body of {@code bytes}. */
    void respondAfterInterim(int interim, int bytes) {
        whenRequestEnded(() -> {
            DefaultHttp2Headers early = new DefaultHttp2Headers();
            early.status(String.valueOf(interim));
            early.set("link", "</style.css>; rel=preload");
            ctx.write(new DefaultHttp2HeadersFrame(early, false).stream(stream));
            respond(200, bytes);
        });
    }

    /** Answers 200 with a 2-byte body and a header {@code x-big} whose value is {@code bytes} long. */
    void respondWithHeaderOf(int bytes) {
        whenRequestEnded(() -> {
            DefaultHttp2Headers headers = new DefaultHttp2Headers();
            headers.status("200");
            headers.set("x-big", "a".repeat(bytes));
            ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
            ctx.writeAndFlush(
                    new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(H2Server.ZEROS, 0, 2), true).stream(stream));
        });
    }

    /**
     * Answers {@code status} with an empty body at once, without waiting for (or reading) the
     * request body; then, when {@code reset}, resets the stream with NO_ERROR, as RFC 9113
     * asks of a server that wants no more of the body.
     */
    void respondBeforeTheBody(int status, boolean reset) {
        stopReading();
        DefaultHttp2Headers headers = new DefaultHttp2Headers();
        headers.status(String.valueOf(status));
        ctx.write(new DefaultHttp2HeadersFrame(headers, true).stream(stream));
        if (reset) {
            ctx.write(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR).stream(stream));
        }
        ctx.flush();
    }

    /**
     * Answers {@code status} with {@code bytes} of a body twice as long and holds the rest for
     * good; runs {@code written} once those bytes are written to the socket.
     */
    void respondPartly(int status, int bytes, Runnable written) {
        whenRequestEnded(() -> {
            DefaultHttp2Headers headers = new DefaultHttp2Headers();
            headers.status(String.valueOf(status));
            headers.setInt("content-length", bytes * 2);
            ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
            ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(H2Server.ZEROS, 0, bytes), false)
                            .stream(stream))
                    .addListener(f -> written.run());
        });
    }

    /** Answers {@code status} with {@code bytes} of a longer body, then resets the stream with {@code error}. */
    void respondPartlyThenReset(int status, int bytes, Http2Error error) {
        whenRequestEnded(() -> {
            DefaultHttp2Headers headers = new DefaultHttp2Headers();
            headers.status(String.valueOf(status));
            headers.setInt("content-length", bytes * 2);
            ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
            ctx.write(
                    new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(H2Server.ZEROS, 0, bytes), false).stream(stream));
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(error).stream(stream));
        });
    }

    /** Resets the stream with {@code error}. */
    void reset(Http2Error error) {
        if (isOpen()) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(error).stream(stream));
        }
    }

    /** Stops returning the request body's bytes: once the stream's window is spent, the client can send no more. */
    void stopReading() {
        reading = false;
    }

    /** Sends GOAWAY (NO_ERROR) saying {@code lastStreamId} is the last stream it processes. */
    void goAway(int lastStreamId) {
        ChannelHandlerContext codecCtx = ctx.pipeline().context(codec);
        codec.goAway(codecCtx, lastStreamId, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER, codecCtx.newPromise());
        codecCtx.flush();
    }

    /**
     * Writes a malformed frame on the connection: a SETTINGS frame whose length is not a
     * multiple of 6, which the client must treat as a connection error (FRAME_SIZE_ERROR).
     */
    void breakConnection() {
        byte[] frame = {0, 0, 3, 0x4, 0, 0, 0, 0, 0, 1, 2, 3};
        ctx.writeAndFlush(Unpooled.wrappedBuffer(frame));
    }

    /** Closes the connection with a TCP reset, without a GOAWAY: a server that crashed. */
    void dropConnection() {
        Channel ch = ctx.channel();
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.unsafe().closeForcibly();
    }

    private boolean isOpen() {
        Http2Stream s = codec.connection().stream(stream.id());
        return s != null
                && s.state() != Http2Stream.State.CLOSED
                && ctx.channel().isActive();
    }

    /** Runs {@code task} once the whole request (its body included) has arrived. */
    void whenRequestEnded(Runnable task) {
        if (requestEnded) {
            task.run();
        } else {
            whenRequestEnded = task;
        }
    }

    /** Counts {@code bytes} of request body that arrived. */
    void received(int bytes) {
        bodyBytes += bytes;
    }

    /** Returns false once {@link #stopReading()} was called. */
    boolean isReading() {
        return reading;
    }

    /** Tells it the whole request has arrived. */
    void requestEnded() {
        requestEnded = true;
        Runnable task = whenRequestEnded;
        whenRequestEnded = null;
        if (task != null) {
            task.run();
        }
    }
}
