package dev.fanout.client.internal;

import io.netty.channel.ChannelFuture;

/**
 * An {@link Attempt}'s hold on a connection for one exchange, whatever the protocol: over
 * HTTP/1.1 the connection itself (it carries one exchange at a time), over HTTP/2 one stream of
 * it. The parts of the response go to the {@link ExchangeSink} the lease was taken for.
 *
 * <p>Loop-confined.
 */
interface Lease {

    /** Returns the connection it is a part of, to give back to the pool. */
    HttpConnection connection();

    /** Returns {@code "HTTP/2"} for a stream, or null when the response's head says the protocol. */
    String protocol();

    /** Writes {@code request}; the future fails when it could not be written. */
    ChannelFuture write(RequestHead request);

    /**
     * Returns true when the response's end is marked in the framing (a length, chunks, the end of
     * a stream) rather than by the close: only then may the connection carry another exchange.
     */
    boolean delimited();

    /** Returns true when the connection carried an exchange before this one. */
    boolean reused();

    /** Returns how many bytes arrived for this exchange, before any decoding. */
    long bytesRead();

    /**
     * Returns true when the server said it did not process the request (over HTTP/2 a GOAWAY
     * whose last stream id is below this stream's, or REFUSED_STREAM): it may be sent again,
     * whatever its method.
     */
    boolean unprocessed();

    /**
     * Returns true when a body that ended at the close ended in bytes that cannot begin an
     * HTTP/1.1 chunk-size line and that were not body bytes (a malformed chunk rather than a short
     * body); never over HTTP/2, whose frames say where data ends.
     */
    boolean malformedChunkAtClose(IncomingResponse incoming);

    /**
     * Ends the lease after the whole response arrived; returns true when the connection may
     * carry another exchange (over HTTP/1.1, only when {@code reusable} says the response left it
     * clean). The caller gives the connection back to the pool.
     */
    boolean finish(boolean reusable);

    /**
     * Ends the lease before its exchange completed (failure, timeout, cancel); returns true when
     * the connection lives on for others (an HTTP/2 stream is reset, its connection kept), false
     * when it must be closed (HTTP/1.1: what was under way cannot be undone).
     */
    boolean abandon();

    /**
     * Runs {@code giveBack} (which gives the connection back to the pool) once the lease has let
     * go of the connection: at once over HTTP/1.1; over HTTP/2 once its stream has closed, since
     * the connection counts a stream as active until then, and a stream opened before would
     * exceed the server's limit.
     */
    void afterwards(Runnable giveBack);
}
