package dev.fanout.client.internal;

import dev.fanout.client.OriginStats;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * How many connections the client holds open, and how many of those are idle, in all and per
 * origin: for gauges and diagnostics, read from any thread without waiting for the loop.
 *
 * <p>The loop is the only writer, so each count is a volatile field that the loop adds to without
 * a lock, and the per-origin entries sit in a {@link ConcurrentHashMap} that only the loop puts
 * into or removes from (readers never lock it). An origin is listed while it has an open
 * connection (being set up, busy or idle); the counts are each current, though not taken at one
 * instant together.
 */
public final class ConnectionCounts {

    private final ConcurrentHashMap<Origin, Counts> byOrigin = new ConcurrentHashMap<>();
    private volatile int open;
    private volatile int idle;
    // What runs once no connection is open (the client's close), and the bound on that wait.
    private Runnable whenNoneOpen;
    private Future<?> noneOpenBound;

    /** The counts of one origin; written on the loop only. */
    private static final class Counts {
        volatile int open;
        volatile int idle;
    }

    /** A connection to {@code origin} was opened (its setup starts). On the loop. */
    void opened(Origin origin) {
        open++;
        Counts c = byOrigin.get(origin);
        if (c == null) {
            c = new Counts();
            byOrigin.put(origin, c);
        }
        c.open++;
    }

    /** A connection to {@code origin} closed. On the loop. */
    void closed(Origin origin) {
        open--;
        Counts c = byOrigin.get(origin);
        if (c != null) {
            c.open--;
            forgetIfEmpty(origin, c);
        }
        if (open <= 0) {
            noneOpen();
        }
    }

    /**
     * Runs {@code then} on the loop once no connection is open: at once if none is, else when
     * the last one's close completes, or after {@code boundMillis} of real time on {@code loop}
     * if one never does. A close can complete after the call that asked for it (on io_uring when
     * the kernel reports it; over TLS once its close_notify is written), and a loop that ends
     * first leaves such a socket open. On the loop; once.
     */
    void whenNoneOpen(EventExecutor loop, long boundMillis, Runnable then) {
        whenNoneOpen = then;
        if (open > 0) {
            try {
                noneOpenBound = loop.schedule(this::noneOpen, boundMillis, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException loopEnding) {
                // the loop is ending: it closes what is left; do not wait for it
            }
        }
        noneOpen();
    }

    private void noneOpen() {
        Runnable then = whenNoneOpen;
        if (then == null) {
            return;
        }
        whenNoneOpen = null;
        if (noneOpenBound != null) {
            noneOpenBound.cancel(false);
            noneOpenBound = null;
        }
        then.run();
    }

    /**
     * A connection to {@code origin} became idle ({@code delta} 1) or stopped being idle ({@code
     * delta} -1: taken for an exchange, or closed while idle). On the loop.
     */
    void idle(Origin origin, int delta) {
        idle += delta;
        Counts c = byOrigin.get(origin);
        if (c != null) {
            c.idle += delta;
            forgetIfEmpty(origin, c);
        }
    }

    /*
     * A connection's close may be heard before the pool stops counting it idle: the entry stays
     * until both counts are back to zero.
     */
    private void forgetIfEmpty(Origin origin, Counts c) {
        if (c.open <= 0 && c.idle <= 0) {
            byOrigin.remove(origin);
        }
    }

    /** Returns how many connections are open (being set up, busy or idle); from any thread. */
    public int open() {
        return open;
    }

    /** Returns how many open connections are idle in the pool; from any thread. */
    public int idle() {
        return idle;
    }

    /**
     * Returns the connections to {@code target}'s origin, open and idle, as {@link OriginStats};
     * zeros when it has none. From any thread.
     */
    public OriginStats stats(Target target) {
        Origin origin = target.origin();
        Counts c = byOrigin.get(origin);
        return c == null ? new OriginStats(origin.toString(), 0, 0) : stats(origin, c);
    }

    /** Returns the stats of every origin with an open connection; from any thread. */
    public List<OriginStats> origins() {
        List<OriginStats> out = new ArrayList<>(byOrigin.size());
        byOrigin.forEach((origin, c) -> {
            OriginStats s = stats(origin, c);
            if (s.openConnections() > 0) {
                out.add(s);
            }
        });
        return out;
    }

    private static OriginStats stats(Origin origin, Counts c) {
        int open = Math.max(0, c.open);
        return new OriginStats(origin.toString(), open, Math.max(0, Math.min(open, c.idle)));
    }
}
