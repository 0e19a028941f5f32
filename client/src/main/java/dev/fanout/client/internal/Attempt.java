package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FetchException;
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
 * <p>Loop-confined: the connector and the connection's pipeline call it on the loop.
 */
final class Attempt implements Step.Run, Connector.Callback, ExchangeSink {

    private final CallContext call;
    private final ExchangeSpec spec;
    private final Outcome outcome;
    private final ConnectionPool<Connection> pool;
    private final Connector connector;
    private final ClientConfig config;
    private final TimingsRecorder timings;

    private Connector.Pending pending;
    private Connection connection;
    private boolean written;
    private IncomingResponse incoming;
    private boolean over;

    private Attempt(
            CallContext call,
            ExchangeSpec spec,
            Outcome outcome,
            ConnectionPool<Connection> pool,
            Connector connector,
            ClientConfig config) {
        this.call = call;
        this.spec = spec;
        this.outcome = outcome;
        this.pool = pool;
        this.connector = connector;
        this.config = config;
        this.timings = call.timings();
    }

    /** Returns the step that makes one attempt each time it is started. */
    static Step step(ConnectionPool<Connection> pool, Connector connector, ClientConfig config) {
        return (call, spec, fresh, outcome) -> {
            Attempt attempt = new Attempt(call, spec, outcome, pool, connector, config);
            attempt.begin(fresh);
            return attempt;
        };
    }

    private void begin(boolean fresh) {
        timings.newAttempt();
        Connection c = fresh ? null : pool.acquire(spec.target().origin());
        if (c != null) {
            ConnectionLog.reused(c);
            send(c);
        } else {
            pending = connector.connect(spec.target().origin(), this);
        }
    }

    // ---- connecting (Connector.Callback) ----

    @Override
    public TimingsRecorder timings() {
        return timings;
    }

    @Override
    public void connected(Connection c) {
        pending = null;
        timings.setupEnded(timings.now());
        c.opened(timings);
        pool.adopt(c);
        send(c);
    }

    @Override
    public void connectFailed(ErrorKind kind, String detail, Throwable cause) {
        pending = null;
        timings.setupEnded(timings.now());
        fail(kind, detail, cause, false);
    }

    private void send(Connection c) {
        connection = c;
        c.attach(this);
        call.sending();
        incoming = new IncomingResponse(config);
        timings.written(timings.now());
        ChannelFuture write = c.write(RequestEncoding.encode(spec, config.userAgent()));
        write.addListener(f -> {
            if (connection != c || over) {
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
        timings.firstByte(timings.now());
        refuse(incoming.head(head, connection.decoder().delimited(), spec));
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
        timings.lastByte(timings.now());
        Connection c = connection;
        connection = null;
        over = true;
        c.detach(this);
        pool.release(c, incoming.keepAlive() && written);
        outcome.response(incoming.toData(spec.url()));
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
        Connection c = connection;
        boolean nothingReceived = c != null && c.bytesRead() == 0;
        boolean stale = nothingReceived && c.reused();
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
        end(ConnectionLog.CloseReason.ENDED_EARLY);
    }

    @Override
    public String phase() {
        if (pending != null) {
            return "while connecting";
        }
        if (timings.hasFirstByte()) {
            return "while receiving the response";
        }
        return timings.isWritten() ? "while waiting for the response" : "before sending";
    }

    private void fail(ErrorKind kind, String detail, Throwable cause, boolean stale) {
        if (over) {
            return;
        }
        end(stale ? ConnectionLog.CloseReason.STALE : ConnectionLog.CloseReason.ERROR);
        outcome.failure(new Outcome.Failure(new FetchException(kind, spec.url(), detail, cause), stale));
    }

    /** Ends the attempt: its connection is closed for {@code reason}, or its setup abandoned. */
    private void end(ConnectionLog.CloseReason reason) {
        if (over) {
            return;
        }
        over = true;
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.detach(this);
            pool.discard(c, reason);
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
