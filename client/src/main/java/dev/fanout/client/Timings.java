package dev.fanout.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Where one request's time went, phase by phase: the data behind a waterfall chart.
 *
 * <pre>
 * batch start ──start──► entered ──queued──► slot ──dns──connect──tls──► written ──waiting──► first byte ──receiving──► last byte
 *                        └───────────────────────────────── total ──────────────────────────────────────────────────────┘
 * </pre>
 *
 * <p>With a retry or a redirect, {@code dns}, {@code connect}, {@code tls}, {@code waiting} and
 * {@code receiving} describe the last attempt; {@code queued} sums the waits for a slot;
 * {@code total} covers everything. A phase that did not happen is {@link Duration#ZERO}: on a
 * reused pooled connection {@code dns}, {@code connect} and {@code tls} are zero, and a request
 * that failed before it was sent has zero {@code waiting} and {@code receiving}. A phase that
 * failed, or was cut short by a timeout or a cancel, records the time it took, as one that
 * succeeded does: a failed lookup its {@code dns} time, a refused or timed-out connect its
 * {@code connect} time, a failed handshake its {@code tls} time.
 *
 * @param start from the batch's start ({@code startAll}) to this request entering the client
 * @param queued waiting for a slot (the in-flight and per-host limits)
 * @param dns resolving the host name, for a new connection
 * @param connect the TCP connect, for a new connection
 * @param tls the TLS handshake, for a new HTTPS connection
 * @param waiting from the request being written to the first response byte (time to first byte)
 * @param receiving from the first to the last response byte
 * @param total from entering the client to the end; equals {@link Result#elapsed()}
 */
public record Timings(
        Duration start,
        Duration queued,
        Duration dns,
        Duration connect,
        Duration tls,
        Duration waiting,
        Duration receiving,
        Duration total) {

    /** Timings of a request that ended before any phase began. */
    public static final Timings NONE = withoutPhases(Duration.ZERO, Duration.ZERO);

    /** Returns the timings of a request whose phases are not known: only its start and total. */
    public static Timings withoutPhases(Duration start, Duration total) {
        Duration zero = Duration.ZERO;
        return new Timings(start, zero, zero, zero, zero, zero, zero, total);
    }

    /** Checks that no component is null. */
    public Timings {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(queued, "queued");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(waiting, "waiting");
        Objects.requireNonNull(receiving, "receiving");
        Objects.requireNonNull(total, "total");
    }
}
