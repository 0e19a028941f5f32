package dev.fanout.client.internal;

import dev.fanout.loop.Cancellable;
import dev.fanout.loop.Loop;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import java.time.Duration;

/**
 * PING-based liveness of an HTTP/2 connection taken from the pool after it was idle: a peer
 * behind a NAT or a load balancer that dropped the connection silently would otherwise hold the
 * requests sent on it until their timeouts. When an exchange takes a connection that was idle
 * for at least {@value #IDLE_MILLIS} ms, a PING goes out with it; if no acknowledgement comes
 * within the timeout (the client's connect timeout: a peer that does not answer within it is
 * one that cannot be reached), the connection is closed, and its streams fail as on a stale
 * connection (nothing received on a reused connection), so that an idempotent request is sent
 * once more on a fresh one. Both waits are on the loop's clock.
 *
 * <p>It sits after the multiplexer in the connection's pipeline, where connection-level frames
 * pass, and passes every message on. Loop-confined.
 */
final class Http2Liveness extends ChannelInboundHandlerAdapter {

    /** How long a connection must have been idle for its reuse to be checked. */
    static final long IDLE_MILLIS = 1_000;

    private final Loop loop;
    private final Duration timeout;
    private Http2Connection connection;
    private Cancellable deadline;
    private long outstanding;

    Http2Liveness(Loop loop, Duration timeout) {
        this.loop = loop;
        this.timeout = timeout;
    }

    /** Sets the connection it watches. */
    void watch(Http2Connection c) {
        this.connection = c;
    }

    /**
     * Called when an exchange takes the connection: sends a PING when it had been idle for at
     * least {@value #IDLE_MILLIS} ms and none is outstanding.
     */
    void taken() {
        if (connection == null || connection.inUse != 1 || connection.idleSince == 0 || deadline != null) {
            return; // busy before, never idle, or a PING already on its way
        }
        long now = loop.nanoTime();
        if (now - connection.idleSince < IDLE_MILLIS * 1_000_000) {
            return;
        }
        outstanding = now;
        connection.channel().writeAndFlush(new DefaultHttp2PingFrame(outstanding));
        deadline = loop.schedule("fanout: HTTP/2 PING timeout", this::unanswered, timeout);
    }

    private void unanswered() {
        deadline = null;
        connection.close(ConnectionLog.CloseReason.PING_TIMEOUT);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2PingFrame ping && ping.ack() && ping.content() == outstanding && deadline != null) {
            deadline.cancel();
            deadline = null;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
        ctx.fireChannelInactive();
    }
}
