package dev.fanout.opentelemetry;

import static dev.fanout.opentelemetry.HttpClientAttributes.ERROR_TYPE;
import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_REQUEST_METHOD;
import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_REQUEST_METHOD_ORIGINAL;
import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_REQUEST_RESEND_COUNT;
import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_RESPONSE_STATUS_CODE;
import static dev.fanout.opentelemetry.HttpClientAttributes.NETWORK_PROTOCOL_VERSION;
import static dev.fanout.opentelemetry.HttpClientAttributes.OTHER_METHOD;
import static dev.fanout.opentelemetry.HttpClientAttributes.RETRY_ATTEMPT;
import static dev.fanout.opentelemetry.HttpClientAttributes.RETRY_DELAY_MS;
import static dev.fanout.opentelemetry.HttpClientAttributes.RETRY_REASON;
import static dev.fanout.opentelemetry.HttpClientAttributes.SERVER_ADDRESS;
import static dev.fanout.opentelemetry.HttpClientAttributes.SERVER_PORT;
import static dev.fanout.opentelemetry.HttpClientAttributes.URL_FULL;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.EventListener;
import dev.fanout.client.HttpVersion;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The spans of one request: a CLIENT span for each time it goes on the wire, as the HTTP client
 * conventions ask ("a span for each attempt to send an HTTP request over the wire"), the second
 * and later ones with {@code http.request.resend_count}; each sends its own span's trace context.
 *
 * <pre>
 * callStart ──▶ span 1 ── requestHeaders (traceparent: span 1) ── 503 ── retry ──▶ span 1 ends
 *               span 2 (resend_count 1) ── requestHeaders (traceparent: span 2) ── 200 ── callEnd ──▶ span 2 ends
 * </pre>
 *
 * <p>An attempt's span starts at its first event (the first one at {@code callStart}, so it
 * includes the wait for a slot and the connection) and ends when the request is given up or sent
 * again: at {@code retry}, at the first event of the next attempt (a redirect's next hop, or a
 * replay of a request that got no answer on a stale connection), or at {@code callEnd}. What ends
 * it is told on the same loop turn as the response or the failure, so its end is the attempt's.
 *
 * <p><b>A hedged copy shares its attempt's span</b>, with a {@code fanout.hedge} event when it
 * goes out: the two copies run at once and the events do not say which copy a response or a
 * failure came from, so a span per copy could not be given its own outcome. Both copies send
 * that span's context. <b>A redirect's hop</b> has its own span, but the events name only the
 * request as given, so its {@code url.full}, {@code server.address} and {@code server.port} are
 * the original request's.
 *
 * <p>Loop-confined: the client calls it on its loop thread only (or on the caller's, once, when
 * the client is closed and the request is refused there).
 */
final class RequestSpans implements EventListener {

    private static final TextMapSetter<BiConsumer<String, String>> HEADERS = (headers, name, value) -> {
        if (headers != null) {
            headers.accept(name, value);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Context parent;
    private final String method;
    private final String methodOriginal;
    private final ServerTarget target;

    private Span span; // the attempt under way, or null between two
    private Context spanContext;
    private int spans;
    private boolean written;
    private boolean answered;
    private boolean racing;
    private int status;
    private String failure;

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
        startAttempt();
    }

    @Override
    public void queueStart(Request request) {
        attemptEvent();
    }

    @Override
    public void dnsStart(Request request, String host) {
        attemptEvent();
    }

    @Override
    public void connectStart(Request request, InetSocketAddress address) {
        attemptEvent();
    }

    @Override
    public void connectFailed(Request request, ErrorKind kind, String detail) {
        attemptEvent();
        failure = kind.name();
    }

    @Override
    public void connectionAcquired(Request request, HttpVersion version, boolean reused) {
        attemptEvent();
        span.setAttribute(NETWORK_PROTOCOL_VERSION, version == HttpVersion.HTTP_2 ? "2" : "1.1");
    }

    @Override
    public void requestHeaders(Request request, BiConsumer<String, String> headers) {
        if (span != null && written && !answered && !racing) {
            // Sent again with no answer and no retry told: a replay on a fresh connection of a
            // request the server closed (or refused) unprocessed. The one before failed so.
            failure = "_OTHER"; // closed or refused: the events do not say which
            endAttempt(null);
        }
        attemptEvent();
        propagator.inject(spanContext, headers, HEADERS);
    }

    @Override
    public void requestSent(Request request) {
        attemptEvent();
        written = true;
    }

    @Override
    public void responseHeaders(Request request, int status) {
        attemptEvent();
        answered = true;
        this.status = status;
    }

    @Override
    public void responseEnd(Request request, long bodyBytes) {
        racing = false; // the race is won: the other copy is cancelled without a word
    }

    @Override
    public void retry(Request request, int attempt, Duration delay, String reason) {
        if (span == null) {
            return;
        }
        if (!answered && failure == null) {
            failure = kindOf(reason);
        }
        span.addEvent(
                "fanout.retry",
                Attributes.of(RETRY_ATTEMPT, (long) attempt, RETRY_DELAY_MS, delay.toMillis(), RETRY_REASON, reason));
        endAttempt(answered ? null : reason);
    }

    @Override
    public void hedge(Request request) {
        attemptEvent();
        racing = true;
        span.addEvent("fanout.hedge");
    }

    @Override
    public void callEnd(Result result) {
        if (span == null) {
            return; // ended between attempts (a cancel while waiting to retry): nothing on the wire
        }
        String description = null;
        if (result.error() != null) {
            failure = result.error().kind().name();
            description = result.error().getMessage(); // names the URL without its password
        } else {
            answered = true;
            status = result.status();
        }
        endAttempt(description);
    }

    /** Starts a span for a new attempt when none is under way, ending an answered one first. */
    private void attemptEvent() {
        if (span != null && answered && !racing) {
            endAttempt(null); // a redirect's next hop
        }
        if (span == null) {
            startAttempt();
        }
    }

    private void startAttempt() {
        // The sampler reads these, so they are given before the span starts.
        SpanBuilder builder = tracer.spanBuilder(methodOriginal == null ? method : "HTTP")
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setAttribute(HTTP_REQUEST_METHOD, method)
                .setAttribute(URL_FULL, target.url());
        if (methodOriginal != null) {
            builder.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, methodOriginal);
        }
        if (target.address() != null) {
            builder.setAttribute(SERVER_ADDRESS, target.address());
        }
        if (target.port() > 0) {
            builder.setAttribute(SERVER_PORT, (long) target.port());
        }
        if (spans > 0) {
            builder.setAttribute(HTTP_REQUEST_RESEND_COUNT, (long) spans);
        }
        spans++;
        span = builder.startSpan();
        spanContext = parent.with(span);
    }

    /**
     * Ends the attempt's span with what it came to: a status, a failure, or both; a failure's
     * {@code description} (its message) goes into the span's status, a status code needs none.
     */
    private void endAttempt(String description) {
        if (answered) {
            span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) status);
        }
        String error = failure != null ? failure : answered && status >= 400 ? Integer.toString(status) : null;
        if (error != null) {
            span.setAttribute(ERROR_TYPE, error);
            if (description != null) {
                span.setStatus(StatusCode.ERROR, description);
            } else {
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
        span = null;
        spanContext = null;
        written = answered = racing = false;
        status = 0;
        failure = null;
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
