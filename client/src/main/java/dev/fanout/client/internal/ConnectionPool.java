package dev.fanout.client.internal;

import dev.fanout.loop.Cancellable;
import dev.fanout.loop.Loop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The connections with room for one more exchange, per {@link Route} (an origin, straight or
 * through one proxy), and the count of exchanges each
 * carries. {@link #acquire} hands out the most recently used one first (over HTTP/1.1, the
 * idle one least likely to have been closed by the server); one that has closed is never handed
 * out: its close takes it off at once ({@link #closed}), and {@link #acquire} checks again.
 *
 * <p>An HTTP/1.1 connection has room only while idle, so what the pool lists for it is its idle
 * connections; a connection with room for several (HTTP/2) stays listed while it carries
 * exchanges. At most {@code maxIdlePerHost} idle connections are kept per route; each stays
 * idle at most {@code idleTimeout}, enforced by one eviction timer that runs only while
 * something is idle; both on the loop's clock.
 *
 * <p>Loop-confined.
 *
 * @param <C> the connections it keeps
 */
final class ConnectionPool<C extends PooledConnection> {

    private final Loop loop;
    private final int maxIdlePerHost;
    private final long idleTimeoutNanos;
    private final Map<Route, Listed<C>> listed = new HashMap<>();
    private final ConnectionCounts counts;
    private volatile int idleCount; // written on the loop only; volatile for tests that read it from other threads
    private Cancellable evictionTimer;
    private boolean closed;

    ConnectionPool(Loop loop, int maxIdlePerHost, Duration idleTimeout) {
        this(loop, maxIdlePerHost, idleTimeout, new ConnectionCounts());
    }

    /** Creates a pool that also counts its idle connections, per origin, in {@code counts}. */
    ConnectionPool(Loop loop, int maxIdlePerHost, Duration idleTimeout, ConnectionCounts counts) {
        this.counts = counts;
        this.loop = loop;
        this.maxIdlePerHost = maxIdlePerHost;
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /**
     * Returns an open connection on {@code route} with room for one more exchange, counted as
     * carrying it, or null when there is none.
     */
    C acquire(Route route) {
        Listed<C> there = listed.get(route);
        if (there == null) {
            return null;
        }
        ArrayDeque<C> queue = there.queue;
        C found = null;
        while (found == null && !queue.isEmpty()) {
            C c = queue.peekFirst();
            if (!c.isOpen()) {
                unlist(there, c);
                c.close(ConnectionLog.CloseReason.SERVER);
            } else if (!c.hasRoom()) {
                unlist(there, c); // an HTTP/2 connection the server is going away from: it closes once its streams end
            } else {
                found = c;
            }
        }
        if (found != null) {
            if (found.isIdle()) {
                idle(there, found, -1);
            }
            found.inUse++;
            if (!found.hasRoom()) {
                unlist(there, found);
            }
        }
        if (found == null) {
            // None to take: forget the route. One was taken: keep its (now maybe empty) list, which
            // that connection goes back to in a moment, or drop() forgets if it does not. A route
            // forgotten and listed again on every exchange cost a list and a map entry each.
            listed.remove(route);
        }
        return found;
    }

    /**
     * Counts a new connection, made for an exchange, as carrying it; it is listed when it has
     * room for more.
     */
    void adopt(C connection) {
        connection.inUse++;
        if (connection.hasRoom() && !closed) {
            list(connection);
        }
    }

    /**
     * Takes {@code connection} back from an exchange that ended: when {@code reusable} it is
     * listed again (once idle, only while fewer than {@code maxIdlePerHost} idle ones wait),
     * else it is closed.
     */
    void release(C connection, boolean reusable) {
        if (!reusable || closed || !connection.isOpen()) {
            drop(connection, closed ? ConnectionLog.CloseReason.CLIENT_CLOSE : ConnectionLog.CloseReason.NOT_REUSABLE);
            return;
        }
        if (connection.inUse > 1) {
            connection.inUse--;
            if (!connection.listed && connection.hasRoom()) {
                list(connection); // it has room again
            }
            return;
        }
        if (connection.capacity() == 0) {
            drop(connection, ConnectionLog.CloseReason.GOAWAY); // its last exchange ended
            return;
        }
        Listed<C> there = listed.get(connection.route());
        // Counted while it still carries the exchange: a listed one (with room for several) is
        // not among the idle ones yet.
        if (there != null && there.idle >= maxIdlePerHost) {
            drop(connection, ConnectionLog.CloseReason.POOL_FULL);
            return;
        }
        connection.inUse--;
        connection.idleSince = loop.nanoTime();
        if (connection.listed) {
            there.queue.remove(connection); // most recently used first
            there.queue.addFirst(connection);
        } else {
            there = list(connection);
        }
        idle(there, connection, 1);
        if (evictionTimer == null) {
            scheduleEviction(idleTimeoutNanos);
        }
    }

    /**
     * Takes {@code connection} back from an exchange that failed on it, and closes it for
     * {@code reason}: what it was in the middle of cannot be undone.
     */
    void discard(C connection, ConnectionLog.CloseReason reason) {
        drop(connection, reason);
    }

    /** Forgets a connection that closed. */
    void closed(C connection) {
        if (connection.listed) {
            unlistIfListed(connection);
        }
    }

    /** Returns how many connections are idle. */
    int idleCount() {
        return idleCount;
    }

    /** Returns how many connections the pool lists for {@code route} (with room, idle or not). */
    int listedCount(Route route) {
        Listed<C> there = listed.get(route);
        return there == null ? 0 : there.queue.size();
    }

    /**
     * Returns how many routes the pool keeps a list for: those with a listed connection, and those
     * whose last listed one is out carrying an exchange.
     */
    int routesKept() {
        return listed.size();
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
     * Called after {@link #close()}. Connections that still carry exchanges close as those end.
     */
    boolean closeSome(TaskBudget budget) {
        for (Iterator<Listed<C>> queues = listed.values().iterator(); queues.hasNext(); ) {
            Listed<C> there = queues.next();
            ArrayDeque<C> queue = there.queue;
            for (C c; budget.hasRoom() && (c = queue.pollLast()) != null; ) {
                budget.spend();
                c.listed = false;
                if (c.isIdle()) {
                    idle(there, c, -1);
                    c.close(ConnectionLog.CloseReason.CLIENT_CLOSE);
                }
            }
            if (!queue.isEmpty()) {
                return false;
            }
            queues.remove();
        }
        return true;
    }

    private Listed<C> list(C connection) {
        connection.listed = true;
        Listed<C> there = listed.computeIfAbsent(connection.route(), r -> new Listed<>());
        there.queue.addFirst(connection);
        return there;
    }

    private void unlist(Listed<C> there, C connection) {
        there.queue.remove(connection);
        connection.listed = false;
        if (connection.isIdle()) {
            idle(there, connection, -1);
        }
    }

    /**
     * Takes {@code connection} back from an exchange and closes it for {@code reason}. It is
     * unlisted first, while it still counts that exchange: a listed connection that carried it
     * was never counted idle, so unlisting it must not uncount it.
     */
    private void drop(C connection, ConnectionLog.CloseReason reason) {
        unlistIfListed(connection);
        connection.inUse--;
        connection.close(reason);
    }

    /**
     * Unlists {@code connection} if listed, and forgets its route's list once empty: also the
     * list {@link #acquire} kept for this connection's return, when it is not coming back.
     */
    private void unlistIfListed(C connection) {
        Listed<C> there = listed.get(connection.route());
        if (connection.listed) {
            unlist(there, connection);
        }
        if (there != null && there.queue.isEmpty()) {
            listed.remove(connection.route());
        }
    }

    /**
     * Counts {@code connection}, listed in {@code there}, idle ({@code delta} 1) or no longer
     * idle (-1): in all, for its route, and per origin.
     */
    private void idle(Listed<C> there, C connection, int delta) {
        idleCount += delta;
        there.idle += delta;
        counts.idle(connection.origin(), delta);
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
        for (Iterator<Listed<C>> queues = listed.values().iterator(); queues.hasNext(); ) {
            Listed<C> there = queues.next();
            ArrayDeque<C> queue = there.queue;
            // Least recently used at the tail: close from there while expired.
            for (Iterator<C> it = queue.descendingIterator(); it.hasNext(); ) {
                C c = it.next();
                if (!c.isIdle()) {
                    continue;
                }
                long due = c.idleSince + idleTimeoutNanos;
                if (due - now > 0) {
                    nextDue = Math.min(nextDue, due);
                    break;
                }
                if (!budget.hasRoom()) {
                    nextDue = now; // more expired than one task closes: go on in the next
                    break;
                }
                budget.spend();
                it.remove();
                c.listed = false;
                idle(there, c, -1);
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

    /**
     * One route's listed connections, most recently used first, and how many of them are idle:
     * counted as they change, since a count by walking the list on every release made a batch
     * of N fresh connections to one origin cost N² steps.
     */
    private static final class Listed<C> {
        final ArrayDeque<C> queue = new ArrayDeque<>();
        int idle;
    }
}
