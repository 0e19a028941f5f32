package dev.fanout.client;

/**
 * Why a request ended without a response: the kind of a {@link FetchException}.
 *
 * <p>A kind tells the caller what it may do next. {@link #INVALID_REQUEST} and
 * {@link #REJECTED} mean nothing was sent; {@link #DNS}, {@link #CONNECT} and {@link #TLS} mean
 * the request never reached the server, so it is safe to send again; after {@link #TIMEOUT},
 * {@link #CLOSED}, {@link #PROTOCOL} or {@link #TOO_LARGE} the server may have acted on it.
 */
public enum ErrorKind {
    /** The request was malformed: a bad URL, an unsupported scheme, a null entry, a bad header or method. */
    INVALID_REQUEST,
    /** The host name did not resolve. */
    DNS,
    /**
     * The TCP connection could not be made: refused, unreachable, or the connect timeout passed;
     * or the proxy in between could not be reached or did not open the way to the target (see
     * {@link FanoutClient.Builder#proxy}). Proxy failures share this kind rather than having
     * one of their own because what the caller may do is the same: the request never reached
     * its target, so it is safe to send again; the message names the proxy and what it said.
     */
    CONNECT,
    /** The TLS handshake failed: untrusted or expired certificate, wrong host name, no common protocol. */
    TLS,
    /** The request's timeout (or the batch's deadline) passed before the response ended. */
    TIMEOUT,
    /** The peer closed or reset the connection before the response ended. */
    CLOSED,
    /** The response was malformed: bad status line, conflicting framing, bad chunk, oversized headers. */
    PROTOCOL,
    /** The decoded response body was larger than the client's {@code maxResponseBytes}. */
    TOO_LARGE,
    /** The request was redirected more times than the client allows. */
    TOO_MANY_REDIRECTS,
    /** The request was cancelled: by {@link Batch#cancel()} or by closing the client. */
    CANCELLED,
    /** The request was refused before it started: the client was closed, or its queue was full. */
    REJECTED,
    /**
     * A 2xx body did not decode into the type asked for ({@link Batch#awaitAllAs}): not JSON, or
     * JSON that does not map; the message gives Jackson's words and the body's start.
     */
    DECODE
}
