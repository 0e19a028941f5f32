package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.HttpVersion;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds each attempt a connection with room: a pooled one, a new one from the {@link Connector},
 * or, to an origin that speaks HTTP/2, a stream on a connection being set up or one that frees.
 *
 * <p>Over HTTP/1.1 every exchange needs a connection of its own, so an attempt that finds none
 * idle opens one. Over HTTP/2 a connection carries many: while the first connection to an origin
 * is being set up (its stream limit not known yet) the others wait for it rather than each
 * opening its own; once the limit is known, a new connection is opened only when the waiting
 * outnumber the streams the connections under way will bring, up to {@code maxConnectionsPerHost}
 * connections; past that they wait for a stream to end. Waiters are served in FIFO order per
 * origin; the time they wait counts as queued.
 *
 * <p>Which origins may speak HTTP/2 is {@link OriginProtocols}' to say: under
 * {@link HttpVersion#AUTO}, a first batch to an https origin that turns out to speak only
 * HTTP/1.1 waits for one TLS handshake before the others open their connections.
 *
 * <p>Loop-confined.
 */
final class ConnectionSource {

    private final ConnectionPool<HttpConnection> pool;
    private final OriginProtocols protocols;
    private final int maxConnectionsPerHost;
    private final Map<Route, Host> hosts = new HashMap<>();
    private Connector connector;
    private Consumer<Origin> multiplexing = o -> {};

    ConnectionSource(ConnectionPool<HttpConnection> pool, HttpVersion version, int maxConnectionsPerHost) {
        this.pool = pool;
        this.protocols = new OriginProtocols(version);
        this.maxConnectionsPerHost = maxConnectionsPerHost;
    }

    /** Sets the connector new connections come from (it reports their close here, so it comes after). */
    void connector(Connector connector) {
        this.connector = connector;
    }

    /** Sets what is told when an origin is found to speak HTTP/2: its requests no longer need a connection each. */
    void whenMultiplexing(Consumer<Origin> listener) {
        this.multiplexing = listener;
    }

    /** Returns true when requests to {@code origin} share connections (it speaks HTTP/2, or must). */
    boolean multiplexed(Origin origin) {
        return protocols.multiplexed(origin);
    }

    /** What an attempt is told: the connection it may use, or why there is none. */
    interface Callback extends Connector.Callback {

        /** A connection with room, counted as carrying the attempt's exchange, that it did not open. */
        void shared(HttpConnection connection);
    }

    /** An attempt's wait for a connection; {@link #abort()} ends it and no callback comes. */
    interface Pending {
        void abort();

        /** Returns what it waits for, in the words of a timeout. */
        String phase();
    }

    /**
     * Finds {@code callback} a connection on {@code route} with room: a pooled one at once
     * (unless {@code fresh}: a replay must not meet the same stale connection), else one that
     * comes. Returns null when it was answered at once, else what to abort. What an origin
     * speaks is learnt per origin, whatever the route: a tunnel carries what the server speaks.
     */
    Pending acquire(Route route, boolean fresh, Callback callback) {
        if (!fresh) {
            HttpConnection c = pool.acquire(route);
            if (c != null) {
                callback.shared(c);
                return null;
            }
        }
        if (!protocols.mayMultiplex(route.origin())) {
            return opening(connector.connect(route, new Opener(null, callback)));
        }
        Host h = hosts.computeIfAbsent(route, Host::new);
        if (h.roomComing() > h.waiting || h.open + h.connecting >= maxConnectionsPerHost && h.open + h.connecting > 0) {
            Waiter w = new Waiter(h, callback);
            h.waiters.add(w);
            h.waiting++;
            callback.timings().queued(callback.timings().now());
            return w;
        }
        return open(h, callback);
    }

    /** Gives back {@code c} after an exchange that ended well: see {@link ConnectionPool#release}. */
    void release(HttpConnection c, boolean reusable) {
        pool.release(c, reusable);
        served(c);
    }

    /** Gives back {@code c} after an exchange that failed on it, and closes it: see {@link ConnectionPool#discard}. */
    void discard(HttpConnection c, ConnectionLog.CloseReason reason) {
        pool.discard(c, reason);
        served(c);
    }

    /** Forgets a connection that closed. */
    void closed(HttpConnection c) {
        pool.closed(c);
        Host h = hosts.get(c.route());
        if (h != null && c instanceof Http2Connection h2 && h2.ready()) {
            h.open--;
            serve(h);
        }
    }

    private void served(HttpConnection c) {
        if (c instanceof Http2Connection) {
            Host h = hosts.get(c.route());
            if (h != null) {
                serve(h);
            }
        }
    }

    private Pending open(Host h, Callback callback) {
        h.connecting++;
        Opener opener = new Opener(h, callback);
        PendingConnect pending = connector.connect(h.route, opener);
        return new Pending() {
            @Override
            public void abort() {
                pending.abort();
                if (!opener.done) {
                    // No callback comes now, so the connection the others wait for is not coming:
                    // count it gone, and let them open one of their own.
                    opener.done = true;
                    h.connecting--;
                    serve(h);
                }
            }

            @Override
            public String phase() {
                return "while connecting";
            }
        };
    }

    private static Pending opening(PendingConnect pending) {
        return new Pending() {
            @Override
            public void abort() {
                pending.abort();
            }

            @Override
            public String phase() {
                return "while connecting";
            }
        };
    }

    /**
     * Hands the waiters of {@code h} the streams a later SETTINGS added to {@code c}: the pool
     * stopped listing it when it was full, and lists it again only when one of its exchanges ends.
     */
    private void moreRoom(Host h, HttpConnection c) {
        if (h.serving || hosts.get(h.route) != h) {
            return;
        }
        if (!c.listed && c.hasRoom() && h.waiting > 0) {
            Waiter w = take(h);
            if (w != null) {
                pool.adopt(c); // counts the waiter's exchange, and lists it while it has room for more
                w.callback.shared(c);
            }
        }
        serve(h);
    }

    /** Hands connections with room to the waiters of {@code h}, and opens more when they need them. */
    private void serve(Host h) {
        if (h.serving) {
            return; // a callback below ended an exchange: the loop under way sees what it freed
        }
        h.serving = true;
        try {
            serveWaiters(h);
        } finally {
            h.serving = false;
        }
        forgetIfUnused(h);
    }

    private void serveWaiters(Host h) {
        while (h.waiting > 0) {
            Waiter w = h.waiters.peek();
            if (w.aborted) {
                h.waiters.poll();
                continue;
            }
            HttpConnection c = pool.acquire(h.route);
            if (c == null) {
                break;
            }
            take(h).callback.shared(c);
        }
        while (h.waiting > h.roomComing() && h.open + h.connecting < maxConnectionsPerHost) {
            Waiter w = take(h);
            if (w == null) {
                break;
            }
            w.opener = open(h, w.callback);
        }
    }

    /** Takes the first waiter of {@code h} that was not aborted, its wait over. */
    private Waiter take(Host h) {
        for (Waiter w; (w = h.waiters.poll()) != null; ) {
            if (!w.aborted) {
                w.taken = true;
                h.waiting--;
                w.callback.timings().dequeued(w.callback.timings().now());
                return w;
            }
        }
        return null;
    }

    private void forgetIfUnused(Host h) {
        if (h.waiting == 0 && h.connecting == 0 && h.open == 0) {
            hosts.remove(h.route);
        }
    }

    /** The connections under way and open on one route to an origin that may speak HTTP/2, and who waits for them. */
    private static final class Host {
        final Route route;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        int waiting;
        int connecting;
        int open;
        int maxStreams; // the last HTTP/2 connection's limit; 0 until one is known
        boolean serving;

        Host(Route route) {
            this.route = route;
        }

        /**
         * Returns how many waiters the connections under way will take: while no limit is known,
         * as many as wait (they wait for the first); each brings its limit less its opener's stream.
         */
        int roomComing() {
            if (connecting == 0) {
                return 0;
            }
            return maxStreams == 0 ? Integer.MAX_VALUE : connecting * (maxStreams - 1);
        }
    }

    /** An attempt waiting for a connection with room to an origin that may speak HTTP/2. */
    private final class Waiter implements Pending {
        final Host host;
        final Callback callback;
        boolean aborted;
        boolean taken; // its wait is over
        Pending opener; // once it opens a connection itself

        Waiter(Host host, Callback callback) {
            this.host = host;
            this.callback = callback;
        }

        @Override
        public void abort() {
            if (opener != null) {
                opener.abort();
                return;
            }
            if (!aborted && !taken) {
                aborted = true;
                host.waiting--;
                callback.timings().dequeued(callback.timings().now());
                forgetIfUnused(host);
            }
        }

        @Override
        public String phase() {
            if (opener != null) {
                return opener.phase();
            }
            return host.open > 0 ? "while waiting for an HTTP/2 stream" : "while waiting for the HTTP/2 connection";
        }
    }

    /** A connection being opened for one attempt; others may wait for it. */
    private final class Opener implements Connector.Callback {
        private final Host host; // null when the origin cannot speak HTTP/2
        private final Callback callback;
        boolean done; // told the outcome, or aborted

        Opener(Host host, Callback callback) {
            this.host = host;
            this.callback = callback;
        }

        @Override
        public TimingsRecorder timings() {
            return callback.timings();
        }

        @Override
        public void connected(HttpConnection c) {
            done = true;
            pool.adopt(c);
            if (host == null) {
                callback.connected(c);
                return;
            }
            host.connecting--;
            boolean h2 = c instanceof Http2Connection;
            boolean learnedHttp2 = protocols.learned(host.route.origin(), h2);
            ArrayDeque<Waiter> own = new ArrayDeque<>();
            if (h2) {
                host.open++;
                host.maxStreams = c.capacity();
                ((Http2Connection) c).whenMoreRoom(() -> moreRoom(host, c));
            } else {
                // HTTP/1.1 after all: each waiter opens a connection of its own.
                for (Waiter w; (w = take(host)) != null; ) {
                    own.add(w);
                }
            }
            callback.connected(c);
            if (learnedHttp2) {
                multiplexing.accept(host.route.origin());
            }
            for (Waiter w : own) {
                w.opener = opening(connector.connect(host.route, new Opener(null, w.callback)));
            }
            serve(host);
        }

        @Override
        public void connectFailed(ErrorKind kind, String detail, Throwable cause) {
            done = true;
            if (host == null) {
                callback.connectFailed(kind, detail, cause);
                return;
            }
            host.connecting--;
            ArrayDeque<Waiter> failing = new ArrayDeque<>();
            if (host.connecting == 0 && host.open == 0) {
                // What they waited for will not come: they fail as it did.
                for (Waiter w; (w = take(host)) != null; ) {
                    failing.add(w);
                }
            }
            callback.connectFailed(kind, detail, cause);
            for (Waiter w : failing) {
                w.callback.connectFailed(kind, detail, cause);
            }
            serve(host);
        }
    }
}
