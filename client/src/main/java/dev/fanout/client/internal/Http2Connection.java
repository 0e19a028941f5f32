package dev.fanout.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * One HTTP/2 connection to an origin: it carries up to the server's
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS} exchanges at once (capped at {@value #MAX_STREAMS}),
 * each on a stream of its own ({@link Http2Stream}). It is ready once the server's first
 * SETTINGS frame has arrived, so that its capacity is known before any stream is opened, and
 * once that capacity is above zero: a server may allow no stream for a while (RFC 9113 section
 * 6.5.2), and a stream opened then would be refused by the codec itself.
 *
 * <p>A GOAWAY from the server leaves it no room: the streams the server did not process (above
 * its last stream id) are told so and may be sent again elsewhere; the others go on, and the
 * connection closes when the last of them ends. A connection-level error (a protocol violation,
 * a reset socket) ends every stream it carried, each told the cause.
 *
 * <p>Loop-confined.
 */
final class Http2Connection extends HttpConnection {

    /** The most streams one connection carries, whatever the server allows. */
    static final int MAX_STREAMS = 1000;
    /** The connection-level receive window: many streams may be receiving bodies at once. */
    static final int CONNECTION_WINDOW = 16 << 20;

    private final Channel channel;
    private final Route route;
    private final Consumer<HttpConnection> whenClosed;
    private final Http2StreamChannelBootstrap streams;
    private final StreamSetup setup;

    private Runnable whenReady;
    private Runnable whenMoreRoom = () -> {};
    private boolean settingsSeen;
    private boolean ready;
    private int maxStreams = 100; // until the server's SETTINGS say (RFC 9113 recommends no fewer than 100)
    private boolean goingAway;
    private Throwable failure;
    private int uses;

    /**
     * Creates the connection of {@code channel}, whose pipeline already holds the HTTP/2 frame
     * codec and multiplexer; {@link #handler()} goes after them. Each stream's pipeline is made
     * by {@code setup}; {@code whenClosed} is told once the channel has closed.
     */
    Http2Connection(Channel channel, Route route, StreamSetup setup, Consumer<HttpConnection> whenClosed) {
        this.channel = channel;
        this.route = route;
        this.setup = setup;
        this.whenClosed = whenClosed;
        this.streams = new Http2StreamChannelBootstrap(channel);
    }

    /** Makes the pipeline of a new stream, ending in its {@link Http2Stream}'s handler. */
    interface StreamSetup {
        void init(Channel streamChannel, Http2Stream stream);
    }

    /** Returns the handler that goes last in the connection's pipeline. */
    ChannelInboundHandlerAdapter handler() {
        return new ConnectionHandler();
    }

    /**
     * Runs {@code task} once the connection is ready (the server's SETTINGS arrived and allow a
     * stream), or never if it closes first.
     */
    void whenReady(Runnable task) {
        this.whenReady = task;
    }

    /** Runs {@code task} each time a later SETTINGS raises the server's stream limit. */
    void whenMoreRoom(Runnable task) {
        this.whenMoreRoom = task;
    }

    /** Returns true once the server's SETTINGS arrived and allowed a stream. */
    boolean ready() {
        return ready;
    }

    /** Returns the connection-level error that ended it, or null. */
    Throwable failure() {
        return failure;
    }

    @Override
    Route route() {
        return route;
    }

    @Override
    Channel channel() {
        return channel;
    }

    @Override
    boolean isOpen() {
        return channel.isActive();
    }

    @Override
    int capacity() {
        return goingAway ? 0 : maxStreams;
    }

    @Override
    int uses() {
        return uses;
    }

    @Override
    Lease lease(ExchangeSink sink) {
        uses++;
        // Reused as HTTP/1.1's keep-alive connection is only when it sat idle before this stream
        // (the pool counts this exchange already): a stream opened beside others on a connection
        // is no more likely to meet a stale one than the first stream of a new connection.
        Http2Stream stream = new Http2Stream(this, sink, uses > 1 && inUse == 1);
        streams.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                setup.init(ch, stream);
            }
        });
        stream.opened(streams.open());
        return stream;
    }

    @Override
    public String toString() {
        return "Http2Connection(" + route + ", " + channel.localAddress() + ")";
    }

    private void settings(Http2SettingsFrame frame) {
        Long max = frame.settings().maxConcurrentStreams();
        int before = maxStreams;
        if (max != null) {
            maxStreams = (int) Math.min(max, MAX_STREAMS);
        } else if (!settingsSeen) {
            maxStreams = MAX_STREAMS; // no limit said: unlimited, as far as we go
        }
        if (!settingsSeen) {
            settingsSeen = true;
            // Let the server send bodies of many streams at once.
            channel.writeAndFlush(new DefaultHttp2WindowUpdateFrame(CONNECTION_WINDOW - 65_535));
        }
        if (!ready && maxStreams > 0) {
            ready = true;
            Runnable task = whenReady;
            whenReady = null;
            if (task != null) {
                task.run();
            }
        } else if (ready && maxStreams > before && !goingAway) {
            whenMoreRoom.run();
        }
    }

    private void goAway() {
        goingAway = true;
        if (inUse == 0) {
            close(ConnectionLog.CloseReason.GOAWAY);
        }
    }

    /** The last handler of the connection's pipeline: SETTINGS, GOAWAY, errors and the close. */
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2SettingsFrame s) {
                    settings(s);
                } else if (msg instanceof Http2GoAwayFrame) {
                    goAway();
                } else if (msg instanceof Http2PingFrame) {
                    // acks are answered by the codec; nothing to do
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            close(ConnectionLog.CloseReason.ERROR);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            whenReady = null;
            whenClosed.accept(Http2Connection.this);
            ctx.fireChannelInactive();
        }
    }
}
