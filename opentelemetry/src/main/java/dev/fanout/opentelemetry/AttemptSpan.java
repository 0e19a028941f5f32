package dev.fanout.opentelemetry;

import static dev.fanout.opentelemetry.HttpClientAttributes.CANCELLED;
import static dev.fanout.opentelemetry.HttpClientAttributes.ERROR_TYPE;
import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_RESPONSE_STATUS_CODE;
import static dev.fanout.opentelemetry.HttpClientAttributes.NETWORK_PROTOCOL_VERSION;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.EventListener;
import dev.fanout.client.HttpVersion;
import dev.fanout.client.Request;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.function.BiConsumer;

/**
 * The span of one attempt, and the listener of that attempt's events (the client gives each
 * attempt the listener {@link RequestSpans#attemptStart} returns): it sends its own span's
 * context, and keeps what the attempt came to (a status, a failure, a cancel). The attempt's end
 * only marks it {@link #isFinished() finished}; {@link RequestSpans} ends the span at the
 * request's next event (a retry, a replay, the next attempt, the request's end), so that what
 * follows from the attempt (a retry's event) is told on its span first.
 *
 * <p>Loop-confined, like the events it hears.
 */
final class AttemptSpan implements EventListener {

    private static final TextMapSetter<BiConsumer<String, String>> HEADERS = (headers, name, value) -> {
        if (headers != null) {
            headers.accept(name, value);
        }
    };

    private final Span span;
    private final Context context;
    private final TextMapPropagator propagator;
    private int status; // 0 until a response status came
    private String failure;
    private String detail;
    private boolean cancelled;
    private boolean finished;
    private boolean ended;

    AttemptSpan(Span span, Context parent, TextMapPropagator propagator) {
        this.span = span;
        this.context = parent.with(span);
        this.propagator = propagator;
    }

    /** Returns the span. */
    Span span() {
        return span;
    }

    @Override
    public void connectFailed(Request request, ErrorKind kind, String detail) {
        failure = kind.name();
    }

    @Override
    public void connectionAcquired(Request request, HttpVersion version, boolean reused) {
        span.setAttribute(NETWORK_PROTOCOL_VERSION, version == HttpVersion.HTTP_2 ? "2" : "1.1");
    }

    @Override
    public void requestHeaders(Request request, BiConsumer<String, String> headers) {
        propagator.inject(context, headers, HEADERS);
    }

    @Override
    public void responseHeaders(Request request, int status) {
        this.status = status;
    }

    @Override
    public void responseEnd(Request request, long bodyBytes) {
        finished = true;
    }

    @Override
    public void attemptFailed(Request request, int attempt, ErrorKind kind, String detail) {
        failure = kind.name();
        this.detail = detail;
        finished = true;
    }

    @Override
    public void attemptCancelled(Request request, int attempt) {
        cancelled = true;
        finished = true;
    }

    /** Returns true once the attempt has ended (its response read, failed, or cancelled). */
    boolean isFinished() {
        return finished;
    }

    /** Returns true once its span has ended. */
    boolean isEnded() {
        return ended;
    }

    /** Returns true when a response status came. */
    boolean isAnswered() {
        return status != 0;
    }

    /** Returns true when it was cut short. */
    boolean isCancelled() {
        return cancelled;
    }

    /** Takes {@code kind} as its failure unless it has one (the request's, when it had none of its own). */
    void failedAs(String kind) {
        if (failure == null) {
            failure = kind;
        }
    }

    /** Takes what the request ended with: a status the request's result gives, when none came here. */
    void answeredAs(int status) {
        if (this.status == 0) {
            this.status = status;
        }
    }

    /**
     * Ends the span with what the attempt came to; {@code description} (a failure's message)
     * goes into an error status, else its own failure's detail does. A cancelled attempt with no
     * failure is no error: a hedged copy that lost the race.
     */
    void end(String description) {
        if (ended) {
            return;
        }
        ended = true;
        if (status != 0) {
            span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) status);
        }
        if (cancelled) {
            span.setAttribute(CANCELLED, true);
        }
        String error = failure != null ? failure : status >= 400 ? Integer.toString(status) : null;
        if (error != null) {
            span.setAttribute(ERROR_TYPE, error);
            String why = description != null ? description : detail;
            if (why != null) {
                span.setStatus(StatusCode.ERROR, why);
            } else {
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
    }
}
