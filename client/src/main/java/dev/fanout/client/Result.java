package dev.fanout.client;

import java.time.Duration;

/**
 * The outcome of one request of a batch: a {@link Response}, or a {@link FetchException} that
 * says why there is none. Exactly one of {@link #response()} and {@link #error()} is non-null.
 *
 * <pre>{@code
 * for (Result r : client.fetchAll(urls)) {
 *     if (r.ok()) {
 *         use(r.response().json(User.class));
 *     } else if (r.error() != null) {
 *         log.warn("{} failed: {}", r.request().redactedUrl(), r.error().kind());
 *     } else {
 *         log.warn("{} answered {}", r.request().redactedUrl(), r.status());
 *     }
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Result {

    /** How many phase durations a result keeps: as many as {@link Timings} has components. */
    static final int PHASES = 8;

    private final int index;
    private final Request request;
    private final Response response;
    private final FetchException error;
    private final int attempts;
    private final int hedges;
    // The phases in nanoseconds, in the order of Timings' components: kept as numbers, the
    // Durations made when asked for. A batch keeps every result until it returns: one of
    // 100,000 small answers from nginx kept 324 bytes with a Timings and its Durations, 236 so.
    private final long[] phaseNanos;

    /** {@code phaseNanos}: start, queued, dns, connect, tls, waiting, receiving, total; not copied. */
    Result(
            int index,
            Request request,
            Response response,
            FetchException error,
            int attempts,
            int hedges,
            long[] phaseNanos) {
        if ((response == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of response and error must be set");
        }
        if (phaseNanos.length != PHASES) {
            throw new IllegalArgumentException(
                    "phaseNanos: " + phaseNanos.length + " values (expected: " + PHASES + ")");
        }
        this.index = index;
        this.request = request;
        this.response = response;
        this.error = error;
        this.attempts = attempts;
        this.hedges = hedges;
        this.phaseNanos = phaseNanos;
    }

    /** Returns the position of the request in its batch's input list. */
    public int index() {
        return index;
    }

    /** Returns the request this result answers; null when the input entry itself was null. */
    public Request request() {
        return request;
    }

    /** Returns the response, or null when the request failed. */
    public Response response() {
        return response;
    }

    /** Returns why the request failed, or null when a response arrived. */
    public FetchException error() {
        return error;
    }

    /** Returns true when a response arrived and its status is 2xx. */
    public boolean ok() {
        return response != null && response.status() >= 200 && response.status() < 300;
    }

    /** Returns the response's status, or 0 when the request failed. */
    public int status() {
        return response != null ? response.status() : 0;
    }

    /**
     * Returns the response body as text (see {@link Response#bodyAsString()}).
     *
     * @throws FetchException the error, when the request failed
     */
    public String bodyAsString() {
        if (error != null) {
            throw error;
        }
        return response.bodyAsString();
    }

    /**
     * Returns how many times the request was sent: 1, or more when it was sent again (a retry,
     * a replay after a stale pooled connection, a hedged copy); 0 when it never got as far as the
     * wire. After redirects it counts the sends of the last hop (a redirect is not a retry).
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Returns how many hedged copies of the request were written (counted in {@link #attempts()}
     * too; a copy still connecting when the request ended was not).
     */
    public int hedges() {
        return hedges;
    }

    /** Returns how long the request took, from entering the client to its end (equals {@code timings().total()}). */
    public Duration elapsed() {
        return Duration.ofNanos(totalNanos());
    }

    /** Returns where the request's time went, phase by phase (made anew on each call, equal each time). */
    public Timings timings() {
        long[] n = phaseNanos;
        return new Timings(
                Duration.ofNanos(n[0]),
                Duration.ofNanos(n[1]),
                Duration.ofNanos(n[2]),
                Duration.ofNanos(n[3]),
                Duration.ofNanos(n[4]),
                Duration.ofNanos(n[5]),
                Duration.ofNanos(n[6]),
                Duration.ofNanos(n[7]));
    }

    /** Returns {@code timings().start()} in nanoseconds, without making the Timings. */
    long startNanos() {
        return phaseNanos[0];
    }

    /** Returns {@code timings().total()} in nanoseconds, without making the Timings. */
    long totalNanos() {
        return phaseNanos[PHASES - 1];
    }

    @Override
    public String toString() {
        String what = response != null
                ? String.valueOf(response.status())
                : error.kind().toString();
        return "Result[" + index + " " + (request != null ? request : "null") + " -> " + what + " in "
                + totalNanos() / 1_000_000 + " ms]";
    }
}
