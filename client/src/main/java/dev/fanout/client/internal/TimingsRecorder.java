package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.EventListener;
import dev.fanout.client.HttpVersion;
import dev.fanout.client.Request;
import dev.fanout.client.Timings;
import dev.fanout.loop.LoopClock;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The moments of one call's life, read from the loop's clock ({@link #now()}), and the
 * {@link Timings} made from them. The call and its attempts mark each moment as it happens; a
 * phase that did not happen stays zero; each attempt starts its own phases afresh
 * ({@link #newAttempt}), while the time queued adds up over the call.
 *
 * <p>Connection setup is marked as it goes ({@link #resolving}, {@link #connecting},
 * {@link #handshaking}), and each mark ends the phase before it: so a phase that fails, or is cut
 * short by a timeout or a cancel, records the time it took when the setup ends
 * ({@link #setupEnded}), as one that succeeds does.
 *
 * <p>Each mark is also an event of the user's {@link EventListener} for the call's request,
 * told as it is marked: the {@link Timings} a result carries and what a listener hears come
 * from the same marks, so they cannot disagree. The marks of an attempt, from its
 * {@link #newAttempt} to its end ({@link #lastByte}, {@link #attemptFailed},
 * {@link #attemptCancelled}), go to the listener its {@code attemptStart} returned; the others
 * (a wait for a slot, a retry, a hedge, a replay) to the request's. Attempts are numbered over
 * the call, its hedged copies' recorders ({@link #fork}) included.
 *
 * <p>Loop-confined, like its call.
 */
final class TimingsRecorder {

    /** The connection-setup phases. */
    private enum Setup {
        NONE,
        DNS,
        CONNECT,
        TLS
    }

    private final LoopClock time;
    private final Request request;
    private final EventListener events;
    private final TimingsRecorder root; // numbers the attempts: this, or the recorder forked from
    private EventListener attemptEvents; // the attempt's listener while one runs, else events
    private int attempts; // on the root: attempts started over the call
    private int attempt; // the number of the attempt this recorder marks now

    private long enteredAt;
    private long queuedSince;
    private long queuedNanos;
    private long dnsNanos;
    private long connectNanos;
    private long tlsNanos;
    private Setup setup = Setup.NONE;
    private long setupSince;
    private long writtenAt;
    private long firstByteAt;
    private long lastByteAt;
    private long doneAt;

    /** Creates the recorder of a call with no listener: tests of the call alone. */
    TimingsRecorder(LoopClock time) {
        this(time, null, EventListener.NONE);
    }

    /** Creates the recorder of {@code request}'s call, whose marks {@code events} hears. */
    TimingsRecorder(LoopClock time, Request request, EventListener events) {
        this(time, request, events, null);
    }

    private TimingsRecorder(LoopClock time, Request request, EventListener events, TimingsRecorder root) {
        this.time = time;
        this.request = request;
        this.events = events;
        this.attemptEvents = events;
        this.root = root != null ? root : this;
    }

    /**
     * Returns a recorder on the same clock for a run beside this one's (a hedged copy), whose
     * marks the same listener hears.
     */
    TimingsRecorder fork() {
        return new TimingsRecorder(time, request, events, root);
    }

    /**
     * Takes the phases of the attempt {@code other} recorded (a hedged copy that won), in place
     * of this one's own attempt's.
     */
    void takeAttemptOf(TimingsRecorder other) {
        dnsNanos = other.dnsNanos;
        connectNanos = other.connectNanos;
        tlsNanos = other.tlsNanos;
        setup = other.setup;
        setupSince = other.setupSince;
        writtenAt = other.writtenAt;
        firstByteAt = other.firstByteAt;
        lastByteAt = other.lastByteAt;
    }

    /** Returns the loop clock's reading: the moment to mark. */
    long now() {
        return time.nanoTime();
    }

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

    /** Marks the start of a wait for a slot, or, in an attempt, for a connection. */
    void queued(long now) {
        queuedSince = now;
        attemptEvents.queueStart(request);
    }

    /** Marks the end of a wait for a slot or a connection: it adds to the time queued. */
    void dequeued(long now) {
        queuedNanos += now - queuedSince;
        attemptEvents.queueEnd(request);
    }

    /**
     * Forgets the phases of a previous attempt: a new attempt, to {@code url}, describes its
     * own. Its listener is the one the request's {@code attemptStart} returns.
     */
    void newAttempt(String url) {
        dnsNanos = connectNanos = tlsNanos = 0;
        setup = Setup.NONE;
        writtenAt = firstByteAt = lastByteAt = 0;
        attempt = ++root.attempts;
        if (events != EventListener.NONE) {
            attemptEvents = events.attemptStart(request, attempt, UrlText.redact(url));
        }
    }

    /** Tells the attempt's listener that no connection could be made for it. */
    void connectFailed(ErrorKind kind, String detail) {
        attemptEvents.connectFailed(request, kind, detail);
    }

    /** Tells the attempt's listener that the attempt failed; the attempt is over. */
    void attemptFailed(ErrorKind kind, String detail) {
        attemptEvents.attemptFailed(request, attempt, kind, detail);
        attemptEvents = events;
    }

    /** Tells the attempt's listener that the attempt was cut short; it is over. */
    void attemptCancelled() {
        attemptEvents.attemptCancelled(request, attempt);
        attemptEvents = events;
    }

    /**
     * Tells the listener that the attempt this recorder marked last failed unprocessed and is
     * sent again on a fresh connection, for {@code reason}.
     */
    void replaying(String reason) {
        events.replay(request, attempt, reason);
    }

    /** Marks the start of {@code host}'s lookup. */
    void resolving(long now, String host) {
        enter(Setup.DNS, now);
        attemptEvents.dnsStart(request, host);
    }

    /** Marks the start of the TCP connect to {@code address}: the lookup is over. */
    void connecting(long now, InetSocketAddress address) {
        enter(Setup.CONNECT, now);
        attemptEvents.connectStart(request, address);
    }

    /** Marks the start of the TLS handshake: the connect is over. */
    void handshaking(long now) {
        enter(Setup.TLS, now);
        attemptEvents.tlsStart(request);
    }

    /** Ends the setup phase under way, if any, whether it succeeded, failed or was cut short. */
    void setupEnded(long now) {
        enter(Setup.NONE, now);
    }

    private void enter(Setup next, long now) {
        long spent = now - setupSince;
        switch (setup) {
            case DNS -> dnsNanos += spent;
            case CONNECT -> connectNanos += spent;
            case TLS -> tlsNanos += spent;
            case NONE -> {}
        }
        Setup ended = setup;
        setup = next;
        switch (ended) {
            case DNS -> attemptEvents.dnsEnd(request);
            case CONNECT -> attemptEvents.connectEnd(request);
            case TLS -> attemptEvents.tlsEnd(request);
            case NONE -> {}
        }
        setupSince = now;
    }

    /** Returns the lookup's time in this attempt so far. */
    long dnsNanos() {
        return dnsNanos;
    }

    /** Returns the TCP connect's time in this attempt so far. */
    long connectNanos() {
        return connectNanos;
    }

    /** Returns the TLS handshake's time in this attempt so far. */
    long tlsNanos() {
        return tlsNanos;
    }

    /** Marks the request being handed to the connection. */
    void written(long now) {
        writtenAt = now;
        attemptEvents.requestSent(request);
    }

    /** Returns true once the request was handed to a connection in this attempt. */
    boolean isWritten() {
        return writtenAt != 0;
    }

    /** Marks the first response byte, unless one already came in this attempt: a head of {@code status}. */
    void firstByte(long now, int status) {
        if (firstByteAt == 0) {
            firstByteAt = now;
        }
        if (status >= 200) { // an interim 1xx head is not the response's
            attemptEvents.responseHeaders(request, status);
        }
    }

    /** Returns true once a response byte arrived in this attempt. */
    boolean hasFirstByte() {
        return firstByteAt != 0;
    }

    /** Marks the last response byte, of a body of {@code bodyBytes}. */
    void lastByte(long now, long bodyBytes) {
        lastByteAt = now;
        attemptEvents.responseEnd(request, bodyBytes);
        attemptEvents = events; // the attempt is over
    }

    /** Tells the listener the attempt has its connection: over HTTP/2 or not, {@code reused} or new. */
    void acquired(boolean http2, boolean reused) {
        attemptEvents.connectionAcquired(request, http2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1, reused);
    }

    /**
     * Lets the listener add headers to the attempt's request, {@code headers}, about to be
     * written; each is checked as a request's own headers are.
     */
    void requestHeaders(RequestHead headers) {
        if (attemptEvents == EventListener.NONE) {
            return;
        }
        attemptEvents.requestHeaders(request, (name, value) -> {
            HttpSyntax.checkHeader(name, value);
            headers.add(name, value);
        });
    }

    /** Tells the listener a hedged copy of the request was written. */
    void hedged() {
        events.hedge(request);
    }

    /** Tells the listener the request will be sent again as {@code attempt}, after {@code delayNanos}. */
    void retrying(int attempt, long delayNanos, String reason) {
        events.retry(request, attempt, Duration.ofNanos(Math.max(delayNanos, 0)), reason);
    }

    /** Marks the end. */
    void done(long now) {
        doneAt = now;
    }

    /**
     * Returns the phases in nanoseconds, in the order of {@link Timings}' components (start,
     * queued, dns, connect, tls, waiting, receiving, total), none negative; {@code batchStart} is
     * the batch's start (the loop clock's reading).
     */
    long[] phaseNanos(long batchStart) {
        long entered = enteredAt != 0 ? enteredAt : doneAt;
        long ttfbEnd = firstByteAt != 0 ? firstByteAt : (writtenAt != 0 ? doneAt : 0);
        long[] phases = {
            entered - batchStart,
            queuedNanos,
            dnsNanos,
            connectNanos,
            tlsNanos,
            writtenAt != 0 ? ttfbEnd - writtenAt : 0,
            firstByteAt != 0 ? (lastByteAt != 0 ? lastByteAt : doneAt) - firstByteAt : 0,
            doneAt - entered
        };
        for (int i = 0; i < phases.length; i++) {
            phases[i] = Math.max(phases[i], 0);
        }
        return phases;
    }
}
