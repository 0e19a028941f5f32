package dev.fanout.client.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Admission: decides when each request may start. At most {@code maxInFlight} requests hold a
 * slot at once, at most {@code maxPerHost} per origin; the rest wait in their origin's FIFO
 * queue. Origins with waiting requests and a free per-host slot stand in a ring, served one
 * request at a time in turn, so one slow or busy host cannot starve the others. At most
 * {@code maxQueued} requests wait in all; beyond that {@link #offer} answers {@link Offer#FULL}
 * at once, so a given input is accepted or refused deterministically.
 *
 * <pre>
 *   offer ─► free slot? ──yes──► START
 *              │ no
 *              ▼
 *   origin FIFO queue ─► ready ring (round-robin) ─► next() once a slot frees (release)
 * </pre>
 *
 * <p>It only decides: it starts nothing and calls nothing on what it admits, so it cannot be
 * re-entered. Its owner starts what {@link #offer} and {@link #next} grant. Loop-confined.
 *
 * @param <T> what is admitted
 */
final class Dispatcher<T extends Admittable> {

    /** The answer to an {@link #offer}. */
    enum Offer {
        /** A slot is taken for it: start it now. */
        START,
        /** It waits in its origin's queue; {@link #next} hands it out when its turn comes. */
        QUEUED,
        /** Refused: {@code maxQueued} requests already wait. */
        FULL,
        /** Refused: the dispatcher is closed. */
        CLOSED
    }

    private final int maxInFlight;
    private final ToIntFunction<Origin> maxPerHost;
    private Pacer pacer = origin -> 0;
    private final ArrayDeque<Host<T>> held = new ArrayDeque<>();
    private long shortestHold = Long.MAX_VALUE;
    private final int maxQueued;
    private final Map<Origin, Host<T>> hosts = new HashMap<>();
    private final ArrayDeque<Host<T>> ready = new ArrayDeque<>();
    private int inFlight;
    private int queued;
    private boolean closed;

    Dispatcher(int maxInFlight, int maxPerHost, int maxQueued) {
        this(maxInFlight, origin -> maxPerHost, maxQueued);
    }

    /**
     * Creates a dispatcher whose per-host limit is {@code maxPerHost}'s answer for each origin,
     * asked when the origin is first seen and again at {@link #limitChanged}.
     */
    Dispatcher(int maxInFlight, ToIntFunction<Origin> maxPerHost, int maxQueued) {
        this.maxInFlight = maxInFlight;
        this.maxPerHost = maxPerHost;
        this.maxQueued = maxQueued;
    }

    /**
     * Asks the per-host limit of {@code origin} again (over HTTP/2 its requests share
     * connections, and the limit is on connections, not here); waiting requests it now lets
     * start come from {@link #next}.
     */
    void limitChanged(Origin origin) {
        Host<T> h = hosts.get(origin);
        if (h != null) {
            h.limit = maxPerHost.applyAsInt(origin);
            markReady(h);
        }
    }

    /**
     * What paces the starts to an origin (its rate limit): {@link #take} answers 0 and counts a
     * start when one may start now, else how long until one may.
     */
    interface Pacer {
        long take(Origin origin);
    }

    /** Sets the pacer asked before each start (by default, none holds any origin). */
    void pacer(Pacer pacer) {
        this.pacer = pacer;
    }

    /**
     * Returns how long until the soonest origin held by its pace may start again (as its pacer
     * said when it held it), or -1 when none is held: the owner calls {@link #unhold} then.
     */
    long shortestHold() {
        return held.isEmpty() ? -1 : shortestHold;
    }

    /** Puts the origins held by their pace back in turn; {@link #next} asks their pacer again. */
    void unhold() {
        shortestHold = Long.MAX_VALUE;
        for (Host<T> h; (h = held.poll()) != null; ) {
            h.held = false;
            markReady(h);
            dropIfUnused(h);
        }
    }

    /** Returns the most requests that may wait; the words a {@link Offer#FULL} is reported with use it. */
    int maxQueued() {
        return maxQueued;
    }

    /** Grants nothing from now on: what waits stays put (to be cancelled), and offers are refused. */
    void close() {
        closed = true;
    }

    /**
     * Takes a slot for {@code request} when the limits allow and nothing waits before it to its
     * origin, else queues it, or refuses it.
     */
    Offer offer(T request) {
        if (closed) {
            return Offer.CLOSED;
        }
        Host<T> h = hosts.computeIfAbsent(request.origin(), o -> new Host<>(o, maxPerHost.applyAsInt(o)));
        while (!h.waiting.isEmpty() && h.waiting.peek().isDone()) {
            h.waiting.poll(); // ended while queued: already forgotten
        }
        if (h.waiting.isEmpty() && !h.held && h.active < h.limit && inFlight < maxInFlight) {
            long wait = pacer.take(h.origin);
            if (wait == 0) {
                h.active++;
                inFlight++;
                return Offer.START;
            }
            hold(h, wait);
        }
        if (queued >= maxQueued) {
            dropIfUnused(h);
            return Offer.FULL;
        }
        queued++;
        h.waiting.add(request);
        markReady(h);
        return Offer.QUEUED;
    }

    /**
     * Returns the next waiting request that may start now, its slot taken, or null when none
     * may: the origins with a free slot are served in turn, each in FIFO order.
     */
    T next() {
        while (!closed && inFlight < maxInFlight && !ready.isEmpty()) {
            Host<T> h = ready.poll();
            h.inReady = false;
            if (h.active >= h.limit || h.held) {
                // It took its last slot in offer() while in the ring (its waiting ones had all
                // ended), or its pace holds it; release() or unhold() puts it back in turn.
                continue;
            }
            while (!h.waiting.isEmpty() && h.waiting.peek().isDone()) {
                h.waiting.poll(); // ended while queued: already forgotten
            }
            if (h.waiting.isEmpty()) {
                dropIfUnused(h);
                continue;
            }
            long wait = pacer.take(h.origin);
            if (wait != 0) {
                hold(h, wait);
                continue;
            }
            T request = h.waiting.poll();
            queued--;
            h.active++;
            inFlight++;
            markReady(h);
            return request;
        }
        return null;
    }

    /** Frees the slot a request to {@code origin} held. */
    void release(Origin origin) {
        Host<T> h = hosts.get(origin);
        h.active--;
        inFlight--;
        markReady(h);
        dropIfUnused(h);
    }

    /** Forgets a queued request that ended while waiting (it stays in its queue, skipped when reached). */
    void forget() {
        queued--;
    }

    /** Returns how many requests to {@code origin} hold a slot. */
    int active(Origin origin) {
        Host<T> h = hosts.get(origin);
        return h == null ? 0 : h.active;
    }

    /** Returns how many requests hold a slot. */
    int inFlight() {
        return inFlight;
    }

    /** Returns how many requests wait for a slot. */
    int queued() {
        return queued;
    }

    /** Returns how many origins the dispatcher keeps state for (none once all is done). */
    int origins() {
        return hosts.size();
    }

    private void hold(Host<T> h, long wait) {
        h.held = true;
        held.add(h);
        shortestHold = Math.min(shortestHold, wait);
    }

    private void markReady(Host<T> h) {
        if (!h.inReady && !h.held && h.active < h.limit && !h.waiting.isEmpty()) {
            h.inReady = true;
            ready.add(h);
        }
    }

    private void dropIfUnused(Host<T> h) {
        if (h.active == 0 && h.waiting.isEmpty() && !h.inReady && !h.held) {
            hosts.remove(h.origin);
        }
    }

    /** One origin's admission state. */
    private static final class Host<T> {
        final Origin origin;
        final ArrayDeque<T> waiting = new ArrayDeque<>();
        int limit;
        int active;
        boolean inReady;
        boolean held;

        Host(Origin origin, int limit) {
            this.origin = origin;
            this.limit = limit;
        }
    }
}
