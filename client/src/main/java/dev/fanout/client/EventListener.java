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
 * runs beside the first attempt and reports its own phases, interleaved with the first's.
 *
 * <p><b>Attempts.</b> Each time the request goes out (the first time, a retry, a redirect's next
 * hop, a replay, a hedged copy) is an attempt, told by {@link #attemptStart} with its number and
 * its URL. It ends with exactly one of {@link #responseEnd} (its response was read whole),
 * {@link #attemptFailed} or {@link #attemptCancelled} (a hedged copy whose twin answered first,
 * or any attempt when the request ended early). Its phases between those go to the listener
 * {@code attemptStart} returned: this one by default, or one of the attempt's own, so that two
 * attempts running at once (a hedged copy beside the first) are told apart, each to its own
 * listener, as a {@link Factory} tells requests apart. The other events (waits for a slot,
 * {@link #retry}, {@link #hedge}, {@link #replay}, {@link #callStart}, {@link #callEnd}) go to
 * the request's listener.
 *
 * <pre>
 * callStart ─ attemptStart(1, url) ─ …phases… ─ responseEnd (302) ─ attemptStart(2, location) ─ …
 *   hedged:   attemptStart(1) ─ requestSent ─ attemptStart(2) ─ hedge ─ requestSent ─ [2] responseEnd ─ [1] attemptCancelled … callEnd
 * </pre>
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

    /**
     * Attempt {@code attempt} of the request starts, to {@code url} (without its password, as
     * {@link Request#redactedUrl()} gives it): the request's URL for its first attempt, the
     * {@code Location} a redirect named for the next hop. Attempts are numbered 1, 2, … over the
     * request, each retry, hop, replay and hedged copy taking the next number.
     *
     * <p>Returns the listener that hears this attempt's phases, up to and including its end
     * ({@link #responseEnd}, {@link #attemptFailed} or {@link #attemptCancelled}): this one
     * unless overridden; {@link #NONE} to hear nothing of them. Not called on a client with no
     * listener.
     */
    default EventListener attemptStart(Request request, int attempt, String url) {
        return this;
    }

    /**
     * Attempt {@code attempt} failed: {@code kind} and {@code detail} say why, in the words of
     * {@link FetchException}. The request may go on (a {@link #retry}, a {@link #replay}, the
     * other copy of a hedge), or end with this failure.
     */
    default void attemptFailed(Request request, int attempt, ErrorKind kind, String detail) {}

    /**
     * Attempt {@code attempt} was cut short before its response ended, its connection closed
     * (over HTTP/2, its stream reset): a hedged copy whose twin answered first, or an attempt
     * under way when the request ended early (its timeout, a cancel, the client closed; then
     * {@link #callEnd} says so).
     */
    default void attemptCancelled(Request request, int attempt) {}

    /**
     * Attempt {@code attempt} got no response because its connection was going away, and the
     * request is sent again at once on a fresh connection (not counted as a retry).
     * {@code reason} is {@code "stale"} (a pooled connection the server had closed before any
     * response byte came; idempotent requests only, once) or {@code "refused"} (over HTTP/2 the
     * server said it did not process the request: a GOAWAY below its stream, or REFUSED_STREAM).
     */
    default void replay(Request request, int attempt, String reason) {}

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
