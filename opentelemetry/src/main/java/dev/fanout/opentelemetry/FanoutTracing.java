package dev.fanout.opentelemetry;

import static dev.fanout.opentelemetry.HttpClientAttributes.BATCH_SIZE;

import dev.fanout.client.Batch;
import dev.fanout.client.EventListener;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Traces a {@link FanoutClient}'s requests with OpenTelemetry: give it to the client's builder as
 * its listener factory, and start batches through it.
 *
 * <pre>{@code
 * FanoutTracing tracing = FanoutTracing.create(openTelemetry);
 * FanoutClient client = FanoutClient.builder().eventListenerFactory(tracing).build();
 * List<Result> results = tracing.fetchAll(client, urls);   // "fanout batch" > GET, GET, GET
 * }</pre>
 *
 * <p>Each time a request goes on the wire it has a {@link SpanKind#CLIENT} span named by its
 * method, with the HTTP client conventions' attributes ({@code http.request.method},
 * {@code url.full} without credentials, {@code server.address}, {@code server.port},
 * {@code network.protocol.version}, {@code http.response.status_code}, and {@code error.type}:
 * the {@link dev.fanout.client.ErrorKind} of a failure, or the status of a response of 400 or
 * more, both with status {@code ERROR}). A retry, a redirect's hop, a replay or a hedged copy is
 * a span of its own with {@code http.request.resend_count}, and its own {@code url.full} and
 * server address (a hop's are the {@code Location} it was sent to); a retry also leaves a
 * {@code fanout.retry} event (attempt, delay, reason) on the span it follows, a replay on a fresh
 * connection a {@code fanout.replay} event ({@code fanout.replay.reason}: {@code stale} or
 * {@code refused}) on the span whose attempt met the closing connection, and a hedged copy a
 * {@code fanout.hedge} event on its own span; the copy that lost the race ends with
 * {@code fanout.cancelled} true and no error. A span starts when its request enters the client
 * or its attempt begins, and ends once the attempt has ended (its response read whole, failed,
 * or cut short), at the request's next event. Each attempt carries its span's context in the configured
 * propagators' headers (W3C {@code traceparent}, and {@code tracestate} and {@code baggage}
 * when there are any).
 *
 * <p><b>Parents.</b> The client makes each request's listener on the thread that starts the
 * batch, so a request's span is a child of the {@link Context} current there: a batch started
 * on the client itself ({@code client.startAll(requests)}) traces its requests under the
 * caller's span. {@link #startAll}, {@link #sendAll} and {@link #fetchAll} put an
 * {@link SpanKind#INTERNAL} span {@code "fanout batch"} between them, ended when the batch's
 * last request ends; {@link #send} is the client's own {@code send} under the current context.
 * The batch span is INTERNAL, not CLIENT: it sends nothing itself, and a CLIENT span would be
 * counted by backends as one more outgoing call (and would hide the requests' own CLIENT spans
 * from instrumentation that suppresses nested client spans).
 *
 * <p>Thread-safe: one instance serves every client and thread. The spans are made and ended on
 * the loop thread; nothing there blocks or takes a lock beyond the SDK's own.
 */
public final class FanoutTracing implements EventListener.Factory {

    /** The instrumentation scope: this module. */
    static final String SCOPE = "dev.fanout.opentelemetry";

    /** The batch span's name: one low-cardinality name for every batch. */
    static final String BATCH_SPAN = "fanout batch";

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Set<String> knownMethods;

    private FanoutTracing(OpenTelemetry openTelemetry, Set<String> knownMethods) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.knownMethods = knownMethods;
    }

    /** Returns tracing through {@code openTelemetry}'s tracer provider and propagators. */
    public static FanoutTracing create(OpenTelemetry openTelemetry) {
        return new FanoutTracing(
                Objects.requireNonNull(openTelemetry, "openTelemetry"), HttpClientAttributes.KNOWN_METHODS);
    }

    /**
     * Returns tracing that takes {@code knownMethods} as the HTTP methods it names as they are
     * (replacing the conventions' list: CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT,
     * TRACE); any other method is {@code _OTHER}, its span is named {@code HTTP}, and
     * {@code http.request.method_original} says what it was.
     */
    public static FanoutTracing create(OpenTelemetry openTelemetry, Set<String> knownMethods) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        return new FanoutTracing(openTelemetry, Set.copyOf(Objects.requireNonNull(knownMethods, "knownMethods")));
    }

    /**
     * Returns the listener of {@code request}, whose spans are children of the context current
     * on this thread: the client calls this on the thread that starts the batch. A null entry of
     * a batch (an {@code INVALID_REQUEST} result) has none.
     */
    @Override
    public EventListener create(Request request) {
        if (request == null) {
            return EventListener.NONE;
        }
        return new RequestSpans(tracer, propagator, Context.current(), request, knownMethods);
    }

    /**
     * Starts {@code requests} on {@code client} ({@link FanoutClient#startAll}) inside a
     * {@code "fanout batch"} span, a child of the current context, which ends when the batch's
     * last request does.
     *
     * @throws NullPointerException if client or requests is null
     */
    public Batch startAll(FanoutClient client, List<Request> requests) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(requests, "requests");
        Span batchSpan = tracer.spanBuilder(BATCH_SPAN)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(BATCH_SIZE, (long) requests.size())
                .startSpan();
        Batch started;
        Scope current = batchSpan.makeCurrent(); // the client makes the requests' listeners here, under it
        try {
            started = client.startAll(requests);
        } catch (RuntimeException | Error e) {
            batchSpan.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            batchSpan.end();
            throw e;
        } finally {
            current.close();
        }
        started.future().whenComplete((results, error) -> batchSpan.end());
        return started;
    }

    /**
     * Sends {@code requests} as {@link #startAll} does and waits for every result, in input order.
     *
     * @throws NullPointerException if client or requests is null
     * @throws IllegalStateException if called on the client's loop thread
     */
    public List<Result> sendAll(FanoutClient client, List<Request> requests) {
        Objects.requireNonNull(client, "client").loop().checkNotInLoop("sendAll");
        return startAll(client, requests).awaitAll();
    }

    /**
     * GETs every URL as {@link FanoutClient#fetchAll} does, inside a {@code "fanout batch"} span.
     *
     * @throws NullPointerException if client or urls is null
     * @throws IllegalStateException if called on the client's loop thread
     */
    public List<Result> fetchAll(FanoutClient client, List<String> urls) {
        Objects.requireNonNull(client, "client").loop().checkNotInLoop("fetchAll");
        Objects.requireNonNull(urls, "urls");
        List<Request> requests = new ArrayList<>(urls.size());
        for (String url : urls) {
            requests.add(url == null ? null : Request.get(url));
        }
        return startAll(client, requests).awaitAll();
    }

    /**
     * Sends one request ({@link FanoutClient#send}); its span is a child of the current context,
     * with no batch span between.
     *
     * @throws NullPointerException if client or request is null
     */
    public CompletableFuture<Result> send(FanoutClient client, Request request) {
        return Objects.requireNonNull(client, "client").send(request);
    }
}
