package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FetchException;
import dev.fanout.client.Proxy;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;

/**
 * One request and its response on one connection: take a pooled connection with room, or have
 * the {@link Connector} open one, write the request, gather the response ({@link IncomingResponse})
 * and report it, or why it failed, to its {@link Outcome} once. It gives the connection back to
 * the pool when the response has ended, and closes it when it fails or is cancelled. The
 * steps around it decide what to do next.
 *
 * <pre>
 *   pooled connection ──────────────┐
 *   or Connector: DNS ─► connect ─► TLS ─► write ─► head ─► body ─► end ─► Outcome
 * </pre>
 *
 * <p>Over HTTP/1.1 it holds the whole connection, over HTTP/2 one stream of it (its
 * {@link Lease}); a failure of its own closes the first and resets the second.
 *
 * <p>Loop-confined: the connection source and the connection's pipeline call it on the loop.
 */
final class Attempt implements Step.Run, ConnectionSource.Callback, ExchangeSink {

    private final CallContext call;
    private final ExchangeSpec spec;
    private final Outcome outcome;
    private final ConnectionSource source;
    private final ClientConfig config;
    private final OriginFeedback feedback;
    private final Routes routes;
    private final TimingsRecorder timings;
    private final HeaderTexts texts;

    private ConnectionSource.Pending pending;
    private Lease connection;
    private boolean written;
    private IncomingResponse incoming;
    private boolean over;
    private long sentAt = -1;
    private int inFlightThen;
    private long headAt = -1;

    private Attempt(
            CallContext call,
            ExchangeSpec spec,
            Outcome outcome,
            ConnectionSource source,
            ClientConfig config,
            OriginFeedback feedback,
            Routes routes,
            HeaderTexts texts) {
        this.feedback = feedback;
        this.texts = texts;
        this.routes = routes;
        this.call = call;
        this.spec = spec;
        this.outcome = outcome;
        this.source = source;
        this.config = config;
        this.timings = call.timings();
    }

    /** Returns the step that makes one attempt each time it is started, on the route {@code routes} choose. */
    static Step step(
            ConnectionSource source, ClientConfig config, OriginFeedback feedback, Routes routes, HeaderTexts texts) {
        return (call, spec, fresh, outcome) -> {
            Attempt attempt = new Attempt(call, spec, outcome, source, config, feedback, routes, texts);
            attempt.begin(fresh);
            return attempt;
        };
    }

    private void begin(boolean fresh) {
        timings.newAttempt(spec.url());
        ConnectionSource.Pending waiting;
        try {
            waiting = routes.acquire(source, spec.target().origin(), fresh, this);
        } catch (RuntimeException e) { // the user's ProxySelector failed
            fail(ErrorKind.CONNECT, "no proxy chosen: " + Failures.describe(e), e, false);
            return;
        }
        if (!over && connection == null) {
            pending = waiting;
        }
    }

    // ---- connecting (Connector.Callback) ----

    @Override
    public TimingsRecorder timings() {
        return timings;
    }

    @Override
    public void shared(HttpConnection c) {
        pending = null;
        ConnectionLog.reused(c);
        timings.acquired(c instanceof Http2Connection, true);
        if (c instanceof Http2Connection) {
            Http2Liveness liveness = c.channel().pipeline().get(Http2Liveness.class);
            if (liveness != null) {
                liveness.taken();
            }
        }
        send(c);
    }

    @Override
    public void connected(HttpConnection c) {
        pending = null;
        timings.setupEnded(timings.now());
        c.opened(timings);
        timings.acquired(c instanceof Http2Connection, false);
        send(c);
    }

    @Override
    public void connectFailed(ErrorKind kind, String detail, Throwable cause) {
        pending = null;
        timings.setupEnded(timings.now());
        timings.connectFailed(kind, detail);
        fail(kind, detail, cause, false);
    }

    private void send(HttpConnection c) {
        Lease lease = c.lease(this);
        connection = lease;
        call.sending();
        incoming = new IncomingResponse(config, texts);
        // Over HTTP/1.1 to an HTTP proxy without a tunnel, the request goes in absolute form.
        Route route = c.route();
        Proxy forwardTo = c instanceof Connection && route.forwarded(false) ? route.proxy() : null;
        RequestHead request = RequestHead.of(spec, config.userAgent(), forwardTo);
        timings.requestHeaders(request);
        sentAt = timings.now();
        inFlightThen = feedback.inFlight(spec.target().origin());
        timings.written(sentAt);
        ChannelFuture write = lease.write(request);
        write.addListener(f -> {
            if (connection != lease || over) {
                return;
            }
            if (f.isSuccess()) {
                written = true;
            } else {
                onError(f.cause());
            }
        });
    }

    // ---- receiving (ExchangeSink) ----

    @Override
    public void onHead(HttpResponse head) {
        headAt = timings.now();
        timings.firstByte(headAt, head.status().code());
        refuse(incoming.head(head, connection.delimited(), connection.protocol(), spec));
    }

    @Override
    public void onContent(ByteBuf content) {
        refuse(incoming.content(content));
    }

    private void refuse(IncomingResponse.Refusal refusal) {
        if (refusal != null) {
            fail(refusal.kind(), refusal.detail(), refusal.cause(), false);
        }
    }

    @Override
    public void onEnd(LastHttpContent last) {
        DecoderResult result = last.decoderResult();
        if (result.isFailure()) {
            ErrorKind kind = Failures.kindOf(result.cause());
            if (kind == ErrorKind.CLOSED && malformedChunkAtClose()) {
                fail(
                        ErrorKind.PROTOCOL,
                        "malformed chunk: bytes that are not a chunk size, then the close",
                        null,
                        false);
            } else {
                fail(
                        kind,
                        kind == ErrorKind.CLOSED
                                ? "connection closed before the response ended"
                                : "malformed response body: " + Failures.describe(result.cause()),
                        result.cause(),
                        false);
            }
            return;
        }
        if (incoming.interimEnded()) {
            return;
        }
        long lastByteAt = timings.now();
        Lease lease = connection;
        connection = null;
        over = true;
        boolean reusable = lease.finish(incoming.keepAlive() && written);
        HttpConnection c = lease.connection();
        lease.afterwards(() -> source.release(c, reusable));
        ResponseData data = incoming.toData(spec.url());
        timings.lastByte(lastByteAt, data.body().length);
        feedback.answered(spec.target().origin(), data, sentAt, inFlightThen, headAt);
        outcome.response(data);
    }

    /**
     * Returns true when a chunked body ended at the close with bytes that cannot begin a chunk
     * size and were not body bytes: a malformed chunk rather than a short body. (Netty's decoder
     * only judges a chunk-size line once it has ended, and a hostile server never ends it.)
     */
    private boolean malformedChunkAtClose() {
        return connection.malformedChunkAtClose(incoming);
    }

    @Override
    public void onClosed() {
        onError(null);
    }

    /** The connection failed ({@code cause}) or closed ({@code null}) while this attempt had it. */
    @Override
    public void onError(Throwable cause) {
        if (over) {
            return;
        }
        Lease c = connection;
        boolean nothingReceived = c != null && c.bytesRead() == 0;
        boolean stale = nothingReceived && c.reused();
        if (c != null && c.unprocessed()) {
            fail(
                    ErrorKind.CLOSED,
                    "the server refused the stream unprocessed (GOAWAY or REFUSED_STREAM)",
                    cause,
                    false,
                    true);
            return;
        }
        if (cause == null && c != null && timings.hasFirstByte() && malformedChunkAtClose()) {
            fail(ErrorKind.PROTOCOL, "malformed chunk: bytes that are not a chunk size, then the close", null, false);
            return;
        }
        if (cause == null || cause instanceof IOException && Failures.kindOf(cause) == ErrorKind.CLOSED) {
            if (c != null && c.bytesRead() > 0 && !timings.hasFirstByte()) {
                fail(
                        ErrorKind.PROTOCOL,
                        "malformed response: " + c.bytesRead() + " bytes that are not an HTTP response",
                        cause,
                        false);
                return;
            }
            String detail = nothingReceived
                    ? "connection closed by the peer before any response"
                    : "connection closed before the response ended";
            fail(
                    ErrorKind.CLOSED,
                    cause == null ? detail : detail + " (" + Failures.describe(cause) + ")",
                    cause,
                    stale);
            return;
        }
        fail(Failures.kindOf(cause), Failures.describe(cause), cause, stale);
    }

    // ---- ending ----

    @Override
    public void cancel() {
        if (!over && sentAt >= 0 && headAt < 0) {
            feedback.unanswered(spec.target().origin(), sentAt, inFlightThen, timings.now());
        }
        if (!over) {
            end(ConnectionLog.CloseReason.ENDED_EARLY);
            timings.attemptCancelled(); // after its setup and its wait were told to end
        }
    }

    @Override
    public String phase() {
        if (pending != null) {
            return pending.phase();
        }
        if (timings.hasFirstByte()) {
            return "while receiving the response";
        }
        return timings.isWritten() ? "while waiting for the response" : "before sending";
    }

    private void fail(ErrorKind kind, String detail, Throwable cause, boolean stale) {
        fail(kind, detail, cause, stale, false);
    }

    private void fail(ErrorKind kind, String detail, Throwable cause, boolean stale, boolean unprocessed) {
        if (over) {
            return;
        }
        boolean beforeResponse = connection == null || connection.bytesRead() == 0;
        end(stale ? ConnectionLog.CloseReason.STALE : ConnectionLog.CloseReason.ERROR);
        timings.attemptFailed(kind, detail);
        outcome.failure(new Outcome.Failure(
                new FetchException(kind, spec.url(), detail, cause), stale, unprocessed, beforeResponse));
    }

    /** Ends the attempt: its connection is closed for {@code reason}, or its setup abandoned. */
    private void end(ConnectionLog.CloseReason reason) {
        if (over) {
            return;
        }
        over = true;
        Lease lease = connection;
        connection = null;
        if (lease != null) {
            boolean lives = lease.abandon();
            HttpConnection c = lease.connection();
            lease.afterwards(() -> {
                if (lives) {
                    source.release(c, true);
                } else {
                    source.discard(c, reason);
                }
            });
        }
        if (pending != null) {
            timings.setupEnded(timings.now()); // a timeout or cancel cut the setup short
            pending.abort();
            pending = null;
        }
    }

    @Override
    public String toString() {
        return "Attempt[" + spec.method() + " " + UrlText.redact(spec.url()) + "]";
    }
}
