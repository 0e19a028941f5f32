package dev.fanout.loop.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits, with a bound, for something another thread does: polls a condition, or awaits a latch,
 * and fails with a message that says what did not happen.
 */
public final class Await {

    /** How long a test waits for what should happen at once on an idle machine; generous for a busy one. */
    public static final Duration BOUND = Duration.ofSeconds(10);

    private static final long POLL_MILLIS = 5;

    private Await() {}

    /** Polls {@code condition} until it holds; fails, saying {@code what}, once {@link #BOUND} has passed. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, BOUND, condition);
    }

    /** Polls {@code condition} until it holds; fails, saying {@code what}, once {@code bound} has passed. */
    public static void until(String what, Duration bound, BooleanSupplier condition) throws InterruptedException {
        if (!poll(bound, condition)) {
            throw new AssertionError("not " + what + " within " + bound.toMillis() + " ms");
        }
    }

    /**
     * Polls {@code value} until {@code done} accepts it or {@link #BOUND} has passed, and returns its
     * last value: for a caller whose assertion on that value makes the better failure message.
     */
    public static <T> T value(Supplier<T> value, Predicate<T> done) throws InterruptedException {
        T last = value.get();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            last = value.get();
        }
        return last;
    }

    /** Awaits {@code latch} for {@link #BOUND}; fails, saying {@code what}, if it is not down by then. */
    public static void latch(String what, CountDownLatch latch) throws InterruptedException {
        latch(what, BOUND, latch);
    }

    /** Awaits {@code latch} for {@code bound}; fails, saying {@code what}, if it is not down by then. */
    public static void latch(String what, Duration bound, CountDownLatch latch) throws InterruptedException {
        if (!latch.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(
                    "not " + what + " within " + bound.toMillis() + " ms (" + latch.getCount() + " count(s) left)");
        }
    }

    private static boolean poll(Duration bound, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
