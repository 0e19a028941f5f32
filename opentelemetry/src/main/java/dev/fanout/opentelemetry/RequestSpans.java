package dev.fanout.opentelemetry;

import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_REQUEST_METHOD;
import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_REQUEST_METHOD_ORIGINAL;
import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_REQUEST_RESEND_COUNT;
import static dev.fanout.opentelemetry.HttpClientAttributes.OTHER_METHOD;
import static dev.fanout.opentelemetry.HttpClientAttributes.REPLAY_REASON;
import static dev.fanout.opentelemetry.HttpClientAttributes.RETRY_ATTEMPT;
import static dev.fanout.opentelemetry.HttpClientAttributes.RETRY_DELAY_MS;
import static dev.fanout.opentelemetry.HttpClientAttributes.RETRY_REASON;
import static dev.fanout.opentelemetry.HttpClientAttributes.SERVER_ADDRESS;
import static dev.fanout.opentelemetry.HttpClientAttributes.SERVER_PORT;
import static dev.fanout.opentelemetry.HttpClientAttributes.URL_FULL;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.EventListener;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The spans of one request: a CLIENT span for each attempt, each time it goes on the wire, as
 * the HTTP client conventions ask ("a span for each attempt to send an HTTP request over the
 * wire"), the second and later ones with {@code http.request.resend_count}; each sends its own
 * span's trace context and names its own URL.
 *
 * <pre>
 * callStart ──▶ span 1 ── attemptStart(1) ── traceparent: span 1 ── 503 ── retry ──▶ span 1 ends
 *               attemptStart(2) ──▶ span 2 (resend_count 1) ── traceparent: span 2 ── 200 ── callEnd ──▶ span 2 ends
 * </pre>
 *
 * <p>The first span starts at {@code callStart}, so it includes the wait for a slot; each later
 * one at its {@code attemptStart}, which gives it the attempt's URL (a redirect's hop has its
 * own {@code url.full}, {@code server.address} and {@code server.port}). Each attempt hears its
 * own events through its {@link AttemptSpan}, so a hedged copy is a span of its own beside the
 * first, with a {@code fanout.hedge} event; the copy that lost the race ends with
 * {@code fanout.cancelled} and no error. A replay on a fresh connection ends its attempt's span
 * with the failure it met and a {@code fanout.replay} event. A span is ended at the request's
 * next event after its attempt ended (a retry, which leaves a {@code fanout.retry} event on it
 * first, a replay, the next attempt, or the request's end).
 *
 * <p>Loop-confined: the client calls it on its loop thread only (or on the caller's, once, when
 * the client is closed and the request is refused there).
 */
final class RequestSpans implements EventListener {

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Context parent;
    private final String method;
    private final String methodOriginal;
    private final ServerTarget target;
    private final List<AttemptSpan> open = new ArrayList<>(1); // started, not ended; the latest last
    private AttemptSpan first; // started at callStart, until the first attempt takes it

    RequestSpans(
            Tracer tracer, TextMapPropagator propagator, Context parent, Request request, Set<String> knownMethods) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.parent = parent;
        boolean known = knownMethods.contains(request.method());
        this.method = known ? request.method() : OTHER_METHOD;
        this.methodOriginal = known ? null : request.method();
        this.target = ServerTarget.of(request.redactedUrl());
    }

    @Override
    public void callStart(Request request) {
        first = start(target, 0);
    }

    @Override
    public EventListener attemptStart(Request request, int attempt, String url) {
        endFinished();
        AttemptSpan span;
        if (first != null) {
            span = first; // the request's URL, its first attempt
            first = null;
        } else {
            span = start(ServerTarget.of(url), attempt - 1);
        }
        return span;
    }

    @Override
    public void retry(Request request, int attempt, Duration delay, String reason) {
        AttemptSpan last = lastFinished();
        if (last != null) {
            if (!last.isAnswered()) {
                last.failedAs(kindOf(reason));
            }
            last.span()
                    .addEvent(
                            "fanout.retry",
                            Attributes.of(
                                    RETRY_ATTEMPT,
                                    (long) attempt,
                                    RETRY_DELAY_MS,
                                    delay.toMillis(),
                                    RETRY_REASON,
                                    reason));
            last.end(last.isAnswered() ? null : reason);
        }
        endFinished();
    }

    @Override
    public void replay(Request request, int attempt, String reason) {
        AttemptSpan last = lastFinished();
        if (last != null) {
            last.span().addEvent("fanout.replay", Attributes.of(REPLAY_REASON, reason));
        }
        endFinished();
    }

    @Override
    public void hedge(Request request) {
        if (!open.isEmpty()) {
            open.get(open.size() - 1).span().addEvent("fanout.hedge"); // the copy, started last
        }
    }

    @Override
    public void callEnd(Result result) {
        if (first != null) {
            open.add(first); // ended before any attempt: nothing on the wire
            first = null;
        }
        AttemptSpan last = lastFinished();
        for (AttemptSpan s : open) {
            if (result.error() != null) {
                if (!s.isAnswered() || s == last) {
                    s.failedAs(result.error().kind().name());
                }
                // the request's message, naming the URL without its password, on the span that ended it
                s.end(s == last || !s.isFinished() ? result.error().getMessage() : null);
            } else {
                if (s == last) {
                    s.answeredAs(result.status());
                }
                s.end(null);
            }
        }
        open.clear();
    }

    private AttemptSpan start(ServerTarget where, int resends) {
        // The sampler reads these, so they are given before the span starts.
        SpanBuilder builder = tracer.spanBuilder(methodOriginal == null ? method : "HTTP")
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setAttribute(HTTP_REQUEST_METHOD, method)
                .setAttribute(URL_FULL, where.url());
        if (methodOriginal != null) {
            builder.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, methodOriginal);
        }
        if (where.address() != null) {
            builder.setAttribute(SERVER_ADDRESS, where.address());
        }
        if (where.port() > 0) {
            builder.setAttribute(SERVER_PORT, (long) where.port());
        }
        if (resends > 0) {
            builder.setAttribute(HTTP_REQUEST_RESEND_COUNT, (long) resends);
        }
        AttemptSpan span = new AttemptSpan(builder.startSpan(), parent, propagator);
        open.add(span);
        return span;
    }

    /**
     * Returns the attempt that ended last and whose span is still open: a hedged race's winner
     * if it was answered (the loser, cut short after it, is not what the request came to), else
     * the latest.
     */
    private AttemptSpan lastFinished() {
        AttemptSpan found = null;
        for (AttemptSpan s : open) {
            if (s.isFinished() && !(s.isCancelled() && found != null)) {
                found = s;
            }
        }
        return found;
    }

    /** Ends the spans of attempts that have ended: the request has moved on from them. */
    private void endFinished() {
        open.removeIf(s -> {
            if (s.isFinished()) {
                s.end(null);
                return true;
            }
            return s.isEnded();
        });
    }

    /** Returns the kind a failure's message starts with ("CONNECT http://…: …"), or "_OTHER". */
    private static String kindOf(String message) {
        for (ErrorKind kind : ErrorKind.values()) {
            String name = kind.name();
            if (message.startsWith(name) && message.length() > name.length() && message.charAt(name.length()) == ' ') {
                return name;
            }
        }
        return "_OTHER";
    }
}
