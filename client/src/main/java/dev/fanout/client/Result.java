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

    private final int index;
    private final Request request;
    private final Response response;
    private final FetchException error;
    private final int attempts;
    private final int hedges;
    private final Timings timings;

    Result(
            int index,
            Request request,
            Response response,
            FetchException error,
            int attempts,
            int hedges,
            Timings timings) {
        if ((response == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of response and error must be set");
        }
        this.index = index;
        this.request = request;
        this.response = response;
        this.error = error;
        this.attempts = attempts;
        this.hedges = hedges;
        this.timings = timings;
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
        return timings.total();
    }

    /** Returns where the request's time went, phase by phase. */
    public Timings timings() {
        return timings;
    }

    @Override
    public String toString() {
        String what = response != null
                ? String.valueOf(response.status())
                : error.kind().toString();
        return "Result[" + index + " " + (request != null ? request : "null") + " -> " + what + " in "
                + timings.total().toMillis() + " ms]";
    }
}
