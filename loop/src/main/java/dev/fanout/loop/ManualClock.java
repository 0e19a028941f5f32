package dev.fanout.loop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LoopClock} for tests: its time stands still until the test {@link #advance advances}
 * it, and the timers of the loop built with it fire then, not on the wall clock.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * try (Loop loop = Loop.builder().name("test-loop").clock(clock).start()) {
 *     loop.schedule(() -> System.out.println("fired"), Duration.ofSeconds(30));
 *     clock.advance(Duration.ofSeconds(29)); // nothing fires
 *     clock.advance(Duration.ofSeconds(1));  // "fired", on the loop thread, before advance returns
 * }
 * }</pre>
 *
 * <p>A loop built with a manual clock keeps its timers ({@link Loop#schedule}) on that clock
 * instead of Netty's scheduler. {@link #advance} runs them on the loop thread, in deadline order
 * (timers with the same deadline in the order they were scheduled), moving the time to each
 * one's deadline before it fires, then to the end of the advance: a timer reads its own deadline
 * from {@link Loop#nanoTime()}, and a timer that a timer schedules runs in the same advance when
 * it falls within it. A timer whose deadline is reached already (a zero delay) runs at the next
 * advance. A cancelled timer never runs; the timers still pending when the loop closes never run.
 * Everything else is real: tasks run as soon as the loop gets to them, sockets are real sockets,
 * and the slow-task warnings, the watchdog and {@link Loop#close()}'s bound stay on real time.
 *
 * <p>One clock drives at most one open loop; without a loop, {@link #advance} only moves the
 * time (for code that reads a clock and schedules nothing). The time starts at an arbitrary
 * fixed reading and never wraps.
 *
 * <p>Thread-safe. {@link #advance} called on another thread than the loop's waits until the due
 * timers have run (not for the tasks they hand to the loop), so a test sees their effects when
 * it returns; called on the loop thread, it runs them at once, but not from a timer that an
 * advance runs.
 */
public final class ManualClock implements LoopClock {

    // Not zero: code that marks "not yet" with a zero reading must not mistake the start for it.
    private static final long START_NANOS = Duration.ofHours(1).toNanos();

    private final AtomicLong now = new AtomicLong(START_NANOS);
    private ManualTimers timers; // guarded by this

    /** Creates a clock whose time stands still until {@link #advance} moves it. */
    public ManualClock() {}

    @Override
    public long nanoTime() {
        return now.get();
    }

    /**
     * Moves the time forward by {@code amount}, firing the timers of the clock's loop that fall
     * due on the way, in deadline order, on the loop thread; returns once they have run.
     *
     * @throws IllegalArgumentException if amount is zero or negative
     * @throws IllegalStateException if called from a timer that an advance runs
     */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative() || amount.isZero()) {
            throw new IllegalArgumentException("advance: " + amount + " (expected: > 0)");
        }
        long nanos;
        try {
            nanos = amount.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        ManualTimers driven = driven();
        if (driven == null || !driven.advance(nanos)) {
            moveTo(plus(now.get(), nanos)); // no loop, or a closed one: nothing to fire
        }
    }

    @Override
    public String toString() {
        return "ManualClock(" + Duration.ofNanos(now.get() - START_NANOS) + " advanced)";
    }

    /** Makes this the clock of the loop whose timers {@code loopTimers} keeps. */
    synchronized void drive(Loop loop, ManualTimers loopTimers) {
        if (timers != null && !timers.loop().isClosed()) {
            throw new IllegalStateException("ManualClock already drives loop '"
                    + timers.loop().name() + "' (expected: one open loop per manual clock)");
        }
        timers = loopTimers;
    }

    /** Lets go of the loop whose timers {@code loopTimers} keeps, if it is this clock's. */
    synchronized void release(ManualTimers loopTimers) {
        if (timers == loopTimers) {
            timers = null;
        }
    }

    private synchronized ManualTimers driven() {
        return timers;
    }

    /** Moves the time to {@code nanos}; never back. */
    void moveTo(long nanos) {
        now.accumulateAndGet(nanos, Math::max);
    }

    /** Returns {@code a + b} for a non-negative b, saturated at {@link Long#MAX_VALUE}: the time never wraps. */
    static long plus(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }
}
