package dev.fanout.client.internal;

import java.util.concurrent.TimeUnit;

/**
 * How much one loop task of the client's own may do before it hands the rest to a later task:
 * at most a number of items (requests admitted, connections opened or closed, exchanges
 * cancelled) or about {@value #MAX_MILLIS} ms, whichever comes first, and always at least one
 * item. No one task of a batch of ten thousand holds the loop for long, and the loop's slow-task
 * warning stays for the user's code.
 *
 * <p>The later task is offered with {@code Loop.execute}, and Netty runs the tasks in its queue,
 * those offered while it runs them included, for up to a second before it next polls for I/O and
 * takes the due timers: the pieces of a large batch run back to back, not with reads and writes
 * in between. Handing each piece on after the next poll instead (a zero-delay Netty timer) was
 * tried and measured: it made fresh batches of 5,000 slower (bench/README.md, "I/O between the
 * pieces").
 *
 * <p>On real time ({@link System#nanoTime()}), not the loop's clock: the budget bounds how long
 * the task holds the real thread, like the loop's slow-task timing.
 *
 * <p>One per task; loop-confined.
 */
final class TaskBudget {

    /** The items one task does at most unless told otherwise. */
    public static final int DEFAULT_MAX_ITEMS = 256;

    /**
     * The time after which a task stops taking more items: far under the loop's 100 ms slow-task
     * threshold, even for a thread that the OS preempts in between.
     */
    static final long MAX_MILLIS = 5;

    private static final long MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS);

    private final int maxItems;
    private final long start = System.nanoTime();
    private int spent;

    /** Starts the budget of a task that does at most {@value #DEFAULT_MAX_ITEMS} items. */
    public TaskBudget() {
        this(DEFAULT_MAX_ITEMS);
    }

    /** Starts the budget of a task that does at most {@code maxItems} items. */
    public TaskBudget(int maxItems) {
        this.maxItems = maxItems;
    }

    /** Returns true while the task may take one more item. */
    public boolean hasRoom() {
        return spent == 0 || (spent < maxItems && System.nanoTime() - start < MAX_NANOS);
    }

    /** Counts one item done. */
    public void spend() {
        spent++;
    }
}
