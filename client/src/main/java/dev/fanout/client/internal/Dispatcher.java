package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Admission: decides when each exchange may start. At most {@code maxInFlight} exchanges hold a
 * slot at once, at most {@code maxPerHost} per origin; the rest wait in their origin's FIFO
 * queue. Origins with waiting exchanges and a free per-host slot stand in a ring, served one
 * exchange at a time in turn, so one slow or busy host cannot starve the others. At most
 * {@code maxQueued} exchanges wait in all; beyond that an exchange ends {@code REJECTED} at
 * once, so a given input is accepted or refused deterministically.
 *
 * <pre>
 *   submit ─► free slot? ──yes──► start
 *                │ no
 *                ▼
 *   origin FIFO queue ─► ready ring (round-robin) ─► start when a slot frees (release)
 * </pre>
 *
 * <p>Loop-confined. Reentrant: an exchange that ends while being started (a DNS failure, say)
 * releases its slot inside {@link #promote()}, which then simply goes round again.
 */
final class Dispatcher {

    private final int maxInFlight;
    private final int maxPerHost;
    private final int maxQueued;
    private final Map<Origin, Host> hosts = new HashMap<>();
    private final ArrayDeque<Host> ready = new ArrayDeque<>();
    private int inFlight;
    private int queued;
    private boolean promoting;
    private boolean again;
    private boolean closed;

    Dispatcher(int maxInFlight, int maxPerHost, int maxQueued) {
        this.maxInFlight = maxInFlight;
        this.maxPerHost = maxPerHost;
        this.maxQueued = maxQueued;
    }

    /** Stops starting exchanges: what waits stays put (to be cancelled), and new ones are rejected. */
    void close() {
        closed = true;
    }

    /** Starts {@code e} now if the limits allow and nobody waits before it, else queues it (or rejects it). */
    void submit(Exchange e) {
        if (closed) {
            e.reject(ErrorKind.REJECTED, "client closed");
            return;
        }
        Host h = hosts.computeIfAbsent(e.origin(), Host::new);
        while (!h.waiting.isEmpty() && h.waiting.peek().isDone()) {
            h.waiting.poll(); // ended while queued: already forgotten
        }
        if (h.waiting.isEmpty() && h.active < maxPerHost && inFlight < maxInFlight) {
            h.active++;
            inFlight++;
            e.start();
            return;
        }
        if (queued >= maxQueued) {
            dropIfUnused(h);
            e.reject(ErrorKind.REJECTED, "queue full: " + maxQueued + " requests already wait for a slot (maxQueued)");
            return;
        }
        queued++;
        h.waiting.add(e);
        e.queued();
        markReady(h);
        if (inFlight < maxInFlight) {
            promote();
        }
    }

    /** Frees the slot an exchange to {@code origin} held, and starts whoever may start now. */
    void release(Origin origin) {
        Host h = hosts.get(origin);
        h.active--;
        inFlight--;
        markReady(h);
        promote();
        dropIfUnused(h);
    }

    /** Forgets a queued exchange that ended while waiting (it stays in its queue, skipped when reached). */
    void forget(Exchange e) {
        queued--;
    }

    int inFlight() {
        return inFlight;
    }

    int queued() {
        return queued;
    }

    private void promote() {
        if (closed) {
            return;
        }
        if (promoting) {
            again = true;
            return;
        }
        promoting = true;
        try {
            do {
                again = false;
                while (inFlight < maxInFlight && !ready.isEmpty() && !closed) {
                    Host h = ready.poll();
                    h.inReady = false;
                    Exchange e;
                    do {
                        e = h.waiting.poll();
                    } while (e != null && e.isDone());
                    if (e == null) {
                        dropIfUnused(h);
                        continue;
                    }
                    queued--;
                    h.active++;
                    inFlight++;
                    markReady(h);
                    e.start();
                }
            } while (again);
        } finally {
            promoting = false;
        }
    }

    private void markReady(Host h) {
        if (!h.inReady && h.active < maxPerHost && !h.waiting.isEmpty()) {
            h.inReady = true;
            ready.add(h);
        }
    }

    private void dropIfUnused(Host h) {
        if (h.active == 0 && h.waiting.isEmpty() && !h.inReady) {
            hosts.remove(h.origin);
        }
    }

    /** One origin's admission state. */
    private static final class Host {
        final Origin origin;
        final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
        int active;
        boolean inReady;

        Host(Origin origin) {
            this.origin = origin;
        }
    }
}
