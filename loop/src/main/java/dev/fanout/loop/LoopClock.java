package dev.fanout.loop;

/**
 * The time a {@link Loop} keeps: what its timers count down on, and what the code on the loop
 * reads for deadlines and timings. Either the system's ({@link #system()}, the default: the
 * timers are Netty's) or a {@link ManualClock} that a test moves by hand.
 *
 * <p>Like {@link System#nanoTime()}, a reading means nothing alone: only the difference of two
 * readings of one clock does (and may be negative across a wrap, so compare with
 * {@code a - b > 0}, not {@code a > b}).
 *
 * <p>The loop's slow-task warnings, its watchdog and the bound of {@link Loop#close()} stay on
 * real time whatever the clock: they measure the real thread, which a manual clock does not hold.
 *
 * <p>Thread-safe: {@link #nanoTime()} may be called from any thread.
 */
public sealed interface LoopClock permits SystemClock, ManualClock {

    /** Returns the system's clock, {@link System#nanoTime()}. */
    static LoopClock system() {
        return SystemClock.INSTANCE;
    }

    /** Returns the current reading in nanoseconds, from an arbitrary fixed origin. */
    long nanoTime();
}
