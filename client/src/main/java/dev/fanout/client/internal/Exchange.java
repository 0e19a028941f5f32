package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FetchException;
import dev.fanout.client.Timings;
import dev.fanout.loop.Cancellable;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.time.Duration;

/**
 * One request's life on the loop: waiting for a slot, getting a connection (pooled or new),
 * writing the request, gathering the response, following redirects, and ending exactly once
 * with a response or an error. Its timer (the request timeout, started when it first gets a
 * slot) closes the connection and ends it as {@code TIMEOUT}. Its timer and its timings follow
 * the loop's clock.
 *
 * <pre>
 *  NEW ─► QUEUED ─► ACTIVE: connect ─► send ─► head ─► body ─► end ─► DONE
 *            ▲                                         │
 *            └─────────── redirect (new slot) ◄────────┘
 * </pre>
 *
 * <p>A GET, HEAD, PUT, DELETE, OPTIONS or TRACE that fails on a reused connection before any
 * response byte arrived (the server closed it just as it was taken from the pool) is sent once
 * more on a fresh connection; other methods are never replayed.
 *
 * <p>Loop-confined: every method runs on the loop thread. When it ends it first frees its
 * slot and connection, then tells its listener.
 */
public final class Exchange implements Admittable {

    private final Engine engine;
    private final int index;
    private final ExchangeListener listener;
    private ExchangeSpec spec;

    private boolean queued;
    private boolean active;
    private boolean done;
    private int redirects;
    private int attempts;
    private boolean replayed;
    private Cancellable timer;
    private Connector.Attempt pending;
    private Connection connection;
    private boolean written;
    private IncomingResponse incoming;

    private final ExchangeClock clock;

    private ResponseData response;
    private FetchException error;

    /**
     * Creates the exchange of input {@code index}, to be handed to {@link Engine#submit}.
     */
    public Exchange(Engine engine, int index, ExchangeSpec spec, ExchangeListener listener) {
        this.engine = engine;
        this.index = index;
        this.spec = spec;
        this.listener = listener;
        this.clock = new ExchangeClock(engine.loop().clock());
    }

    /** Returns the position of the request in its batch. */
    public int index() {
        return index;
    }

    /** Returns true once the exchange has a response or an error. */
    @Override
    public boolean isDone() {
        return done;
    }

    /** Returns the response, once done without error. */
    public ResponseData response() {
        return response;
    }

    /** Returns the error, once done without a response. */
    public FetchException error() {
        return error;
    }

    /** Returns true while the exchange waits in its origin's queue for a slot. */
    public boolean isQueued() {
        return queued;
    }

    /** Returns how many times the last hop of the request went on the wire (2 after a stale-connection replay). */
    public int attempts() {
        return attempts;
    }

    /** Returns the phases of the exchange; {@code batchStart} is the batch's start (the loop clock's reading). */
    public Timings timings(long batchStart) {
        return clock.timings(batchStart);
    }

    @Override
    public Origin origin() {
        return spec.target().origin();
    }

    // ---- admission (Engine, Dispatcher) ----

    void entered() {
        clock.entered(clock.now());
    }

    void queued() {
        queued = true;
        clock.queued(clock.now());
    }

    /** Ends the exchange before it started: client closed, queue full. */
    void reject(ErrorKind kind, String detail) {
        clock.enteredIfNot(clock.now());
        fail(kind, detail, null);
    }

    /** Called by the dispatcher once the exchange holds a slot. */
    void start() {
        if (queued) {
            queued = false;
            clock.dequeued(clock.now());
        }
        active = true;
        if (timer == null) {
            timer = engine.loop()
                    .schedule("fanout: request timeout", this::timedOut, Duration.ofNanos(spec.timeoutNanos()));
        }
        attempt(false);
    }

    /**
     * Ends the exchange now with {@code kind} (CANCELLED, or TIMEOUT for a batch deadline),
     * closing its connection. Does nothing when it has already ended.
     */
    public void cancel(ErrorKind kind, String detail) {
        fail(kind, detail, null);
    }

    // ---- connecting (Connector) ----

    private void attempt(boolean fresh) {
        clock.newAttempt();
        Connection c = fresh ? null : engine.pool().acquire(origin());
        if (c != null) {
            ConnectionLog.reused(c);
            send(c);
        } else {
            pending = engine.connector().connect(origin(), this);
        }
    }

    /** Returns the clock that the connector marks the setup phases on. */
    ExchangeClock clock() {
        return clock;
    }

    void connected(Connection c) {
        pending = null;
        clock.setupEnded(clock.now());
        c.opened(clock);
        engine.pool().adopt(c);
        send(c);
    }

    void connectFailed(ErrorKind kind, String detail, Throwable cause) {
        pending = null;
        clock.setupEnded(clock.now());
        fail(kind, detail, cause);
    }

    private void send(Connection c) {
        connection = c;
        c.attach(this);
        attempts++;
        written = false;
        incoming = new IncomingResponse(engine.config());
        clock.written(clock.now());
        ChannelFuture write =
                c.write(RequestEncoding.encode(spec, engine.config().userAgent()));
        write.addListener(f -> {
            if (connection != c || done) {
                return;
            }
            if (f.isSuccess()) {
                written = true;
            } else {
                onError(f.cause());
            }
        });
    }

    // ---- receiving (ExchangeHandler) ----

    void onHead(HttpResponse head) {
        clock.firstByte(clock.now());
        refuse(incoming.head(head, connection.decoder().delimited(), spec, redirects));
    }

    /** Takes the bytes of {@code content}; the caller keeps ownership and releases it. */
    void onContent(ByteBuf content) {
        refuse(incoming.content(content));
    }

    private void refuse(IncomingResponse.Refusal refusal) {
        if (refusal != null) {
            fail(refusal.kind(), refusal.detail(), refusal.cause());
        }
    }

    void onEnd(LastHttpContent last) {
        DecoderResult result = last.decoderResult();
        if (result.isFailure()) {
            ErrorKind kind = Failures.kindOf(result.cause());
            if (kind == ErrorKind.CLOSED && malformedChunkAtClose()) {
                fail(ErrorKind.PROTOCOL, "malformed chunk: bytes that are not a chunk size, then the close", null);
            } else {
                fail(
                        kind,
                        kind == ErrorKind.CLOSED
                                ? "connection closed before the response ended"
                                : "malformed response body: " + Failures.describe(result.cause()),
                        result.cause());
            }
            return;
        }
        if (incoming.interimEnded()) {
            return;
        }
        clock.lastByte(clock.now());
        Connection c = connection;
        connection = null;
        c.detach(this);
        engine.pool().release(c, incoming.keepAlive() && written);
        if (incoming.redirect() != null) {
            followRedirect(incoming.redirect());
            return;
        }
        response = incoming.toData(spec.url());
        finish();
    }

    /**
     * Returns true when a chunked body ended at the close with bytes that cannot begin a chunk
     * size and were not body bytes: a malformed chunk rather than a short body. (Netty's decoder
     * only judges a chunk-size line once it has ended, and a hostile server never ends it.)
     */
    private boolean malformedChunkAtClose() {
        if (!connection.decoder().chunked()) {
            return false;
        }
        byte[] tail = connection.unterminatedTail();
        return tail.length > 0 && !ResponseDecoder.plausibleChunkSizeLine(tail) && incoming.bodyDoesNotEndWith(tail);
    }

    void onClosed() {
        onError(null);
    }

    /** The connection failed ({@code cause}) or closed ({@code null}) while this exchange had it. */
    void onError(Throwable cause) {
        if (done) {
            return;
        }
        Connection c = connection;
        boolean nothingReceived = c != null && c.bytesRead() == 0;
        if (nothingReceived && c.reused() && !replayed && spec.idempotent()) {
            replayed = true; // a stale pooled connection: send again, once, on a fresh one
            connection = null;
            c.detach(this);
            engine.pool().discard(c, ConnectionLog.CloseReason.STALE);
            attempt(true);
            return;
        }
        if (cause == null && c != null && clock.hasFirstByte() && malformedChunkAtClose()) {
            fail(ErrorKind.PROTOCOL, "malformed chunk: bytes that are not a chunk size, then the close", null);
            return;
        }
        if (cause == null || cause instanceof IOException && Failures.kindOf(cause) == ErrorKind.CLOSED) {
            if (c != null && c.bytesRead() > 0 && !clock.hasFirstByte()) {
                fail(
                        ErrorKind.PROTOCOL,
                        "malformed response: " + c.bytesRead() + " bytes that are not an HTTP response",
                        cause);
                return;
            }
            String detail = nothingReceived
                    ? "connection closed by the peer before any response"
                    : "connection closed before the response ended";
            fail(ErrorKind.CLOSED, cause == null ? detail : detail + " (" + Failures.describe(cause) + ")", cause);
            return;
        }
        fail(Failures.kindOf(cause), Failures.describe(cause), cause);
    }

    // ---- ending ----

    private void timedOut() {
        timer = null;
        if (done) {
            return;
        }
        fail(
                ErrorKind.TIMEOUT,
                "no complete response within " + spec.timeoutNanos() / 1_000_000 + " ms (" + phase() + ")",
                null);
    }

    private String phase() {
        if (pending != null) {
            return "while connecting";
        }
        if (clock.hasFirstByte()) {
            return "while receiving the response";
        }
        return clock.isWritten() ? "while waiting for the response" : "before sending";
    }

    private void followRedirect(ExchangeSpec hop) {
        redirects++;
        attempts = 0; // attempts count the sends of the last hop: a redirect is not a retry
        active = false;
        Origin from = origin();
        spec = hop;
        engine.readmit(this, from);
    }

    private void fail(ErrorKind kind, String detail, Throwable cause) {
        if (done) {
            return;
        }
        error = new FetchException(kind, spec.url(), detail, cause);
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.detach(this);
            engine.pool()
                    .discard(
                            c,
                            kind == ErrorKind.TIMEOUT || kind == ErrorKind.CANCELLED
                                    ? ConnectionLog.CloseReason.ENDED_EARLY
                                    : ConnectionLog.CloseReason.ERROR);
        }
        if (pending != null) {
            clock.setupEnded(clock.now()); // a timeout or cancel cut the setup short
            pending.abort();
            pending = null;
        }
        finish();
    }

    private void finish() {
        done = true;
        long now = clock.now();
        clock.done(now);
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        boolean wasQueued = queued;
        if (queued) {
            queued = false;
            clock.dequeued(now);
        }
        boolean hadSlot = active;
        active = false;
        engine.ended(this, hadSlot, wasQueued);
        listener.exchangeDone(this);
    }

    @Override
    public String toString() {
        return "Exchange[" + index + " " + spec.method() + " " + UrlText.redact(spec.url()) + (done ? " done]" : "]");
    }
}
