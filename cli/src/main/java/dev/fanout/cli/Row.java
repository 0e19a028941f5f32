package dev.fanout.cli;

import dev.fanout.client.Timings;
import java.time.Duration;
import java.util.Objects;

/**
 * One request's outcome as the command shows it: the renderers' model, which renderer tests build
 * without a client; its times are the client's {@link Timings}.
 *
 * <p>{@code Rows} builds these from the client's results; the table, the waterfall, the summary
 * and the JSON lines read only this. Immutable.
 *
 * @param index the request's position in the input, from 0
 * @param method the HTTP method
 * @param url the URL, as given but with its password, if any, replaced by {@code ****}
 * @param status the response status, or 0 when no response arrived
 * @param errorKind the error kind's name (for example {@code "TIMEOUT"}), or null when a response arrived
 * @param message the error's message, or null when a response arrived
 * @param timings where the time went, its start on the run's shared time axis (for
 *     {@code --sequential}, shifted by when the request was sent)
 * @param size the response body's size in bytes, 0 when failed
 * @param protocol {@code "HTTP/1.1"} or {@code "HTTP/2"}, or null when failed
 * @param attempts how many times it was sent, hedged copies included ({@code Result.attempts()})
 * @param hedges how many of those sends were hedged copies ({@code Result.hedges()})
 * @param body the response body as text, or null when failed or not asked for
 */
record Row(
        int index,
        String method,
        String url,
        int status,
        String errorKind,
        String message,
        Timings timings,
        long size,
        String protocol,
        int attempts,
        int hedges,
        String body) {

    Row {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timings, "timings");
        if ((errorKind == null) == (status == 0)) {
            throw new IllegalArgumentException(
                    "status " + status + " and errorKind " + errorKind + " (expected: a status, or an error kind)");
        }
    }

    /** Returns a row for a response. */
    static Row response(int index, String method, String url, int status, Timings timings, long size, String protocol) {
        return new Row(index, method, url, status, null, null, timings, size, protocol, 1, 0, null);
    }

    /** Returns a row for a request that ended without a response. */
    static Row failure(int index, String method, String url, String errorKind, String message, Timings timings) {
        return new Row(index, method, url, 0, errorKind, message, timings, 0, null, 1, 0, null);
    }

    /** Returns true when a response arrived (whatever its status). */
    boolean responded() {
        return errorKind == null;
    }

    /** Returns the status as text, or the error kind when no response arrived. */
    String outcome() {
        return responded() ? Integer.toString(status) : errorKind;
    }

    /**
     * Returns why the request failed, without the kind and URL that its message starts with
     * ({@code "CONNECT http://h/: cannot connect to ..."} gives {@code "cannot connect to ..."}),
     * or null when a response arrived.
     */
    String reason() {
        if (message == null) {
            return null;
        }
        String prefix = errorKind + " " + url + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Returns this row's time, from entering the client to its end. */
    Duration total() {
        return timings.total();
    }

    /** Returns when this row ended on the run's time axis. */
    Duration end() {
        return timings.start().plus(timings.total());
    }

    /** Returns this row with the body set. */
    Row withBody(String body) {
        return new Row(index, method, url, status, errorKind, message, timings, size, protocol, attempts, hedges, body);
    }

    /** Returns this row with the sends set: {@code attempts} in all, {@code hedges} of them hedged copies. */
    Row withAttempts(int attempts, int hedges) {
        return new Row(index, method, url, status, errorKind, message, timings, size, protocol, attempts, hedges, body);
    }

    /** Returns how many times it was sent again after a failure: its attempts, the first and hedged copies aside. */
    int retries() {
        return Math.max(0, attempts - 1 - hedges); // as BatchStats.retries() counts them
    }

    /**
     * Returns the TRIES column's text: the sends, hedged copies apart, then {@code +h} for a
     * hedged copy ({@code +2h} for two): {@code 1}, {@code 3}, {@code 1+h}; {@code 0} for a request
     * that never reached the wire.
     *
     * <p>The client counts a hedged copy when it starts, and its send only once it has a
     * connection, so a copy still connecting when the first answer arrived is in
     * {@code hedges} but not in {@code attempts}: the own sends are then at least one, not
     * {@code attempts - hedges}.
     */
    String tries() {
        String own = Integer.toString(Math.max(attempts - hedges, attempts > 0 ? 1 : 0));
        return switch (hedges) {
            case 0 -> own;
            case 1 -> own + "+h";
            default -> own + "+" + hedges + "h";
        };
    }
}
