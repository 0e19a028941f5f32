package dev.fanout.loop;

/**
 * A handle on a timer started by {@link Loop#schedule(Runnable, java.time.Duration)}.
 *
 * <p>Thread-safe: {@link #cancel()} may be called from any thread.
 */
public interface Cancellable {

    /**
     * Cancels the timer if it has not fired yet.
     *
     * @return true if this call stopped the timer; false if it had already fired, was running,
     *     or was cancelled before
     */
    boolean cancel();

    /** Returns true once the timer was cancelled before it fired. */
    boolean isCancelled();
}
