package dev.fanout.cli;

import java.time.Duration;
import java.util.Objects;

/**
 * One request's outcome as the command shows it: the renderers' model, independent of the client's types.
 *
 * <p>{@code Rows} builds these from the client's results; the table, the waterfall, the summary
 * and the JSON lines read only this. Immutable.
 *
 * @param index the request's position in the input, from 0
 * @param method the HTTP method
 * @param url the URL, as given
 * @param status the response status, or 0 when no response arrived
 * @param errorKind the error kind's name (for example {@code "TIMEOUT"}), or null when a response arrived
 * @param message the error's message, or null when a response arrived
 * @param phases where the time went, on the run's shared time axis
 * @param size the response body's size in bytes, 0 when failed
 * @param protocol {@code "HTTP/1.1"} or {@code "HTTP/2"}, or null when failed
 * @param attempts how many times it was sent
 * @param body the response body as text, or null when failed or not asked for
 */
record Row(int index, String method, String url, int status, String errorKind, String message,
        Phases phases, long size, String protocol, int attempts, String body) {

    Row {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(phases, "phases");
        if ((errorKind == null) == (status == 0)) {
            throw new IllegalArgumentException("status " + status + " and errorKind " + errorKind
                    + " (expected: a status, or an error kind)");
        }
    }

    /** Returns a row for a response. */
    static Row response(int index, String method, String url, int status, Phases phases, long size, String protocol) {
        return new Row(index, method, url, status, null, null, phases, size, protocol, 1, null);
    }

    /** Returns a row for a request that ended without a response. */
    static Row failure(int index, String method, String url, String errorKind, String message, Phases phases) {
        return new Row(index, method, url, 0, errorKind, message, phases, 0, null, 1, null);
    }

    /** Returns true when a response arrived (whatever its status). */
    boolean responded() {
        return errorKind == null;
    }

    /** Returns the status as text, or the error kind when no response arrived. */
    String outcome() {
        return responded() ? Integer.toString(status) : errorKind;
    }

    /** Returns this row's time, from entering the client to its end. */
    Duration total() {
        return phases.total();
    }

    /** Returns when this row ended on the run's time axis. */
    Duration end() {
        return phases.start().plus(phases.total());
    }

    /** Returns this row with the body set. */
    Row withBody(String body) {
        return new Row(index, method, url, status, errorKind, message, phases, size, protocol, attempts, body);
    }

    /** Returns this row with the attempts set. */
    Row withAttempts(int attempts) {
        return new Row(index, method, url, status, errorKind, message, phases, size, protocol, attempts, body);
    }

    /**
     * Where one request's time went: the same phases as the client's {@code Timings}, with
     * {@code start} measured from the start of the whole run (for {@code --sequential}, one
     * request after another, each start is shifted by when that request was sent).
     */
    record Phases(Duration start, Duration queued, Duration dns, Duration connect, Duration tls,
            Duration waiting, Duration receiving, Duration total) {

        Phases {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(queued, "queued");
            Objects.requireNonNull(dns, "dns");
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(waiting, "waiting");
            Objects.requireNonNull(receiving, "receiving");
            Objects.requireNonNull(total, "total");
        }

        /** Returns phases that start at {@code start} and spend all of {@code total} waiting (for tests and simple cases). */
        static Phases waitingOnly(Duration start, Duration total) {
            return new Phases(start, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, total,
                    Duration.ZERO, total);
        }

        /** Returns DNS, TCP connect and TLS together: the cost of a new connection. */
        Duration setup() {
            return dns.plus(connect).plus(tls);
        }

        /** Returns these phases moved {@code offset} later on the time axis. */
        Phases shifted(Duration offset) {
            return new Phases(start.plus(offset), queued, dns, connect, tls, waiting, receiving, total);
        }
    }
}
