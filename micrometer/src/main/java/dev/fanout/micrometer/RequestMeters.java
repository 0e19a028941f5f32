package dev.fanout.micrometer;

import dev.fanout.client.EventListener;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Duration;

/**
 * The listener of one request: it counts the request open from its start to its end, queued
 * while it waits, its retries, hedges and replays, and times it into {@code http.client.requests} at the
 * end. Loop-confined, like the events it hears.
 */
final class RequestMeters implements EventListener {

    private final FanoutMetrics metrics;
    private final FanoutMetrics.OriginMeters origin;
    private int queuedNow; // waits begun and not ended: a hedged copy may wait beside the first

    RequestMeters(FanoutMetrics metrics, Request request) {
        this.metrics = metrics;
        this.origin = metrics.origin(hostOf(request));
    }

    @Override
    public void callStart(Request request) {
        origin.open.incrementAndGet();
    }

    @Override
    public void queueStart(Request request) {
        queuedNow++;
        origin.queued.incrementAndGet();
    }

    @Override
    public void queueEnd(Request request) {
        if (queuedNow > 0) {
            queuedNow--;
            origin.queued.decrementAndGet();
        }
    }

    @Override
    public void retry(Request request, int attempt, Duration delay, String reason) {
        origin.retries.increment();
    }

    @Override
    public void replay(Request request, int attempt, String reason) {
        ("refused".equals(reason) ? origin.refusedReplays : origin.staleReplays).increment();
    }

    @Override
    public void hedge(Request request) {
        origin.hedges.increment();
    }

    @Override
    public void callEnd(Result result) {
        origin.open.decrementAndGet();
        origin.queued.addAndGet(-queuedNow); // a wait the end cut short
        queuedNow = 0;
        boolean answered = result.error() == null;
        int status = answered ? result.status() : 0;
        Timer.builder("http.client.requests")
                .description("Requests of fanout clients, from their start in the batch to their result")
                .tags(origin.tags)
                .tag("method", result.request() != null ? result.request().method() : "NONE")
                .tag("status", answered ? Integer.toString(status) : "CLIENT_ERROR")
                .tag("outcome", answered ? outcome(status) : "UNKNOWN")
                .tag("exception", answered ? "none" : result.error().kind().name())
                .register(metrics.registry())
                .record(result.elapsed());
    }

    /** Returns Micrometer's outcome of an HTTP status, as its HTTP instrumentations name it. */
    static String outcome(int status) {
        if (status >= 100 && status < 200) {
            return "INFORMATIONAL";
        }
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status >= 400 && status < 500) {
            return "CLIENT_ERROR";
        }
        return status >= 500 && status < 600 ? "SERVER_ERROR" : "UNKNOWN";
    }

    /** Returns the host a request's URL names, or {@code "none"} for a null or unreadable one. */
    static String hostOf(Request request) {
        return request == null ? "none" : hostOf(request.url());
    }

    /** Returns the host {@code url} names, or {@code "none"} for an unreadable one. */
    static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null ? host : "none";
        } catch (IllegalArgumentException e) {
            return "none";
        }
    }
}
