package dev.fanout.client.internal;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;

/**
 * One exchange on an {@link Http2Connection}: a stream of its own, the {@link Lease} an
 * {@link Attempt} holds. Its pipeline turns the stream's frames into the HTTP objects the
 * attempt reads (Netty's {@code Http2StreamFrameToHttpObjectCodec}), then decompresses, as over
 * HTTP/1.1:
 *
 * <pre>
 *  stream ─► Counter ─► frames to HTTP objects ─► ContentSlicer ─► HttpContentDecompressor ─► Handler ─► Attempt
 * </pre>
 *
 * <p>Ending it early (timeout, cancel, a failure of its own) closes the stream channel, which
 * resets the stream ({@code RST_STREAM CANCEL}) and leaves the connection to the others. A reset
 * from the server ends it with the reset's code; {@code REFUSED_STREAM}, or a GOAWAY whose last
 * stream id is below its own, marks it {@linkplain #unprocessed() unprocessed}.
 *
 * <p><b>ByteBuf ownership:</b> the handler owns every message it receives and releases it in
 * {@code finally}, after the attempt has copied what it wants. Loop-confined.
 */
final class Http2Stream implements Lease {

    private final Http2Connection connection;
    private final boolean reused;
    private ExchangeSink sink;
    private Http2StreamChannel channel;
    private ChannelFuture written; // the request's write, done once its last frame went out
    private Throwable openFailure;
    private long bytesRead;
    private boolean unprocessed;
    private boolean streamError; // the server reset the stream, or broke its rules on it

    Http2Stream(Http2Connection connection, ExchangeSink sink, boolean reused) {
        this.connection = connection;
        this.sink = sink;
        this.reused = reused;
    }

    /** Takes the stream channel opened for it (on the loop, the open completes at once). */
    void opened(Future<Http2StreamChannel> open) {
        if (open.isDone() && open.isSuccess()) {
            channel = open.getNow();
        } else if (open.isDone()) {
            openFailure = open.cause();
        } else {
            openFailure = new IllegalStateException("stream channel not opened at once");
            open.addListener(f -> {
                if (f.isSuccess()) {
                    ((Http2StreamChannel) f.getNow()).close();
                }
            });
        }
    }

    /** Returns the pipeline's last handler. */
    ChannelInboundHandlerAdapter handler() {
        return new Handler();
    }

    /** Returns the pipeline's first handler, which counts the bytes of the stream's frames. */
    ChannelInboundHandlerAdapter counter() {
        return new Counter();
    }

    @Override
    public HttpConnection connection() {
        return connection;
    }

    @Override
    public String protocol() {
        return "HTTP/2";
    }

    @Override
    public ChannelFuture write(RequestHead head) {
        if (channel == null) {
            return connection.channel().newFailedFuture(openFailure);
        }
        // Netty's codec would send connection-specific headers HTTP/2 forbids; the host goes as :authority.
        head.remove(HttpHeaderNames.CONNECTION.toString());
        head.set(
                HttpConversionUtil.ExtensionHeaderNames.SCHEME.text().toString(),
                connection.origin().secure() ? "https" : "http");
        written = channel.writeAndFlush(head.toFullHttpRequest());
        return written;
    }

    @Override
    public boolean delimited() {
        return true; // a stream's end is always marked
    }

    /**
     * Returns true when the stream took a connection that sat idle after carrying others, unless
     * the server reset this stream or broke the protocol on it or on the connection: those are the
     * server speaking on a live connection, not a stale connection that dropped the request
     * unread, so they are never grounds for sending it again.
     */
    @Override
    public boolean reused() {
        return reused && !streamError && !(connection.failure() instanceof Http2Exception);
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public boolean unprocessed() {
        return unprocessed;
    }

    @Override
    public boolean malformedChunkAtClose(IncomingResponse incoming) {
        return false;
    }

    @Override
    public boolean finish(boolean reusable) {
        sink = null;
        if (written != null && !written.isDone()) {
            // The server answered before taking the whole request body (a 413, say) and may never
            // take the rest: reset the stream, or it stays open, holding one of the connection's
            // streams for good. (Closing the stream channel would not: it has read the end of the
            // stream, so it sends no reset.) The channel closes once the codec has closed the stream.
            channel.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
        }
        return true;
    }

    @Override
    public boolean abandon() {
        sink = null;
        if (channel != null) {
            channel.close(); // resets the stream if it is still open
        }
        return true;
    }

    @Override
    public void afterwards(Runnable giveBack) {
        if (channel == null || channel.closeFuture().isDone()) {
            giveBack.run();
        } else {
            channel.closeFuture().addListener(f -> giveBack.run());
        }
    }

    /** Why the server reset the stream. */
    static final class ResetByServer extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Http2Error error;

        ResetByServer(Http2Error error) {
            super("stream reset by the server (RST_STREAM " + error + ")");
            this.error = error;
        }

        Http2Error error() {
            return error;
        }
    }

    private final class Counter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2DataFrame data) {
                bytesRead += data.content().readableBytes() + data.padding();
            } else if (msg instanceof Http2HeadersFrame) {
                bytesRead++; // nothing says how large its block was; that it came is what counts
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                ExchangeSink s = sink;
                if (s == null) {
                    return;
                }
                if (msg instanceof HttpResponse head) {
                    head.headers().remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
                    head.headers().remove(HttpHeaderNames.TRANSFER_ENCODING); // added by the codec; not in HTTP/2
                    s.onHead(head);
                }
                if (msg instanceof HttpContent content && sink == s) {
                    s.onContent(content.content());
                    if (msg instanceof LastHttpContent last && sink == s) {
                        s.onEnd(last);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            try {
                if (event instanceof Http2GoAwayFrame) {
                    unprocessed = true; // above the last stream id: the server did not act on it
                } else if (event instanceof Http2ResetFrame reset) {
                    Http2Error error = Http2Error.valueOf(reset.errorCode());
                    streamError = true;
                    if (error == Http2Error.REFUSED_STREAM) {
                        unprocessed = true;
                    }
                    ExchangeSink s = sink;
                    if (s != null && !unprocessed) {
                        s.onError(new ResetByServer(error != null ? error : Http2Error.INTERNAL_ERROR));
                    }
                }
            } finally {
                ReferenceCountUtil.release(event);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof Http2Exception) {
                streamError = true; // e.g. headers over the cap: the codec's stream error
            }
            ExchangeSink s = sink;
            if (s != null) {
                s.onError(cause);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ExchangeSink s = sink;
            if (s != null) {
                Throwable cause = connection.failure();
                if (cause != null && !unprocessed) {
                    s.onError(cause);
                } else {
                    s.onClosed();
                }
            }
            ctx.fireChannelInactive();
        }
    }

    @Override
    public String toString() {
        return "Http2Stream(" + connection + ", stream "
                + (channel != null ? channel.stream().id() : "unopened") + ")";
    }
}
