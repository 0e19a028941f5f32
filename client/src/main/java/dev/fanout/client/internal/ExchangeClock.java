package dev.fanout.client.internal;

import dev.fanout.client.Timings;
import java.time.Duration;

/**
 * The moments of one exchange's life, read from {@link System#nanoTime()}, and the
 * {@link Timings} made from them. The exchange marks each moment as it happens; a phase that did
 * not happen stays zero.
 *
 * <p>Loop-confined, like its exchange.
 */
final class ExchangeClock {

    private long enteredAt;
    private long queuedSince;
    private long queuedNanos;
    private long dnsNanos;
    private long connectNanos;
    private long tlsNanos;
    private long writtenAt;
    private long firstByteAt;
    private long lastByteAt;
    private long doneAt;

    /** Marks the exchange entering the client. */
    void entered(long now) {
        enteredAt = now;
    }

    /** Marks it entering, unless it already has: an exchange refused before it entered. */
    void enteredIfNot(long now) {
        if (enteredAt == 0) {
            enteredAt = now;
        }
    }

    /** Marks the start of a wait for a slot. */
    void queued(long now) {
        queuedSince = now;
    }

    /** Marks the end of a wait for a slot: it adds to the time queued. */
    void dequeued(long now) {
        queuedNanos += now - queuedSince;
    }

    /** Forgets the phases of a previous attempt: a new attempt describes its own. */
    void newAttempt() {
        dnsNanos = connectNanos = tlsNanos = 0;
        writtenAt = firstByteAt = lastByteAt = 0;
    }

    /** Records the phases of the connection just made. */
    void connected(long dns, long connect, long tls) {
        dnsNanos = dns;
        connectNanos = connect;
        tlsNanos = tls;
    }

    /** Marks the request being handed to the connection. */
    void written(long now) {
        writtenAt = now;
    }

    /** Returns true once the request was handed to a connection in this attempt. */
    boolean isWritten() {
        return writtenAt != 0;
    }

    /** Marks the first response byte, unless one already came in this attempt. */
    void firstByte(long now) {
        if (firstByteAt == 0) {
            firstByteAt = now;
        }
    }

    /** Returns true once a response byte arrived in this attempt. */
    boolean hasFirstByte() {
        return firstByteAt != 0;
    }

    /** Marks the last response byte. */
    void lastByte(long now) {
        lastByteAt = now;
    }

    /** Marks the end. */
    void done(long now) {
        doneAt = now;
    }

    /** Returns the phases; {@code batchStart} is the batch's start (System.nanoTime). */
    Timings timings(long batchStart) {
        long entered = enteredAt != 0 ? enteredAt : doneAt;
        long ttfbEnd = firstByteAt != 0 ? firstByteAt : (writtenAt != 0 ? doneAt : 0);
        return new Timings(
                nanos(entered - batchStart),
                nanos(queuedNanos),
                nanos(dnsNanos),
                nanos(connectNanos),
                nanos(tlsNanos),
                nanos(writtenAt != 0 ? ttfbEnd - writtenAt : 0),
                nanos(firstByteAt != 0 ? (lastByteAt != 0 ? lastByteAt : doneAt) - firstByteAt : 0),
                nanos(doneAt - entered));
    }

    private static Duration nanos(long n) {
        return Duration.ofNanos(Math.max(n, 0));
    }
}
