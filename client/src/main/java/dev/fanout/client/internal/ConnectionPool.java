package dev.fanout.client.internal;

import dev.fanout.loop.Cancellable;
import dev.fanout.loop.Loop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Idle keep-alive connections, per origin. The most recently used connection is handed out
 * first (it is the least likely to have been closed by the server); one that has closed is
 * never handed out: its close removes it at once, and {@link #acquire} checks again. At most
 * {@code maxIdlePerHost} wait per origin; each waits at most {@code idleTimeout}, enforced by
 * one eviction timer that runs only while something is idle; both on the loop's clock.
 * Loop-confined.
 */
final class ConnectionPool {

    private final Loop loop;
    private final int maxIdlePerHost;
    private final long idleTimeoutNanos;
    private final Map<Origin, ArrayDeque<Connection>> idle = new HashMap<>();
    private volatile int idleCount; // written on the loop only; volatile for diagnostics from other threads
    private Cancellable evictionTimer;
    private boolean closed;

    ConnectionPool(Loop loop, int maxIdlePerHost, Duration idleTimeout) {
        this.loop = loop;
        this.maxIdlePerHost = maxIdlePerHost;
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /** Returns an open idle connection to {@code origin}, or null when there is none. */
    Connection acquire(Origin origin) {
        ArrayDeque<Connection> queue = idle.get(origin);
        if (queue == null) {
            return null;
        }
        Connection found = null;
        for (Connection c; found == null && (c = queue.pollFirst()) != null; ) {
            idleCount--;
            c.pooled(false, 0);
            if (c.isActive()) {
                found = c;
            } else {
                c.close();
            }
        }
        if (queue.isEmpty()) {
            idle.remove(origin);
        }
        return found;
    }

    /**
     * Takes {@code connection} back after an exchange: keeps it idle when {@code reusable} and
     * there is room, else closes it.
     */
    void release(Connection connection, boolean reusable) {
        if (!reusable || closed || !connection.isActive()) {
            connection.close(closed ? ConnectionLog.CloseReason.CLIENT_CLOSE : ConnectionLog.CloseReason.NOT_REUSABLE);
            return;
        }
        ArrayDeque<Connection> queue = idle.computeIfAbsent(connection.origin(), o -> new ArrayDeque<>());
        if (queue.size() >= maxIdlePerHost) {
            connection.close(ConnectionLog.CloseReason.POOL_FULL);
            return;
        }
        connection.pooled(true, loop.nanoTime());
        queue.addFirst(connection);
        idleCount++;
        if (evictionTimer == null) {
            scheduleEviction(idleTimeoutNanos);
        }
    }

    /** Forgets an idle connection that closed. */
    void remove(Connection connection) {
        ArrayDeque<Connection> queue = idle.get(connection.origin());
        if (queue != null && queue.remove(connection)) {
            idleCount--;
            connection.pooled(false, 0);
            if (queue.isEmpty()) {
                idle.remove(connection.origin());
            }
        }
    }

    /** Returns how many connections are idle. */
    int idleCount() {
        return idleCount;
    }

    /**
     * Keeps no connection from now on; the idle ones are closed by {@link #closeSome}, a piece
     * at a time.
     */
    void close() {
        closed = true;
        if (evictionTimer != null) {
            evictionTimer.cancel();
            evictionTimer = null;
        }
    }

    /**
     * Closes idle connections while {@code budget} has room; returns true once none is left.
     * Called after {@link #close()}.
     */
    boolean closeSome(TaskBudget budget) {
        for (Iterator<ArrayDeque<Connection>> queues = idle.values().iterator(); queues.hasNext(); ) {
            ArrayDeque<Connection> queue = queues.next();
            for (Connection c; budget.hasRoom() && (c = queue.pollLast()) != null; ) {
                budget.spend();
                idleCount--;
                c.pooled(false, 0);
                c.close();
            }
            if (!queue.isEmpty()) {
                return false;
            }
            queues.remove();
        }
        return true;
    }

    private void scheduleEviction(long delayNanos) {
        evictionTimer = loop.schedule(
                "fanout: evict idle connections", this::evict, Duration.ofNanos(Math.max(delayNanos, 1_000_000)));
    }

    private void evict() {
        evictionTimer = null;
        if (closed) {
            return;
        }
        long now = loop.nanoTime();
        long nextDue = Long.MAX_VALUE;
        TaskBudget budget = new TaskBudget();
        for (Iterator<ArrayDeque<Connection>> queues = idle.values().iterator(); queues.hasNext(); ) {
            ArrayDeque<Connection> queue = queues.next();
            // Oldest at the tail: close from there while expired.
            for (Connection c; (c = queue.peekLast()) != null; ) {
                long due = c.idleSince() + idleTimeoutNanos;
                if (due - now > 0) {
                    nextDue = Math.min(nextDue, due);
                    break;
                }
                if (!budget.hasRoom()) {
                    nextDue = now; // more expired than one task closes: go on in the next
                    break;
                }
                budget.spend();
                queue.pollLast();
                idleCount--;
                c.pooled(false, 0);
                c.close(ConnectionLog.CloseReason.IDLE_TIMEOUT);
            }
            if (queue.isEmpty()) {
                queues.remove();
            }
        }
        if (idleCount > 0) {
            scheduleEviction(nextDue == Long.MAX_VALUE ? idleTimeoutNanos : nextDue - now);
        }
    }
}
