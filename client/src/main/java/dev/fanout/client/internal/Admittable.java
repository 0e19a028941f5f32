package dev.fanout.client.internal;

/**
 * What the {@link Dispatcher} admits: a request that waits for, or holds, a slot to its origin.
 * The dispatcher reads no more of it than this.
 */
interface Admittable {

    /** Returns the origin whose per-host limit the request counts against. */
    Origin origin();

    /** Returns true once the request has ended; one that ends while it waits is skipped. */
    boolean isDone();
}
