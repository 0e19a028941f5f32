package dev.fanout.client.internal;

/**
 * A connection as the {@link ConnectionPool} and the requests that use it see it, whatever its
 * protocol: it carries up to {@link #capacity()} exchanges at once (one over HTTP/1.1; over
 * HTTP/2, the server's maximum of concurrent streams). The pool hands out "a connection to this
 * origin with room for one more exchange", and counts the exchanges it carries in the fields
 * below, which only the pool writes.
 *
 * <p>Loop-confined.
 */
abstract class PooledConnection {

    /** How many exchanges it carries now (counted by the pool). */
    int inUse;
    /** True while the pool lists it as having room. */
    boolean listed;
    /** The loop clock's reading when it last became idle (carrying none). */
    long idleSince;

    /** Returns how it reaches its origin: straight or through a proxy (the pool's key). */
    abstract Route route();

    /** Returns the origin it serves. */
    final Origin origin() {
        return route().origin();
    }

    /** Returns true while it is open. */
    abstract boolean isOpen();

    /** Returns how many exchanges it may carry at once; it has room while it carries fewer. */
    abstract int capacity();

    /** Closes it for {@code reason} (the first reason given is the one logged). */
    abstract void close(ConnectionLog.CloseReason reason);

    /** Returns true when it can take one more exchange now. */
    final boolean hasRoom() {
        return inUse < capacity() && isOpen();
    }

    /** Returns true while it carries no exchange. */
    final boolean isIdle() {
        return inUse == 0;
    }
}
