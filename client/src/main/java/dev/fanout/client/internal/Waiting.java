package dev.fanout.client.internal;

import dev.fanout.loop.Loop;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Bounded waits of a caller's thread for work it handed to the loop, and what to say when the
 * loop did not do it in time. Stateless; called on the caller's thread.
 *
 * <p>On real time ({@link System#nanoTime()}), not the loop's clock: these bound how long a real
 * thread waits, which a manual clock in a test must not stretch into a hang.
 */
final class Waiting {

    private Waiting() {}

    /**
     * Waits for {@code done} at most {@code limit}, through interrupts (the interrupt flag is
     * kept), and returns whether it came.
     */
    public static boolean await(CountDownLatch done, Duration limit) {
        long deadline = System.nanoTime() + Durations.saturatedNanos(limit);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Describes what holds {@code loop}'s thread, for a warning: the task it runs now, if any. */
    public static String whatHolds(Loop loop) {
        return loop.runningTask()
                .map(t -> "its thread has been held by task '" + t.label() + "' for "
                        + t.duration().toMillis() + " ms")
                .orElse("its thread is busy (no task of its own runs now)");
    }
}
