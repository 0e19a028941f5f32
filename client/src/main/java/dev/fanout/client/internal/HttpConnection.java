package dev.fanout.client.internal;

import io.netty.channel.Channel;

/**
 * A connection as the exchanges that use it see it: HTTP/1.1's ({@link Connection}) or
 * HTTP/2's ({@link Http2Connection}). It gives each exchange a {@link Lease}: itself over
 * HTTP/1.1, a stream over HTTP/2.
 *
 * <p>Loop-confined.
 */
abstract class HttpConnection extends PooledConnection {

    /** Returns its channel (over HTTP/2, the connection's, not a stream's). */
    abstract Channel channel();

    /** Returns how many exchanges it has carried, those under way included. */
    abstract int uses();

    /**
     * Gives one exchange a hold on it, the response's parts going to {@code sink}; called once the
     * pool counts the exchange ({@link ConnectionPool#acquire} or {@link ConnectionPool#adopt}).
     */
    abstract Lease lease(ExchangeSink sink);

    private ConnectionLog.CloseReason closeReason;

    /**
     * Logs the open of this new connection (set up as {@code clock} says) and, when DEBUG is on,
     * watches for its close to log it with its reason.
     */
    final void opened(TimingsRecorder clock) {
        if (ConnectionLog.enabled()) {
            ConnectionLog.opened(this, clock);
            channel()
                    .closeFuture()
                    .addListener(f -> ConnectionLog.closed(
                            this, closeReason != null ? closeReason : ConnectionLog.CloseReason.SERVER));
        }
    }

    /** Closes its channel for {@code reason} (the first reason given while open is the one logged). */
    @Override
    final void close(ConnectionLog.CloseReason reason) {
        if (closeReason == null && channel().isActive()) {
            closeReason = reason;
        }
        channel().close();
    }
}
