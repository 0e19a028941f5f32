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

    /**
     * Logs the open of this new connection (set up as {@code clock} says) and, when DEBUG is on,
     * watches for its close to log it with its reason.
     */
    abstract void opened(TimingsRecorder clock);
}
