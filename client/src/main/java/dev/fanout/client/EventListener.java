package dev.fanout.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Told each phase of each request as it happens, in the spirit of OkHttp's
 * {@code EventListener}: for metrics, tracing and logs that need more than the {@link Result}.
 * Every method does nothing unless overridden; a client with no listener calls none of them
 * (it holds {@link #NONE} and allocates nothing per request).
 *
 * <p><b>Threading.</b> Every method is called on the client's loop thread, the one that does all
 * the client's I/O: it must return quickly and never block (no I/O, no locks held for long, no
 * waiting on a future). A method that throws is logged and ignored; the request goes on. (The
 * one exception: a batch started on a client already closed, or whose loop has ended, is
 * rejected on the caller's thread, so its requests' {@code callStart} and {@code callEnd} come
 * there.)
 *
 * <p><b>Order.</b> For one request, {@link #callStart} comes first and {@link #callEnd} last,
 * exactly once each, whatever happens between (an invalid request, a client closed before it
 * started, a cancel). Between them, each attempt reports its phases in order: perhaps
 * {@code queueStart}/{@code queueEnd} (waiting for a slot or a connection), then for a new
 * connection {@code dnsStart}/{@code dnsEnd}, {@code connectStart}/{@code connectEnd} and, over
 * https, {@code tlsStart}/{@code tlsEnd} (each start is followed by its end, even when the phase
 * fails or is cut short; a failure then comes as {@link #connectFailed}), then
 * {@link #connectionAcquired}, {@link #requestHeaders}, {@link #requestSent},
 * {@link #responseHeaders} and {@link #responseEnd}. A retry ({@link #retry}), a redirect or a
 * replay on a stale connection starts the attempt phases again. A hedged copy ({@link #hedge})
 * runs beside the first attempt and reports its own phases to the same listener, interleaved
 * with the first's.
 *
 * <p><b>State.</b> A {@link Factory} makes one listener per request (per batch), so a listener
 * may keep that request's state in its fields (a span, a start time) without a map; a listener
 * given to {@link FanoutClient.Builder#eventListener(EventListener)} is shared by every request,
 * and tells them apart by the {@link Request} each method is given.
 */
public interface EventListener {

    /** The listener that does nothing: what a client without one holds. */
    EventListener NONE = new EventListener() {};

    /**
     * Makes the listener of each request, on the thread that starts the batch, so that it may
     * read that thread's context (a trace context, an MDC) for the request.
     */
    @FunctionalInterface
    interface Factory {

        /**
         * Returns the listener for {@code request} in the batch being started ({@link #NONE} to
         * hear nothing of it). Called once per request and batch, on the thread that called
         * {@code startAll} (or {@code fetchAll}, {@code sendAll}, {@code send}), before the
         * batch is handed to the loop and before the request's {@link #callStart}.
         */
        EventListener create(Request request);
    }

    /** The request entered the client (it was admitted on the loop, or refused at once). */
    default void callStart(Request request) {}

    /** The request waits: for a slot under the client's limits, or for a connection to its origin. */
    default void queueStart(Request request) {}

    /** The wait that {@link #queueStart} began is over. */
    default void queueEnd(Request request) {}

    /** A lookup of {@code host} starts, for a new connection. */
    default void dnsStart(Request request, String host) {}

    /** The lookup is over, answered or not. */
    default void dnsEnd(Request request) {}

    /** A TCP connect to {@code address} starts. */
    default void connectStart(Request request, InetSocketAddress address) {}

    /** The TCP connect is over, done or not. */
    default void connectEnd(Request request) {}

    /** A TLS handshake starts, on the connection just made. */
    default void tlsStart(Request request) {}

    /** The TLS handshake is over, done or not. */
    default void tlsEnd(Request request) {}

    /**
     * No connection could be made for this attempt: {@code kind} is {@link ErrorKind#DNS},
     * {@link ErrorKind#CONNECT}, {@link ErrorKind#TLS} or {@link ErrorKind#PROTOCOL}, and
     * {@code detail} says why in the words of {@link FetchException}.
     */
    default void connectFailed(Request request, ErrorKind kind, String detail) {}

    /**
     * The attempt has its connection, speaking {@code version}: a new one, or one {@code reused}
     * from the pool (over HTTP/2, shared with other requests).
     */
    default void connectionAcquired(Request request, HttpVersion version, boolean reused) {}

    /**
     * The attempt's headers are about to be written: {@code headers} adds one more (name, value),
     * for example a trace context. Called once per attempt, so each resend carries its own. A
     * name or value that is not a valid header throws {@link IllegalArgumentException} from
     * {@code headers}.
     */
    default void requestHeaders(Request request, BiConsumer<String, String> headers) {}

    /** The attempt's request was handed to its connection to be written. */
    default void requestSent(Request request) {}

    /** The response's status line and headers arrived. */
    default void responseHeaders(Request request, int status) {}

    /** The response's last byte arrived: its body had {@code bodyBytes} bytes (after decoding). */
    default void responseEnd(Request request, long bodyBytes) {}

    /**
     * The request will be sent again as attempt {@code attempt} (2 for the first retry) after
     * {@code delay}, because of {@code reason}: the status that asked for it (such as
     * {@code "503"}), or the failure's message ({@code "CONNECT http://…: connection refused"}).
     */
    default void retry(Request request, int attempt, Duration delay, String reason) {}

    /** A hedged copy of the request was written, beside the attempt still waiting. */
    default void hedge(Request request) {}

    /**
     * The request ended with {@code result}: a response or an error, the same {@link Result} the
     * batch gives. Called once, last.
     */
    default void callEnd(Result result) {}
}
