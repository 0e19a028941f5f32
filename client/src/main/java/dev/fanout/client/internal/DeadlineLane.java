package dev.fanout.client.internal;

import dev.fanout.loop.Cancellable;
import dev.fanout.loop.Loop;
import java.time.Duration;

/**
 * Timers that all wait the same delay, so that they fire in the order they started: a lane
 * keeps them in a list, the first to fire at its head, and holds one loop timer, for the head.
 * Starting and cancelling one is O(1) and makes no object: the timer is the owner itself, an
 * {@link Entry}. A request's timeout is such a timer. Given to the loop one by one, a batch of
 * 10,000 calls put 10,000 tasks into Netty's scheduled-task heap, each O(log n) to add and to
 * remove, and four objects each: the task, the loop's timing wrapper, the handle and the
 * method reference (bench/README.md, "Where the loop thread's time goes").
 *
 * <pre>
 *   head ─► entry ─► entry ─► … ─► tail      (started in this order: each one's delay ends
 *     ▲                                       no earlier than the one before it)
 *     └── the lane's one loop timer, due when the head's delay ends
 * </pre>
 *
 * <p>When the loop timer fires, every entry whose delay has ended is taken off and told, each
 * as a task of the loop's ({@link Loop#runNow}: one that throws is logged, the rest are still
 * told), then the timer is set again for the new head. Cancelling the head does not move the
 * timer: it fires early once and is set again, which costs less than moving it on every
 * cancel. A lane left empty cancels its timer.
 *
 * <p>Loop-confined: every method runs on the loop thread of the lane's loop.
 */
final class DeadlineLane {

    /** A timer in a lane: what the owner extends. Pending from {@link #start} until it fires or is cancelled. */
    abstract static class Entry {
        private DeadlineLane lane;
        private Entry previous;
        private Entry next;
        private long startedAt;

        /** Called on the loop thread once the lane's delay has passed since the entry started. */
        abstract void expired();

        /** Returns true while the entry waits in a lane. */
        final boolean isPending() {
            return lane != null;
        }
    }

    private final Loop loop;
    private final String label;
    private final long delayNanos;
    private final Runnable onTimer = this::fire; // one for the lane's whole life
    private Entry head;
    private Entry tail;
    private int size;
    private Cancellable timer;
    private boolean firing;

    /** Creates a lane of {@code delayNanos} (at least 0) on {@code loop}; its timer is named {@code label} in slow-task warnings. */
    DeadlineLane(Loop loop, String label, long delayNanos) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delayNanos: " + delayNanos + " (expected: >= 0)");
        }
        this.loop = loop;
        this.label = label;
        this.delayNanos = delayNanos;
    }

    /** Returns the delay every entry of the lane waits. */
    long delayNanos() {
        return delayNanos;
    }

    /** Returns how many entries wait. */
    int size() {
        return size;
    }

    /**
     * Starts {@code entry}: it fires once the lane's delay has passed on the loop's clock.
     *
     * @throws IllegalStateException if it is already pending
     */
    void start(Entry entry) {
        if (entry.lane != null) {
            throw new IllegalStateException("the entry is pending already");
        }
        entry.lane = this;
        entry.startedAt = loop.nanoTime();
        entry.previous = tail;
        entry.next = null;
        if (tail == null) {
            head = entry;
        } else {
            tail.next = entry;
        }
        tail = entry;
        size++;
        if (timer == null && !firing) {
            timer = loop.schedule(label, onTimer, Duration.ofNanos(delayNanos));
        }
    }

    /** Cancels {@code entry} if it waits in this lane; returns true if it did. */
    boolean cancel(Entry entry) {
        if (entry.lane != this) {
            return false;
        }
        unlink(entry);
        if (head == null && timer != null) {
            timer.cancel();
            timer = null;
        }
        return true;
    }

    private void fire() {
        timer = null;
        firing = true;
        try {
            long now = loop.nanoTime();
            while (head != null && now - head.startedAt >= delayNanos) {
                Entry due = head;
                unlink(due);
                loop.runNow(label, due::expired);
            }
        } finally {
            firing = false;
            if (head != null) {
                long waited = loop.nanoTime() - head.startedAt;
                timer = loop.schedule(label, onTimer, Duration.ofNanos(Math.max(0, delayNanos - waited)));
            }
        }
    }

    private void unlink(Entry entry) {
        if (entry.previous == null) {
            head = entry.next;
        } else {
            entry.previous.next = entry.next;
        }
        if (entry.next == null) {
            tail = entry.previous;
        } else {
            entry.next.previous = entry.previous;
        }
        entry.previous = null;
        entry.next = null;
        entry.lane = null;
        size--;
    }
}
